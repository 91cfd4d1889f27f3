// Goals assessed from the data, with their degree of ambition (measure_views.h).
#include <algorithm>
#include <map>

#include "measure/goals.h"
#include "server/measure_views.h"
#include "store/measure_repo.h"
#include "store/repositories.h"

namespace pvf::server {

using nlohmann::json;

namespace {

json period_value_json(const Period& p, double v) {
  return json{{"period", p.to_string()}, {"value", v}};
}

}  // namespace

Result<std::vector<AssessedGoal>> assess_body_goals(store::Database& db, int64_t body_id,
                                                    const store::GroupSelector& selector,
                                                    std::optional<Period> as_of) {
  auto body = store::get_body(db, body_id);
  if (!body) return fail(body.error());
  auto goals = store::list_goals(db, body_id);
  if (!goals) return fail(goals.error());
  std::vector<AssessedGoal> out;
  if (goals->empty()) return out;
  auto group = store::resolve_group(db, selector);
  if (!group) return fail(group.error());
  // Each indicator's observations are read once, however many goals use it.
  std::map<std::string, std::pair<store::Indicator, std::vector<store::ObservationValue>>> data;

  for (const auto& g : *goals) {
    auto& entry = data[g.indicator_key];
    if (entry.first.id == 0) {
      auto ind = store::get_indicator(db, g.indicator_key);
      if (!ind) return fail(ind.error());
      auto obs = store::observations_for_indicator(db, ind->id);
      if (!obs) return fail(obs.error());
      entry = {std::move(*ind), std::move(*obs)};
    }
    const auto& [indicator, observations] = entry;
    auto polarity = measure::parse_polarity(g.polarity);
    auto baseline = Period::parse(g.baseline_period);
    auto target = Period::parse(g.target_period);
    if (!polarity || !baseline || !target)
      return fail(Error::internal("stored goal '" + g.key + "' does not parse"));

    AssessedGoal a{.id = g.id,
                   .key = g.key,
                   .title = g.title,
                   .body_id = g.body_id,
                   .indicator = indicator,
                   .spec = {g.key, body->name, g.indicator_key, *polarity, *baseline,
                            g.baseline_value, *target, g.target_value},
                   .progress = {},
                   .observations = {},
                   .ambition = std::nullopt};
    // Same-kind periods only: a quarterly series cannot be read against an annual goal.
    std::map<int64_t, std::vector<measure::PeriodValue>> history;  // body -> values (by period)
    for (const auto& o : observations) {
      auto p = Period::parse(o.period);
      if (!p || p->kind() != baseline->kind()) continue;
      history[o.body_id].push_back({*p, o.value});
    }
    a.observations = history[body_id];
    std::vector<measure::PeriodValue> usable;
    for (const auto& pv : a.observations)
      if (!as_of || !(*as_of < pv.period)) usable.push_back(pv);
    auto progress = measure::assess_goal(a.spec, usable);
    if (!progress) return fail(progress.error());
    a.progress = std::move(*progress);

    // Ambition: the planned change against the body's own trend and its peers' trends, both
    // up to the baseline (what the body knew when it set the goal).
    auto up_to_baseline = [&](const std::vector<measure::PeriodValue>& values) {
      std::vector<measure::PeriodValue> r;
      for (const auto& pv : values)
        if (!(*baseline < pv.period)) r.push_back(pv);
      return r;
    };
    std::vector<double> group_trends;
    for (int64_t peer : group->body_ids) {
      if (peer == body_id) continue;
      auto it = history.find(peer);
      if (it == history.end()) continue;
      if (auto s = measure::least_squares_slope(up_to_baseline(it->second))) group_trends.push_back(*s);
    }
    auto ambition = measure::assess_ambition(a.spec, up_to_baseline(a.observations), group_trends);
    if (ambition) a.ambition = std::move(*ambition);
    out.push_back(std::move(a));
  }
  return out;
}

json to_json(const AssessedGoal& g) {
  const auto& p = g.progress;
  json observations = json::array();
  for (const auto& o : g.observations) observations.push_back(period_value_json(o.period, o.value));
  json ambition = nullptr;
  if (g.ambition) {
    const auto& a = *g.ambition;
    ambition = {{"planned_change_per_year", a.planned_change_per_year},
                {"own_trend_per_year", number_or_null(a.own_trend_per_year)},
                {"ratio_to_own_trend", number_or_null(a.ratio_to_own_trend)},
                {"group_best_quartile_per_year", number_or_null(a.group_best_quartile_per_year)},
                {"ratio_to_group_best", number_or_null(a.ratio_to_group_best)},
                {"summary", a.summary}};
  }
  return json{
      {"id", g.id},
      {"key", g.key},
      {"title", g.title},
      {"body_id", g.body_id},
      {"indicator",
       {{"key", g.indicator.def.key},
        {"name", g.indicator.def.name},
        {"unit", g.indicator.def.unit},
        {"polarity", measure::to_string(g.indicator.def.polarity)}}},
      {"baseline", period_value_json(g.spec.baseline_period, g.spec.baseline_value)},
      {"target", period_value_json(g.spec.target_period, g.spec.target_value)},
      {"status", measure::to_string(p.status)},
      {"projected_value", number_or_null(p.projected_value)},
      {"planned_value_latest", number_or_null(p.planned_value_latest)},
      {"latest_period", p.latest_period ? json(p.latest_period->to_string()) : json(nullptr)},
      {"latest_value", number_or_null(p.latest_value)},
      {"trend_per_year", number_or_null(p.trend_per_year)},
      {"explanation", p.explanation},
      {"observations", observations},
      {"ambition", ambition}};
}

Result<json> goals_view(store::Database& db, int64_t body_id,
                        const store::GroupSelector& selector) {
  auto goals = assess_body_goals(db, body_id, selector);
  if (!goals) return fail(goals.error());
  json items = json::array();
  for (const auto& g : *goals) items.push_back(to_json(g));
  return json{{"items", items}};
}

}  // namespace pvf::server
