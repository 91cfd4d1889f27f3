#include "server/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

namespace pvf::server {
namespace {

using namespace std::chrono_literals;

// Waits (without sleeping in a loop) until the job has finished; fails the test after 10 s.
JobSnapshot wait_finished(const JobRunner& runner, const std::string& id) {
  uint64_t version = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto snap = runner.wait_for_change(id, version, 1s);
    if (!snap) break;
    if (is_finished(snap->status)) return *snap;
    version = snap->version;
  }
  ADD_FAILURE() << "job " << id << " did not finish";
  return {};
}

// Blocks a worker until released, so tests can hold jobs in the queue.
struct Gate {
  std::promise<void> opened;
  std::shared_future<void> future = opened.get_future().share();
  JobWork work() {
    return [f = future](JobContext&) -> Result<nlohmann::json> {
      f.wait();
      return nlohmann::json("gate");
    };
  }
};

TEST(Jobs, RunsWorkToSuccessWithProgressResultAndTimes) {
  JobRunner runner;
  auto id = runner.submit("test", 7, [](JobContext& ctx) -> Result<nlohmann::json> {
    for (int i = 1; i <= 1000; ++i) ctx.report(static_cast<uint64_t>(i), 1000, "step");
    return nlohmann::json{{"answer", 42}};
  });
  ASSERT_TRUE(id.has_value());
  auto snap = wait_finished(runner, *id);
  EXPECT_EQ(snap.status, JobStatus::succeeded);
  EXPECT_EQ(snap.kind, "test");
  EXPECT_EQ(snap.owner_user_id, 7);
  EXPECT_EQ(snap.done, 1000u);  // the last report is kept even when throttled
  EXPECT_EQ(snap.total, 1000u);
  EXPECT_EQ(snap.message, "step");
  ASSERT_TRUE(snap.result.has_value());
  EXPECT_EQ((*snap.result)["answer"], 42);
  EXPECT_FALSE(snap.error.has_value());
  EXPECT_EQ(snap.created_at.size(), 20u);  // 2026-11-24T08:14:30Z
  EXPECT_EQ(snap.created_at.back(), 'Z');
  EXPECT_FALSE(snap.started_at.empty());
  EXPECT_FALSE(snap.finished_at.empty());

  auto json = snap.to_json();
  EXPECT_EQ(json["status"], "succeeded");
  EXPECT_DOUBLE_EQ(json["fraction"].get<double>(), 1.0);
  EXPECT_EQ(json["result"]["answer"], 42);
  EXPECT_FALSE(json.contains("error"));
}

TEST(Jobs, IdsAreLongRandomAndUrlSafe) {
  JobRunner runner;
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto id = runner.submit("t", 1, [](JobContext&) -> Result<nlohmann::json> { return {}; });
    ASSERT_TRUE(id.has_value());
    EXPECT_GE(id->size(), 40u);
    EXPECT_EQ(id->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "0123456789-_"),
              std::string::npos);
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_FALSE(runner.snapshot("no-such-job").has_value());
}

TEST(Jobs, RunsQueuedJobsInOrderOnOneWorker) {
  JobRunner runner;
  Gate gate;
  auto first = runner.submit("gate", 1, gate.work());
  std::mutex m;
  std::vector<int> order;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto id = runner.submit("t", 1, [&, i](JobContext&) -> Result<nlohmann::json> {
      std::lock_guard lock(m);
      order.push_back(i);
      return nlohmann::json(i);
    });
    ASSERT_TRUE(id.has_value());
    ids.push_back(*id);
  }
  EXPECT_EQ(runner.snapshot(ids.back())->status, JobStatus::queued);
  gate.opened.set_value();
  for (const auto& id : ids) EXPECT_EQ(wait_finished(runner, id).status, JobStatus::succeeded);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(runner.list(1).front().id, ids.back());  // newest first
  EXPECT_EQ(runner.list(1).size(), 6u);
  EXPECT_TRUE(runner.list(2).empty());
  (void)first;
}

