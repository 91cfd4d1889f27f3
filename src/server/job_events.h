// A job's progress as Server-Sent Events, for GET /api/v1/jobs/{id}/events.
//
// The stream sends `event: progress` with {"status","done","total","fraction","message"} whenever
// the job has changed since the last event (at once on connecting, then at most once per poll),
// and ends with one `event: done` carrying the whole final snapshot (JobSnapshot::to_json), after
// which the response is complete. If the job disappears mid-stream (dropped after its retention
// time) the stream ends with `event: error` and an API error body. The caller checks that the
// user may see the job; this only streams it.
#pragma once

#include <chrono>
#include <string>

#include "server/http.h"
#include "server/jobs.h"

namespace pvf::server {

// 404 (API error body) for an unknown job; otherwise a 200 event stream. `runner` must outlive
// the response: the HttpServer must be stopped before the JobRunner (the App) is destroyed.
Response job_events(JobRunner& runner, const std::string& id,
                    std::chrono::milliseconds poll_interval = Response::kDefaultPollInterval);

}  // namespace pvf::server
