// The job runner: one mutex guards the job table and the queue; workers take the mutex only to
// pick up a job and to record its end, never while the work runs. Progress reports are throttled
// in the JobContext (its own small mutex) so a tight loop of report() calls rarely touches the
// runner's mutex and wakes waiters at most once per report_interval.
#include "server/jobs.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <exception>

#include "core/crypto.h"

namespace pvf::server {

struct JobContext::Job {
  JobSnapshot snap;  // guarded by JobRunner::mutex_
  uint64_t sequence = 0;
  JobWork work;  // moved out by the worker that runs it
  std::atomic<bool> stop{false};
  std::chrono::steady_clock::time_point finished_at{};
};

namespace {

std::string iso_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm t{};
  gmtime_r(&now, &t);
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &t);
  return std::string(buf, n);
}

nlohmann::json error_json(const Error& e) {
  nlohmann::json details = nlohmann::json::array();
  for (const auto& d : e.details) details.push_back({{"where", d.where}, {"message", d.message}});
  if (details.empty() && !e.where.empty())
    details.push_back({{"where", e.where}, {"message", e.message}});
  std::string message = e.message;
  // As in API error bodies: internal details (SQL, file paths) stay in the server.
  if (e.code == ErrorCode::internal || e.code == ErrorCode::io_error) {
    message = e.code == ErrorCode::internal ? "internal error" : "the database is unavailable";
    details = nlohmann::json::array();
  }
  return {{"code", to_string(e.code)}, {"message", std::move(message)}, {"details", details}};
}

nlohmann::json optional_text(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

const char* to_string(JobStatus status) {
  switch (status) {
    case JobStatus::queued:
      return "queued";
    case JobStatus::running:
      return "running";
    case JobStatus::succeeded:
      return "succeeded";
    case JobStatus::failed:
      return "failed";
    case JobStatus::cancelled:
      return "cancelled";
  }
  return "failed";
}

bool is_finished(JobStatus status) {
  return status == JobStatus::succeeded || status == JobStatus::failed ||
         status == JobStatus::cancelled;
}

nlohmann::json JobSnapshot::to_json() const {
  nlohmann::json out = {
      {"id", id},
      {"kind", kind},
      {"owner_user_id", owner_user_id},
      {"status", to_string(status)},
      {"done", done},
      {"total", total},
      {"fraction", total > 0
                       ? nlohmann::json(static_cast<double>(done) / static_cast<double>(total))
                       : nlohmann::json(nullptr)},
      {"message", message},
      {"cancel_requested", cancel_requested},
      {"created_at", created_at},
      {"started_at", optional_text(started_at)},
      {"finished_at", optional_text(finished_at)},
  };
  if (result) out["result"] = *result;
  if (error) out["error"] = error_json(*error);
  return out;
}

// --- JobContext ---

JobContext::JobContext(JobRunner& runner, std::shared_ptr<Job> job)
    : runner_(runner), job_(std::move(job)) {}

void JobContext::report(uint64_t done, uint64_t total, std::string_view message) {
  std::string to_publish;
  {
    std::lock_guard lock(mutex_);
    done_ = done;
    total_ = total;
    if (message != message_) message_.assign(message.data(), message.size());
    reported_ = true;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_publish_ < runner_.options_.report_interval) return;
    last_publish_ = now;
    to_publish = message_;
  }
  // Outside our lock: the runner's mutex is never taken while holding a context's.
  runner_.publish_progress(*job_, done, total, std::move(to_publish));
}

bool JobContext::stop_requested() const { return job_->stop.load(std::memory_order_relaxed); }

// --- JobRunner ---

JobRunner::JobRunner(JobRunnerOptions options) : options_(options) {
  (void)crypto::crypto_init();  // idempotent; job ids need the random generator
  const int n = options_.workers > 0 ? options_.workers : 1;
  threads_.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { run_worker(); });
}

JobRunner::~JobRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, job] : jobs_) job->stop.store(true, std::memory_order_relaxed);
    while (!queue_.empty()) {
      auto job = std::move(queue_.front());
      queue_.pop_front();
      finish_locked(*job, fail(Error::cancelled("the server shut down before the job ran")));
    }
  }
  work_cv_.notify_all();
  changed_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

Result<std::string> JobRunner::submit(std::string kind, int64_t owner_user_id, JobWork work) {
  auto job = std::make_shared<Job>();
  job->snap.id = crypto::random_token();
  job->snap.kind = std::move(kind);
  job->snap.owner_user_id = owner_user_id;
  job->snap.created_at = iso_now();
  job->work = std::move(work);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return fail(Error::conflict("the server is shutting down: try again later"));
    if (queue_.size() >= options_.max_queued)
      return fail(Error::conflict("too many jobs are waiting to run: try again later"));
    prune_locked();
    job->sequence = next_sequence_++;
    job->snap.version = 1;
    jobs_.emplace(job->snap.id, job);
    queue_.push_back(job);
  }
  work_cv_.notify_one();
  return job->snap.id;
}