TEST(Jobs, CancellingAQueuedJobMeansItNeverRuns) {
  JobRunner runner;
  Gate gate;
  ASSERT_TRUE(runner.submit("gate", 1, gate.work()).has_value());
  std::atomic<bool> ran{false};
  auto id = runner.submit("t", 1, [&](JobContext&) -> Result<nlohmann::json> {
    ran = true;
    return {};
  });
  ASSERT_TRUE(id.has_value());
  auto cancelled = runner.cancel(*id);
  ASSERT_TRUE(cancelled.has_value());
  EXPECT_EQ(cancelled->status, JobStatus::cancelled);
  ASSERT_TRUE(cancelled->error.has_value());
  EXPECT_EQ(cancelled->error->code, ErrorCode::cancelled);
  EXPECT_EQ(cancelled->to_json()["error"]["code"], "cancelled");
  gate.opened.set_value();
  auto again = runner.cancel(*id);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(runner.cancel("nope").error().code, ErrorCode::not_found);
  // A job submitted after the gate runs, so the cancelled one was skipped, not just late.
  auto after = runner.submit("t", 1, [](JobContext&) -> Result<nlohmann::json> { return {}; });
  EXPECT_EQ(wait_finished(runner, *after).status, JobStatus::succeeded);
  EXPECT_FALSE(ran.load());
}

TEST(Jobs, CancellingARunningJobStopsItsWork) {
  JobRunner runner;
  std::promise<void> started;
  auto id = runner.submit("loop", 1, [&](JobContext& ctx) -> Result<nlohmann::json> {
    started.set_value();
    while (!ctx.stop_requested()) std::this_thread::sleep_for(1ms);
    return fail(Error::cancelled("stopped on request"));
  });
  ASSERT_TRUE(id.has_value());
  started.get_future().wait();
  auto requested = runner.cancel(*id);
  ASSERT_TRUE(requested.has_value());
  EXPECT_TRUE(requested->cancel_requested);
  auto snap = wait_finished(runner, *id);
  EXPECT_EQ(snap.status, JobStatus::cancelled);
  EXPECT_EQ(snap.error->message, "stopped on request");
}

TEST(Jobs, FailuresAndExceptionsFailTheJob) {
  JobRunner runner;
  auto bad = runner.submit("t", 1, [](JobContext&) -> Result<nlohmann::json> {
    Error e = Error::invalid("the frontier is empty", "inputs.csv:3:cost");
    return fail(e);
  });
  auto threw = runner.submit("t", 1, [](JobContext&) -> Result<nlohmann::json> {
    throw std::runtime_error("secret path /var/db");
  });
  auto b = wait_finished(runner, *bad);
  EXPECT_EQ(b.status, JobStatus::failed);
  auto json = b.to_json();
  EXPECT_EQ(json["error"]["code"], "invalid_input");
  EXPECT_EQ(json["error"]["details"][0]["where"], "inputs.csv:3:cost");
  EXPECT_FALSE(json.contains("result"));
  auto t = wait_finished(runner, *threw);
  EXPECT_EQ(t.status, JobStatus::failed);
  EXPECT_EQ(t.error->code, ErrorCode::internal);
  EXPECT_EQ(t.to_json()["error"]["message"], "internal error");  // no leak of the exception text
}

