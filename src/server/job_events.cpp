// Job progress as SSE: a pull-based producer over JobRunner::snapshot. Polling the snapshot on
// the transport's timer (rather than blocking in wait_for_change) keeps the server's few threads
// free while a job runs; a snapshot is a short critical section and a small copy.
#include "server/job_events.h"

#include <nlohmann/json.hpp>

#include "server/app.h"

namespace pvf::server {
namespace {

// As Response::json: invalid UTF-8 in a job's message must not throw inside the transport.
std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Response job_events(JobRunner& runner, const std::string& id,
                    std::chrono::milliseconds poll_interval) {
  if (!runner.snapshot(id)) return error_response(Error::not_found("no such job: '" + id + "'"));
  auto next = [&runner, id, last_version = uint64_t{0}]() mutable -> StreamChunk {
    auto snap = runner.snapshot(id);
    if (!snap) {
      const nlohmann::json body = {{"error",
                                    {{"code", "not_found"},
                                     {"message", "the job is no longer kept"},
                                     {"details", nlohmann::json::array()}}}};
      return {sse_event("error", dump(body)), true};
    }
    if (is_finished(snap->status)) return {sse_event("done", dump(snap->to_json())), true};
    if (snap->version == last_version) return {};
    last_version = snap->version;
    nlohmann::json json = snap->to_json();
    const nlohmann::json progress = {{"status", json["status"]},
                                     {"done", json["done"]},
                                     {"total", json["total"]},
                                     {"fraction", json["fraction"]},
                                     {"message", json["message"]}};
    return {sse_event("progress", dump(progress)), false};
  };
  return Response::event_stream(std::move(next), poll_interval);
}

}  // namespace pvf::server
