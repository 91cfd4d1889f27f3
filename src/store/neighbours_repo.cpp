// Nearest-neighbour peer groups from stored indicator values (benchmark_repo.h): CIPFA's method
// (benchmark/neighbours.h) on the bodies of a group with every chosen indicator in a period,
// saved as a comparison group when asked.
#include <set>
#include <unordered_map>

#include "benchmark/neighbours.h"
#include "core/period.h"
#include "store/benchmark_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

// The engine names settings "variables[i]"; the request calls them "indicators[i]".
std::string request_where(std::string where) {
  if (where.rfind("variables", 0) == 0) return std::string("indicators") + where.substr(9);
  return where;
}

Error with_request_wheres(Error e) {
  e.where = request_where(e.where);
  for (auto& d : e.details) d.where = request_where(d.where);
  return e;
}

}  // namespace

Result<nlohmann::json> nearest_neighbours(Database& db, const Actor& actor,
                                          const NeighboursRequest& request) {
  if (actor.role != Role::admin && actor.role != Role::treasury_analyst)
    return fail(Error::forbidden("only admins and treasury analysts make peer groups"));
  if (auto s = benchmark::check_neighbour_settings(request.indicators, request.weights, request.k);
      !s)
    return fail(with_request_wheres(s.error()));
  auto period = Period::parse(request.period);
  if (!period) return fail(Error::invalid(period.error().message, "period"));
  const std::string period_text = period->to_string();

  auto body = get_body(db, request.body_id);
  if (!body) {
    if (body.error().code == ErrorCode::not_found)
      return fail(Error::invalid(std::string("no body ") + std::to_string(request.body_id), "body_id"));
    return fail(body.error());
  }

  // values[indicator][body]
  std::vector<std::unordered_map<int64_t, double>> values(request.indicators.size());
  for (size_t v = 0; v < request.indicators.size(); ++v) {
    const std::string where = std::string("indicators[") + std::to_string(v) + "]";
    auto ind = get_indicator(db, request.indicators[v]);
    if (!ind) {
      if (ind.error().code == ErrorCode::not_found)
        return fail(Error::invalid("no indicator '" + request.indicators[v] + "'", where));
      return fail(ind.error());
    }
    PVF_TRY(auto obs, observations_for_period(db, ind->id, period_text));
    for (const auto& o : obs) values[v][o.body_id] = o.value;
  }

  std::set<int64_t> candidates;
  std::string group_label = "All bodies with data";
  if (request.group.scope == GroupScope::all) {
    for (const auto& by_body : values)
      for (const auto& [b, value] : by_body) candidates.insert(b);
  } else {
    auto group = resolve_group(db, request.group);
    if (!group) {
      Error e = group.error();
      if (e.code == ErrorCode::not_found) e.code = ErrorCode::invalid_input;
      if (e.where.empty()) e.where = request.group.scope == GroupScope::named ? "group_id" : "body";
      return fail(e);
    }
    group_label = group->label;
    candidates.insert(group->body_ids.begin(), group->body_ids.end());
  }
  candidates.insert(request.body_id);

  PVF_TRY(auto bodies, list_bodies(db, {}));
  std::unordered_map<int64_t, const Body*> body_of;
  for (const auto& b : bodies) body_of[b.id] = &b;

  benchmark::NeighbourInput input;
  input.variables = request.indicators;
  input.weights = request.weights;
  input.k = request.k;
  std::vector<int64_t> ids;
  nlohmann::json left_out = nlohmann::json::array();
  auto code_json = [](const Body& b) {
    return b.code ? nlohmann::json(*b.code) : nlohmann::json(nullptr);
  };
  for (int64_t id : candidates) {
    auto bit = body_of.find(id);
    if (bit == body_of.end()) continue;
    std::string missing;
    std::vector<double> row;
    for (size_t v = 0; v < values.size(); ++v) {
      auto it = values[v].find(id);
      if (it == values[v].end()) {
        missing += (missing.empty() ? "no " : ", ") + request.indicators[v];
      } else {
        row.push_back(it->second);
      }
    }
    if (!missing.empty()) {
      missing += " in " + period_text;
      if (id == request.body_id)
        return fail(Error::invalid(body->name + " has " + missing, "period"));
      left_out.push_back({{"body_id", id},
                          {"name", bit->second->name},
                          {"code", code_json(*bit->second)},
                          {"reason", missing}});
      continue;
    }
    ids.push_back(id);
    input.ids.push_back(std::to_string(id));
    input.values.insert(input.values.end(), row.begin(), row.end());
  }
  if (ids.size() < static_cast<size_t>(request.k) + 1)
    return fail(Error::invalid(std::to_string(ids.size() - 1) + " other bodies of " + group_label +
                                   " have every indicator in " + period_text + ": ask for at most " +
                                   std::to_string(ids.size() > 1 ? ids.size() - 1 : 0) +
                                   " neighbours",
                               "k"));
  auto result = benchmark::compute_neighbours(input);
  if (!result) return fail(with_request_wheres(result.error()));

  size_t self = 0;
  while (ids[self] != request.body_id) ++self;
  const auto& mine = result->bodies[self];
  nlohmann::json neighbours = nlohmann::json::array();
  std::vector<int64_t> members = {request.body_id};
  for (const auto& n : mine.neighbours) {
    const Body& b = *body_of.at(ids[n.index]);
    neighbours.push_back({{"body_id", b.id},
                          {"name", b.name},
                          {"code", code_json(b)},
                          {"rank", n.rank},
                          {"distance", n.distance}});
    members.push_back(b.id);
  }
  nlohmann::json out = {{"body_id", request.body_id},
                        {"period", period_text},
                        {"variables", request.indicators},
                        {"candidates", ids.size()},
                        {"left_out", left_out},
                        {"neighbours", neighbours},
                        {"group", nullptr}};
  if (request.save) {
    ComparisonGroupInput group;
    group.name = request.name.empty() ? "Nearest neighbours of " + body->name : request.name;
    std::string variables;
    for (const auto& key : request.indicators) variables += (variables.empty() ? "" : ", ") + key;
    group.description = "CIPFA nearest-neighbour method on " + variables + " (" + period_text +
                        "), the " + std::to_string(request.k) + " nearest of " +
                        std::to_string(ids.size() - 1) + " bodies in " + group_label;
    group.method = "nearest_neighbours";
    group.body_id = request.body_id;
    group.members = members;
    PVF_TRY(auto saved, create_comparison_group(db, actor, group));
    out["group"] = to_json(saved);
  }
  return out;
}

}  // namespace pvf::store
