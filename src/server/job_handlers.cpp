// /api/v1/jobs/{id}: a job's state, cancelling it, and its progress as Server-Sent Events.
// A job belongs to the user who started it: to anyone else it does not exist (404), so job ids
// leak nothing about other users' work.
#include "server/job_events.h"
#include "server/jobs.h"
#include "server/routes.h"

namespace pvf::server {
namespace {

// The job when the signed-in user owns it.
std::optional<JobSnapshot> own_job(JobRunner& jobs, const Request& req, const RequestContext& ctx) {
  auto id = req.param("id");
  if (!id || !ctx.user) return std::nullopt;
  auto snap = jobs.snapshot(*id);
  if (!snap || snap->owner_user_id != ctx.user->id) return std::nullopt;
  return snap;
}

Response no_such_job(const Request& req) {
  return error_response(Error::not_found(std::string("no such job: '") + req.param("id").value_or("") + "'"));
}

}  // namespace

Response accept_job(JobRunner& jobs, std::string kind, int64_t owner_user_id, JobWork work) {
  auto id = jobs.submit(std::move(kind), owner_user_id, std::move(work));
  if (!id) return error_response(id.error());
  auto snap = jobs.snapshot(*id);
  if (!snap) return error_response(Error::internal("the job vanished"));
  Response r = Response::json(202, snap->to_json());
  r.set_header("Location", "/api/v1/jobs/" + *id);
  return r;
}

Error rooted(Error e) {
  auto root = [](std::string& where) {
    if (!where.empty() && where.rfind("$", 0) != 0) where = "$." + where;
  };
  root(e.where);
  for (auto& d : e.details) root(d.where);
  return e;
}

void add_job_routes(const AddRoute& add, JobRunner& jobs) {
  const Access any = Access::any_signed_in();
  add("GET", "/api/v1/jobs/{id}", any, [&jobs](Request& req, RequestContext& ctx) {
    auto snap = own_job(jobs, req, ctx);
    if (!snap) return no_such_job(req);
    return Response::json(200, snap->to_json());
  });
  add("DELETE", "/api/v1/jobs/{id}", any, [&jobs](Request& req, RequestContext& ctx) {
    auto snap = own_job(jobs, req, ctx);
    if (!snap) return no_such_job(req);
    auto cancelled = jobs.cancel(snap->id);
    if (!cancelled) return error_response(cancelled.error());
    return Response::json(202, cancelled->to_json());
  });
  add("GET", "/api/v1/jobs/{id}/events", any, [&jobs](Request& req, RequestContext& ctx) {
    auto snap = own_job(jobs, req, ctx);
    if (!snap) return no_such_job(req);
    return job_events(jobs, snap->id);
  });
}

}  // namespace pvf::server