TEST(Jobs, WaitForChangeWakesOnProgressAndTimesOut) {
  JobRunnerOptions options;
  options.report_interval = 0ms;
  JobRunner runner(options);
  std::promise<void> step;
  std::shared_future<void> step_f = step.get_future().share();
  auto id = runner.submit("t", 1, [step_f](JobContext& ctx) -> Result<nlohmann::json> {
    step_f.wait();
    ctx.report(1, 2, "half");
    while (!ctx.stop_requested()) std::this_thread::sleep_for(1ms);
    return fail(Error::cancelled("stop"));
  });
  ASSERT_TRUE(id.has_value());
  auto first = runner.wait_for_change(*id, 0, 0ms);
  ASSERT_TRUE(first.has_value());
  uint64_t v = first->version;
  // Wait until it is running, then for the progress report.
  while (true) {
    auto s = runner.wait_for_change(*id, v, 5s);
    ASSERT_TRUE(s.has_value());
    v = s->version;
    if (s->status == JobStatus::running) break;
  }
  auto timed_out = runner.wait_for_change(*id, v, 20ms);
  ASSERT_TRUE(timed_out.has_value());
  EXPECT_EQ(timed_out->version, v);
  step.set_value();
  auto progressed = runner.wait_for_change(*id, v, 5s);
  ASSERT_TRUE(progressed.has_value());
  EXPECT_EQ(progressed->done, 1u);
  EXPECT_EQ(progressed->total, 2u);
  EXPECT_EQ(progressed->message, "half");
  EXPECT_DOUBLE_EQ(progressed->to_json()["fraction"].get<double>(), 0.5);
  ASSERT_TRUE(runner.cancel(*id).has_value());
  EXPECT_EQ(wait_finished(runner, *id).status, JobStatus::cancelled);
}

TEST(Jobs, KeepsOnlyTheNewestFinishedJobs) {
  JobRunnerOptions options;
  options.keep_finished = 2;
  JobRunner runner(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto id = runner.submit("t", 1, [](JobContext&) -> Result<nlohmann::json> { return {}; });
    ids.push_back(*id);
    wait_finished(runner, *id);
  }
  EXPECT_FALSE(runner.snapshot(ids[0]).has_value());
  EXPECT_FALSE(runner.snapshot(ids[1]).has_value());
  EXPECT_TRUE(runner.snapshot(ids[2]).has_value());
  EXPECT_TRUE(runner.snapshot(ids[3]).has_value());
}

TEST(Jobs, DropsFinishedJobsAfterTheirTime) {
  JobRunnerOptions options;
  options.keep_for = 0s;
  JobRunner runner(options);
  auto id = runner.submit("t", 1, [](JobContext&) -> Result<nlohmann::json> { return {}; });
  ASSERT_TRUE(id.has_value());
  auto gone = [&] { return !runner.snapshot(*id).has_value(); };
  for (int i = 0; i < 1000 && !gone(); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(gone());
}

TEST(Jobs, FullQueueRefusesNewJobs) {
  JobRunnerOptions options;
  options.max_queued = 2;
  JobRunner runner(options);
  Gate gate;
  std::promise<void> started;
  ASSERT_TRUE(runner
                  .submit("gate", 1,
                          [&, f = gate.future](JobContext&) -> Result<nlohmann::json> {
                            started.set_value();
                            f.wait();
                            return {};
                          })
                  .has_value());
  started.get_future().wait();  // the gate job is running, not queued
  ASSERT_TRUE(runner.submit("t", 1, gate.work()).has_value());
  ASSERT_TRUE(runner.submit("t", 1, gate.work()).has_value());
  auto refused = runner.submit("t", 1, gate.work());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  gate.opened.set_value();
}

TEST(Jobs, DestructorStopsRunningWorkAndCancelsQueuedJobs) {
  std::atomic<bool> stopped{false};
  std::promise<void> started;
  {
    JobRunnerOptions options;
    options.workers = 2;
    JobRunner runner(options);
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(runner
                      .submit("loop", 1,
                              [&, i](JobContext& ctx) -> Result<nlohmann::json> {
                                if (i == 0) started.set_value();
                                while (!ctx.stop_requested()) std::this_thread::sleep_for(1ms);
                                if (i == 0) stopped = true;
                                return fail(Error::cancelled("shutdown"));
                              })
                      .has_value());
    }
    ASSERT_TRUE(runner.submit("queued", 1, [](JobContext&) -> Result<nlohmann::json> { return {}; })
                    .has_value());
    started.get_future().wait();
  }
  EXPECT_TRUE(stopped.load());
}

}  // namespace
}  // namespace pvf::server
