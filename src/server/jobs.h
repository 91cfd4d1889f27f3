// Long work as jobs: a JobRunner (one per App) queues work, runs it FIFO on a small fixed pool of
// worker threads, tracks progress and status, and lets callers cancel it and wait for changes.
// The HTTP layer exposes a job at /api/v1/jobs/{id} and streams its progress as Server-Sent Events.
//
// Life of a job: queued -> running -> succeeded | failed | cancelled. A queued job that is
// cancelled never runs; a running job that is cancelled keeps running until its work notices
// JobContext::stop_requested() and returns Error::cancelled (work that finishes anyway succeeds).
//
// Retention: finished jobs stay visible for JobRunnerOptions::keep_for (default 1 hour) and at most
// keep_finished of them (default 200, oldest dropped first); then snapshot() answers nullopt, as
// for an id that never existed.
//
// Thread-safety: every member function may be called from any thread. The destructor cancels
// queued jobs, asks running work to stop, and joins the workers, so work must honour
// stop_requested() promptly. Nothing here throws; work that throws fails its job.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace pvf::server {

enum class JobStatus { queued, running, succeeded, failed, cancelled };

const char* to_string(JobStatus status);  // "queued", "running", ...
bool is_finished(JobStatus status);       // succeeded, failed or cancelled

// A job as seen from outside at one moment: a plain value, safe to keep and copy.
struct JobSnapshot {
  std::string id;  // random and unguessable (it appears in URLs): 43 URL-safe characters
  std::string kind;
  int64_t owner_user_id = 0;
  JobStatus status = JobStatus::queued;
  uint64_t done = 0;  // progress as last reported (throttled: may lag the work a little)
  uint64_t total = 0;
  std::string message;
  bool cancel_requested = false;
  std::string created_at;                // ISO 8601 UTC, "2026-11-24T08:14:30Z"
  std::string started_at;                // empty until running
  std::string finished_at;               // empty until finished
  std::optional<nlohmann::json> result;  // when succeeded
  std::optional<Error> error;            // when failed or cancelled (code "cancelled")
  uint64_t version = 0;  // grows with every visible change; see JobRunner::wait_for_change

  // {"id","kind","owner_user_id","status","done","total","fraction","message","cancel_requested",
  //  "created_at","started_at","finished_at","result"?,"error"?:{"code","message","details"}}.
  // started_at/finished_at are null until set; fraction is done/total, or null when total is 0.
  // Internal and I/O error messages are replaced by a plain one, as in API error bodies.
  nlohmann::json to_json() const;
};

class JobRunner;

// What running work sees. Passed by reference to the work; valid only during that call.
class JobContext {
 public:
  // Records progress. Cheap and thread-safe: the latest values are always kept, but waiters are
  // woken at most once per JobRunnerOptions::report_interval, so calling this per item is fine.
  void report(uint64_t done, uint64_t total, std::string_view message = {});
  // True once the job was cancelled or the runner is shutting down: return Error::cancelled soon.
  bool stop_requested() const;

 private:
  friend class JobRunner;
  struct Job;
  JobContext(JobRunner& runner, std::shared_ptr<Job> job);
  JobRunner& runner_;
  std::shared_ptr<Job> job_;
  std::mutex mutex_;  // guards the fields below
  std::chrono::steady_clock::time_point last_publish_{};
  uint64_t done_ = 0;  // the latest report, published or not
  uint64_t total_ = 0;
  std::string message_;
  bool reported_ = false;
};

using JobWork = std::function<Result<nlohmann::json>(JobContext&)>;

struct JobRunnerOptions {
  int workers = 1;                                 // jobs running at once
  size_t max_queued = 100;                         // submit fails with conflict beyond this
  size_t keep_finished = 200;                      // finished jobs kept, newest first
  std::chrono::seconds keep_for{3600};             // and for at most this long after finishing
  std::chrono::milliseconds report_interval{100};  // report() wakes waiters at most this often
};

class JobRunner {
 public:
  explicit JobRunner(JobRunnerOptions options = {});
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Queues work and returns the new job's id. Fails with conflict when the queue is full or the
  // runner is shutting down. `work` runs on a worker thread; what it captures must outlive it.
  Result<std::string> submit(std::string kind, int64_t owner_user_id, JobWork work);

  // nullopt when there is no such job (never existed, or finished and dropped).
  std::optional<JobSnapshot> snapshot(const std::string& id) const;

  // Queued: cancelled at once. Running: asked to stop (status changes when the work returns).
  // Returns the snapshot after the request; not_found for an unknown id, conflict when finished.
  Result<JobSnapshot> cancel(const std::string& id);

  // Blocks until the job's version differs from `last_version`, the timeout passes, or the runner
  // shuts down; returns the current snapshot (nullopt if the job is unknown or was dropped).
  // Pass version 0 to get the current snapshot at once.
  std::optional<JobSnapshot> wait_for_change(const std::string& id, uint64_t last_version,
                                             std::chrono::milliseconds timeout) const;

  // Jobs of one owner, newest first (finished ones only while retained).
  std::vector<JobSnapshot> list(int64_t owner_user_id) const;

 private:
  friend class JobContext;
  using Job = JobContext::Job;

  void run_worker();
  void publish_progress(Job& job, uint64_t done, uint64_t total, std::string message);
  void finish_locked(Job& job, Result<nlohmann::json> outcome);
  void prune_locked();

  JobRunnerOptions options_;
  mutable std::mutex mutex_;  // guards everything below and every Job's mutable fields
  mutable std::condition_variable work_cv_;     // a job was queued, or shutdown
  mutable std::condition_variable changed_cv_;  // some job changed
  bool stopping_ = false;
  uint64_t next_sequence_ = 1;
  std::unordered_map<std::string, std::shared_ptr<Job>> jobs_;
  std::deque<std::shared_ptr<Job>> queue_;  // FIFO of queued jobs
  std::deque<std::string> finished_;        // ids in finishing order, for retention
  std::vector<std::thread> threads_;        // last: started after everything above exists
};

}  // namespace pvf::server