std::optional<JobSnapshot> JobRunner::snapshot(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->snap;
}

Result<JobSnapshot> JobRunner::cancel(const std::string& id) {
  std::unique_lock lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return fail(Error::not_found("no such job: '" + id + "'"));
  Job& job = *it->second;
  if (is_finished(job.snap.status))
    return fail(Error::conflict("the job has already " + std::string(to_string(job.snap.status))));
  if (job.snap.status == JobStatus::queued) {
    for (auto q = queue_.begin(); q != queue_.end(); ++q) {
      if (q->get() == &job) {
        queue_.erase(q);
        break;
      }
    }
    job.snap.cancel_requested = true;
    finish_locked(job, fail(Error::cancelled("the job was cancelled before it started")));
  } else if (!job.snap.cancel_requested) {
    job.stop.store(true, std::memory_order_relaxed);
    job.snap.cancel_requested = true;
    ++job.snap.version;
  }
  JobSnapshot out = job.snap;
  lock.unlock();
  changed_cv_.notify_all();
  return out;
}

std::optional<JobSnapshot> JobRunner::wait_for_change(const std::string& id, uint64_t last_version,
                                                      std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_cv_.wait_for(lock, timeout, [&] {
    auto it = jobs_.find(id);
    return it == jobs_.end() || stopping_ || it->second->snap.version != last_version;
  });
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->snap;
}

std::vector<JobSnapshot> JobRunner::list(int64_t owner_user_id) const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<uint64_t, const Job*>> mine;
  for (const auto& [id, job] : jobs_) {
    if (job->snap.owner_user_id == owner_user_id) mine.emplace_back(job->sequence, job.get());
  }
  std::sort(mine.begin(), mine.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<JobSnapshot> out;
  out.reserve(mine.size());
  for (const auto& [seq, job] : mine) out.push_back(job->snap);
  return out;
}

void JobRunner::run_worker() {
  while (true) {
    std::shared_ptr<Job> job;
    JobWork work;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // the destructor has cancelled whatever was queued
      job = std::move(queue_.front());
      queue_.pop_front();
      work = std::move(job->work);
      job->snap.status = JobStatus::running;
      job->snap.started_at = iso_now();
      ++job->snap.version;
    }
    changed_cv_.notify_all();

    JobContext context(*this, job);
    Result<nlohmann::json> outcome = fail(Error::internal("the job did not run"));
    try {
      outcome = work(context);
    } catch (const std::exception& e) {
      outcome = fail(Error::internal(std::string("the job failed: ") + e.what()));
    } catch (...) {
      outcome = fail(Error::internal("the job failed"));
    }
    work = nullptr;  // release what the work captured before the job is seen as finished

    uint64_t done = 0, total = 0;
    std::string message;
    bool reported = false;
    {
      std::lock_guard lock(context.mutex_);
      done = context.done_;
      total = context.total_;
      message = std::move(context.message_);
      reported = context.reported_;
    }
    {
      std::lock_guard lock(mutex_);
      if (reported) {
        job->snap.done = done;
        job->snap.total = total;
        job->snap.message = std::move(message);
      }
      finish_locked(*job, std::move(outcome));
    }
    changed_cv_.notify_all();
  }
}

void JobRunner::publish_progress(Job& job, uint64_t done, uint64_t total, std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (job.snap.status != JobStatus::running) return;
    job.snap.done = done;
    job.snap.total = total;
    job.snap.message = std::move(message);
    ++job.snap.version;
  }
  changed_cv_.notify_all();
}

void JobRunner::finish_locked(Job& job, Result<nlohmann::json> outcome) {
  if (outcome) {
    job.snap.status = JobStatus::succeeded;
    job.snap.result = std::move(*outcome);
  } else {
    job.snap.status =
        outcome.error().code == ErrorCode::cancelled ? JobStatus::cancelled : JobStatus::failed;
    job.snap.error = std::move(outcome.error());
  }
  job.snap.finished_at = iso_now();
  job.finished_at = std::chrono::steady_clock::now();
  ++job.snap.version;
  finished_.push_back(job.snap.id);
  prune_locked();
}

void JobRunner::prune_locked() {
  const auto now = std::chrono::steady_clock::now();
  while (!finished_.empty()) {
    auto it = jobs_.find(finished_.front());
    const bool expired = it == jobs_.end() || finished_.size() > options_.keep_finished ||
                         now - it->second->finished_at > options_.keep_for;
    if (!expired) break;
    if (it != jobs_.end()) jobs_.erase(it);
    finished_.pop_front();
  }
}

}  // namespace pvf::server
