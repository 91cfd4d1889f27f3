// Comparison groups, goals, and a body's productivity and surveys; a scorecard's data signals.
#include <cmath>

#include "server/json_body.h"
#include "server/measure_views.h"
#include "server/routes.h"
#include "store/indicators_repo.h"
#include "store/measure_repo.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

using nlohmann::json;

const Access kEditors = Access::only({Role::admin, Role::treasury_analyst});
const Access kGoalEditors = Access::only({Role::admin, Role::treasury_analyst, Role::body_lead});

Result<double> required_number(const json& o, std::string_view key) {
  auto it = o.find(key);
  const std::string where = "$." + std::string(key);
  if (it == o.end() || it->is_null())
    return fail(Error::invalid(std::string(key) + " is required", where));
  if (!it->is_number()) return fail(Error::invalid(std::string(key) + " must be a number", where));
  const double v = it->get<double>();
  if (!std::isfinite(v)) return fail(Error::invalid(std::string(key) + " must be finite", where));
  return v;
}

Result<store::ComparisonGroupInput> group_input(const std::string& text) {
  auto o = parse_object(text);
  if (!o) return fail(o.error());
  if (auto s = only_keys(*o, {"name", "description", "body_id", "members"}); !s)
    return fail(s.error());
  store::ComparisonGroupInput in;
  auto name = required_string(*o, "name");
  if (!name) return fail(name.error());
  in.name = *name;
  auto description = optional_string(*o, "description");
  if (!description) return fail(description.error());
  in.description = description->value_or("");
  auto body = optional_int(*o, "body_id");
  if (!body) return fail(body.error());
  in.body_id = *body;
  auto it = o->find("members");
  if (it == o->end() || !it->is_array())
    return fail(Error::invalid("members must be an array of body ids", "$.members"));
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& m = (*it)[i];
    if (!m.is_number_integer() || m.get<int64_t>() < 1)
      return fail(Error::invalid("members must be body ids", "$.members[" + std::to_string(i) + "]"));
    in.members.push_back(m.get<int64_t>());
  }
  return in;
}

Result<store::GoalInput> goal_input(const std::string& text) {
  auto o = parse_object(text);
  if (!o) return fail(o.error());
  if (auto s = only_keys(*o, {"key", "body_id", "indicator", "title", "baseline_period",
                              "baseline_value", "target_period", "target_value"});
      !s)
    return fail(s.error());
  store::GoalInput in;
  auto key = required_string(*o, "key");
  if (!key) return fail(key.error());
  auto body = required_int(*o, "body_id");
  if (!body) return fail(body.error());
  auto indicator = required_string(*o, "indicator");
  if (!indicator) return fail(indicator.error());
  auto title = optional_string(*o, "title");
  if (!title) return fail(title.error());
  auto bp = required_string(*o, "baseline_period");
  if (!bp) return fail(bp.error());
  auto bv = required_number(*o, "baseline_value");
  if (!bv) return fail(bv.error());
  auto tp = required_string(*o, "target_period");
  if (!tp) return fail(tp.error());
  auto tv = required_number(*o, "target_value");
  if (!tv) return fail(tv.error());
  in.key = *key;
  in.body_id = *body;
  in.indicator_key = *indicator;
  in.title = title->value_or("");
  in.baseline_period = *bp;
  in.baseline_value = *bv;
  in.target_period = *tp;
  in.target_value = *tv;
  return in;
}

// The stored goal, assessed like the body's goal list shows it.
Response goal_response(RequestContext& ctx, const store::StoredGoal& goal, int status) {
  auto selector = group_selector(std::nullopt, std::nullopt, goal.body_id, store::GroupScope::same_type);
  if (!selector) return error_response(selector.error());
  auto goals = assess_body_goals(ctx.db, goal.body_id, *selector);
  if (!goals) return error_response(goals.error());
  for (const auto& g : *goals)
    if (g.id == goal.id) return Response::json(status, to_json(g));
  return error_response(Error::internal("the goal just written was not found"));
}

Result<store::GroupSelector> selector_of(const Request& req, std::optional<int64_t> body) {
  return group_selector(req.query_param("group"), req.query_param("group_id"), body,
                        store::GroupScope::same_type);
}

}  // namespace

void add_measure_routes(const AddRoute& add) {
  // ---- comparison groups ----
  add("GET", "/api/v1/comparison-groups", Access::any_signed_in(),
      [](Request&, RequestContext& ctx) {
        return respond(store::list_comparison_groups(ctx.db),
                       [](const auto& list) { return items_json(list); });
      });
  add("GET", "/api/v1/comparison-groups/{id}", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        return respond(store::get_comparison_group(ctx.db, *id),
                       [](const auto& g) { return store::to_json(g); });
      });
  add("POST", "/api/v1/comparison-groups", kEditors, [](Request& req, RequestContext& ctx) {
    auto in = group_input(req.body);
    if (!in) return error_response(in.error());
    return respond(store::create_comparison_group(ctx.db, ctx.actor, *in),
                   [](const auto& g) { return store::to_json(g); }, 201);
  });
  add("PUT", "/api/v1/comparison-groups/{id}", kEditors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto in = group_input(req.body);
    if (!in) return error_response(in.error());
    return respond(store::update_comparison_group(ctx.db, ctx.actor, *id, *in),
                   [](const auto& g) { return store::to_json(g); });
  });
  add("DELETE", "/api/v1/comparison-groups/{id}", kEditors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    if (auto s = store::delete_comparison_group(ctx.db, ctx.actor, *id); !s)
      return error_response(s.error());
    return Response::text(204, "");
  });

  // ---- goals ----
  add("GET", "/api/v1/bodies/{id}/goals", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto selector = selector_of(req, *id);
        if (!selector) return error_response(selector.error());
        return respond(goals_view(ctx.db, *id, *selector), [](json j) { return j; });
      });
  add("POST", "/api/v1/goals", kGoalEditors, [](Request& req, RequestContext& ctx) {
    auto in = goal_input(req.body);
    if (!in) return error_response(in.error());
    auto goal = store::create_goal(ctx.db, ctx.actor, *in);
    if (!goal) return error_response(goal.error());
    return goal_response(ctx, *goal, 201);
  });
  add("PUT", "/api/v1/goals/{id}", kGoalEditors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto in = goal_input(req.body);
    if (!in) return error_response(in.error());
    auto goal = store::update_goal(ctx.db, ctx.actor, *id, *in);
    if (!goal) return error_response(goal.error());
    return goal_response(ctx, *goal, 200);
  });
  add("DELETE", "/api/v1/goals/{id}", kGoalEditors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    if (auto s = store::delete_goal(ctx.db, ctx.actor, *id); !s) return error_response(s.error());
    return Response::text(204, "");
  });

  // ---- a body's productivity and surveys ----
  add("GET", "/api/v1/bodies/{id}/productivity", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        return respond(productivity_view(ctx.db, *id), [](json j) { return j; });
      });
  add("GET", "/api/v1/bodies/{id}/surveys", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        return respond(survey_view(ctx.db, *id), [](json j) { return j; });
      });

  // ---- signals beside a scorecard ----
  add("GET", "/api/v1/assessments/{id}/signals", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto assessment = store::get_assessment(ctx.db, *id);
        if (!assessment) return error_response(assessment.error());
        auto selector = selector_of(req, assessment->body_id);
        if (!selector) return error_response(selector.error());
        return respond(signals_view(ctx.db, *id, *selector), [](json j) { return j; });
      });
}

}  // namespace pvf::server
