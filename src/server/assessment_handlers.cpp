#include <algorithm>
#include <cstdint>

#include "framework/workflow.h"
#include "server/assessment_view.h"
#include "server/json_body.h"
#include "server/routes.h"
#include "store/repositories.h"

namespace pvf::server {

bool acts_for_body(const store::Actor& actor, int64_t body_id) {
  if (actor.role != Role::body_lead && actor.role != Role::assessor) return true;
  return actor.body_id && *actor.body_id == body_id;
}

Result<nlohmann::json> assessment_detail(RequestContext& ctx, const store::Assessment& a) {
  auto ratings = store::list_ratings(ctx.db, a.id);
  if (!ratings) return fail(ratings.error());
  auto history = store::list_transitions(ctx.db, a.id);
  if (!history) return fail(history.error());
  nlohmann::json j = store::to_json(a);
  j["ratings"] = nlohmann::json::array();
  for (const auto& r : *ratings) j["ratings"].push_back(store::to_json(r));
  j["history"] = nlohmann::json::array();
  for (const auto& t : *history) j["history"].push_back(store::to_json(t));
  j["editable"] = framework::is_editable(a.status);
  j["allowed_transitions"] = nlohmann::json::array();
  if (acts_for_body(ctx.actor, a.body_id))
    for (auto s : framework::next_statuses(a.status, ctx.actor.role))
      j["allowed_transitions"].push_back(std::string(framework::to_string(s)));
  return j;
}

void add_assessment_routes(const AddRoute& add) {
  add("GET", "/api/v1/assessments", Access::any_signed_in(), [](Request& req, RequestContext& ctx) {
    store::AssessmentFilter f;
    Error bad = Error::invalid("the query has invalid parameters");
    auto read_int = [&](const char* name, std::optional<int64_t>& out) {
      auto v = query_int(req.query_param(name), name);
      if (!v) bad.details.push_back({name, v.error().message});
      else out = *v;
    };
    read_int("body_id", f.body_id);
    read_int("framework_id", f.framework_id);
    read_int("cursor", f.after_id);
    std::optional<int64_t> limit;
    read_int("limit", limit);
    if (limit) f.limit = static_cast<int>(std::clamp<int64_t>(*limit, 1, 1000));
    if (auto p = req.query_param("period"); p && !p->empty()) f.period = *p;
    if (auto s = req.query_param("status"); s && !s->empty()) {
      f.status = framework::parse_status(*s);
      if (!f.status)
        bad.details.push_back({"status", "status must be draft, submitted, returned or agreed"});
    }
    if (!bad.details.empty()) {
      bad.where = bad.details.front().where;
      return error_response(bad);
    }
    auto list = store::list_assessments(ctx.db, f);
    if (!list) return error_response(list.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : *list) items.push_back(store::to_json(a));
    nlohmann::json next = nullptr;
    if (static_cast<int>(list->size()) == f.limit && !list->empty())
      next = std::to_string(list->back().id);
    return Response::json(200, {{"items", items}, {"next_cursor", next}});
  });

  add("POST", "/api/v1/assessments",
      Access::only({Role::admin, Role::treasury_analyst, Role::body_lead}),
      [](Request& req, RequestContext& ctx) {
        auto o = parse_object(req.body);
        if (!o) return error_response(o.error());
        if (auto s = only_keys(*o, {"body_id", "framework_id", "period"}); !s)
          return error_response(s.error());
        auto body_id = required_int(*o, "body_id");
        if (!body_id) return error_response(body_id.error());
        auto framework_id = required_int(*o, "framework_id");
        if (!framework_id) return error_response(framework_id.error());
        auto period = required_string(*o, "period");
        if (!period) return error_response(period.error());
        auto a = store::create_assessment(ctx.db, ctx.actor, *body_id, *framework_id, *period);
        if (!a) return error_response(a.error());
        return respond(assessment_detail(ctx, *a), [](const auto& j) { return j; }, 201);
      });

  add("GET", "/api/v1/assessments/{id}", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto a = store::get_assessment(ctx.db, *id);
        if (!a) return error_response(a.error());
        return respond(assessment_detail(ctx, *a), [](const auto& j) { return j; });
      });

  add("PUT", "/api/v1/assessments/{id}/ratings/{area}",
      Access::only({Role::admin, Role::body_lead, Role::assessor}),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto o = parse_object(req.body);
        if (!o) return error_response(o.error());
        if (auto s = only_keys(*o, {"level", "rationale", "confidence", "evidence"}); !s)
          return error_response(s.error());
        store::RatingInput in;
        auto level = required_int(*o, "level");
        if (!level) return error_response(level.error());
        if (*level < INT32_MIN || *level > INT32_MAX)
          return error_response(Error::invalid("level is outside the scale", "$.level"));
        in.level = static_cast<int>(*level);
        auto rationale = optional_string(*o, "rationale");
        if (!rationale) return error_response(rationale.error());
        in.rationale = rationale->value_or("");
        auto confidence = optional_string(*o, "confidence");
        if (!confidence) return error_response(confidence.error());
        in.confidence = confidence->value_or("medium");
        if (auto ev = o->find("evidence"); ev != o->end() && !ev->is_null()) {
          if (!ev->is_array())
            return error_response(Error::invalid("evidence must be a list", "$.evidence"));
          for (size_t i = 0; i < ev->size(); ++i) {
            const auto& e = (*ev)[i];
            const std::string where = "$.evidence[" + std::to_string(i) + "]";
            if (!e.is_object())
              return error_response(Error::invalid("each evidence item must be an object", where));
            auto url = optional_string(e, "url");
            auto note = optional_string(e, "note");
            if (!url || !note)
              return error_response(
                  Error::invalid("evidence url and note must be strings", where));
            in.evidence.push_back({url->value_or(""), note->value_or("")});
          }
        }
        return respond(store::put_rating(ctx.db, ctx.actor, *id, *req.param("area"), in),
                       [](const auto& r) { return store::to_json(r); });
      });

  add("POST", "/api/v1/assessments/{id}/transitions",
      Access::only({Role::admin, Role::treasury_analyst, Role::body_lead}),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto o = parse_object(req.body);
        if (!o) return error_response(o.error());
        if (auto s = only_keys(*o, {"to", "note"}); !s) return error_response(s.error());
        auto to = required_string(*o, "to");
        if (!to) return error_response(to.error());
        auto status = framework::parse_status(*to);
        if (!status)
          return error_response(Error::invalid(
              "to must be one of draft, submitted, returned, agreed", "$.to"));
        auto note = optional_string(*o, "note");
        if (!note) return error_response(note.error());
        auto a = store::transition(ctx.db, ctx.actor, *id, *status, note->value_or(""));
        if (!a) return error_response(a.error());
        return respond(assessment_detail(ctx, *a), [](const auto& j) { return j; });
      });
}

}  // namespace pvf::server
