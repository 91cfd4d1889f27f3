// The data signals beside a scorecard's ratings (measure_views.h): gathers goal statuses,
// ambition, comparison positions, trends, productivity change and survey results for the
// assessment's body as at its period, and lets measure::derive_signals judge them per area.
#include <algorithm>
#include <cmath>
#include <map>

#include "measure/comparison.h"
#include "measure/goals.h"
#include "measure/signals.h"
#include "server/measure_views.h"
#include "store/benchmark_repo.h"
#include "store/repositories.h"

namespace pvf::server {

using nlohmann::json;

namespace {

// How many of the latest periods a trend looks back over: long enough to see a direction,
// short enough to be about the body's recent performance.
constexpr size_t kTrendPeriods = 5;

bool in_group(const store::ResolvedGroup& g, int64_t id) {
  return std::binary_search(g.body_ids.begin(), g.body_ids.end(), id);
}

// Positions and trends of every indicator the body has data for, as at `as_of`.
Status indicator_signals(store::Database& db, int64_t body_id, const Period& as_of,
                         const store::ResolvedGroup& group, measure::SignalInputs& in) {
  auto indicators = store::list_indicator_definitions(db);
  if (!indicators) return fail(indicators.error());
  auto own = store::observations_for_body(db, body_id);
  if (!own) return fail(own.error());
  std::map<int64_t, std::vector<std::pair<Period, double>>> series;  // indicator -> own values
  for (const auto& o : *own) {
    auto p = Period::parse(o.period);
    if (!p || p->kind() != as_of.kind() || as_of < *p) continue;
    series[o.indicator_id].emplace_back(*p, o.value);
  }
  for (const auto& ind : *indicators) {
    auto it = series.find(ind.id);
    if (it == series.end()) continue;
    auto& values = it->second;
    std::sort(values.begin(), values.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const Period latest = values.back().first;

    auto obs = store::observations_for_period(db, ind.id, latest.to_string());
    if (!obs) return fail(obs.error());
    std::vector<measure::BodyValue> peers;
    for (const auto& o : *obs)
      if (in_group(group, o.body_id) || o.body_id == body_id) peers.push_back({o.body_id, o.value});
    auto cmp = measure::compare(peers, ind.def.polarity);
    if (!cmp) return fail(cmp.error());
    for (const auto& p : cmp->bodies) {
      if (p.body_id != body_id) continue;
      measure::PositionSignalInput pos{.indicator_key = ind.def.key,
                                       .indicator_name = ind.def.name,
                                       .area_key = ind.def.area_key,
                                       .polarity = ind.def.polarity,
                                       .period = latest,
                                       .quartile = p.quartile,
                                       .rank = p.rank,
                                       .count = static_cast<int>(cmp->bodies.size()),
                                       .mads_from_median = p.mads_from_median,
                                       .group_label = group.label};
      in.positions.push_back(std::move(pos));
    }

    std::vector<measure::PeriodValue> recent;
    for (auto it = values.end() - static_cast<std::ptrdiff_t>(std::min(values.size(), kTrendPeriods));
         it != values.end(); ++it)
      recent.push_back({.period = it->first, .value = it->second});
    if (auto line = measure::least_squares_line(recent)) {
      const Period& first = recent.front().period;
      const Period& last = recent.back().period;
      measure::TrendSignalInput t{.indicator_key = ind.def.key,
                                  .indicator_name = ind.def.name,
                                  .area_key = ind.def.area_key,
                                  .polarity = ind.def.polarity,
                                  .slope_per_year = line->slope_per_year,
                                  .first_period = first,
                                  .last_period = last,
                                  .relative_change = std::nullopt};
      if (const double start = line->at(first); start != 0)
        t.relative_change = (line->at(last) - start) / std::fabs(start);
      in.trends.push_back(std::move(t));
    }
  }
  return {};
}

// The latest stored DEA and Malmquist runs that have the body as a unit, up to the period.
Status benchmark_signals(store::Database& db, int64_t body_id, const std::string& period,
                         measure::SignalInputs& in) {
  auto eff = store::body_efficiency(db, body_id, period);
  if (!eff) return fail(eff.error());
  if (*eff) {
    const auto& e = **eff;
    measure::EfficiencySignalInput s;
    s.run_title = e.title;
    s.period = e.period;
    s.group_label = e.group_label;
    s.rts = e.rts;
    s.input_orientation = e.orientation == "input";
    s.status = e.status;
    s.super_efficiency = e.super_efficiency;
    s.efficiency = e.efficiency;
    s.rank = e.rank;
    s.units = e.units;
    s.efficient = e.efficient;
    s.peers = e.peer_names;
    s.improvements = e.improvements;
    in.efficiency = std::move(s);
  }
  auto change = store::body_productivity_change(db, body_id, period);
  if (!change) return fail(change.error());
  if (*change) {
    const auto& c = **change;
    in.malmquist = measure::MalmquistSignalInput{c.title,     c.period_from,       c.period_to,
                                                 c.group_label, c.malmquist,       c.efficiency_change,
                                                 c.technical_change, c.group_median, c.group_count};
  }
  return {};
}

Status productivity_signal(store::Database& db, int64_t body_id, const Period& as_of,
                           measure::SignalInputs& in) {
  auto r = body_productivity(db, body_id);
  if (!r) return fail(r.error());
  std::vector<const measure::IndexRow*> rows;
  for (const auto& row : r->indices)
    if (row.productivity_index && !(as_of < row.period)) rows.push_back(&row);
  if (rows.size() < 2) return {};
  const auto& last = *rows.back();
  const auto& prev = *rows[rows.size() - 2];
  measure::ProductivitySignalInput p{
      .latest_period = last.period,
      .previous_period = prev.period,
      .productivity_change_pct = 100.0 * (*last.productivity_index / *prev.productivity_index - 1),
      .output_change_pct = std::nullopt,
      .input_change_pct = std::nullopt};
  if (last.output_index && prev.output_index)
    p.output_change_pct = 100.0 * (*last.output_index / *prev.output_index - 1);
  if (last.input_index && prev.input_index)
    p.input_change_pct = 100.0 * (*last.input_index / *prev.input_index - 1);
  in.productivity = p;
  return {};
}

Status survey_signals(store::Database& db, int64_t body_id, const Period& as_of,
                      measure::SignalInputs& in) {
  auto s = body_surveys(db, body_id);
  if (!s) return fail(s.error());
  for (const auto& q : s->questions) {
    const measure::ShareEstimate* latest = nullptr;
    for (const auto& e : s->estimates)
      if (e.question == q.key && e.period.kind() == as_of.kind() && !(as_of < e.period) &&
          (!latest || latest->period < e.period))
        latest = &e;
    if (!latest) continue;
    measure::SurveySignalInput x{.question_key = q.key,
                                 .question_text = q.text,
                                 .area_key = q.area_key,
                                 .period = latest->period,
                                 .share = latest->share,
                                 .previous_period = latest->previous_period,
                                 .change = latest->change,
                                 .significant = latest->significant};
    in.surveys.push_back(std::move(x));
  }
  return {};
}

}  // namespace

Result<json> signals_view(store::Database& db, int64_t assessment_id,
                          const store::GroupSelector& requested) {
  auto a = store::get_assessment(db, assessment_id);
  if (!a) return fail(a.error());
  auto fw = store::get_framework(db, a->framework_id);
  if (!fw) return fail(fw.error());
  auto levels = store::levels(db, assessment_id);
  if (!levels) return fail(levels.error());
  auto as_of = Period::parse(a->period);
  if (!as_of) return fail(Error::internal("stored period '" + a->period + "' does not parse"));

  store::GroupSelector selector = requested;
  if (!selector.body_id) selector.body_id = a->body_id;
  auto group = store::resolve_group(db, selector);
  if (!group) return fail(group.error());

  measure::SignalInputs in;
  auto goals = assess_body_goals(db, a->body_id, selector, *as_of);
  if (!goals) return fail(goals.error());
  for (const auto& g : *goals) {
    in.goals.push_back({g.key, g.title, g.indicator.def.key, g.progress.status});
    if (g.ambition)
      in.ambitions.push_back(
          {g.key, g.title, g.ambition->ratio_to_own_trend, g.ambition->ratio_to_group_best});
  }
  if (auto s = indicator_signals(db, a->body_id, *as_of, *group, in); !s) return fail(s.error());
  if (auto s = productivity_signal(db, a->body_id, *as_of, in); !s) return fail(s.error());
  if (auto s = survey_signals(db, a->body_id, *as_of, in); !s) return fail(s.error());
  if (auto s = benchmark_signals(db, a->body_id, a->period, in); !s) return fail(s.error());

  const auto& def = *fw->definition;
  std::vector<measure::AreaRatingInput> areas;
  for (const auto& pillar : def.pillars)
    for (const auto& area : pillar.areas) {
      auto it = levels->find(area.key);
      areas.push_back({area.key, it == levels->end() ? std::nullopt : std::optional<int>(it->second)});
    }
  measure::Scale scale;
  if (!def.scale.empty()) {
    scale.min_level = def.scale.front().level;
    scale.max_level = def.scale.back().level;
    // labels indexed from min_level, as derive_signals reads them
    for (const auto& l : def.scale) scale.labels.push_back(l.label);
  }
  auto derived = measure::derive_signals(areas, scale, in);
  if (!derived) return fail(derived.error());

  json out_areas = json::array();
  for (const auto& area : *derived) {
    json signals = json::array();
    for (const auto& s : area.signals)
      signals.push_back({{"kind", measure::to_string(s.kind)},
                         {"direction", measure::to_string(s.direction)},
                         {"headline", s.headline},
                         {"detail", s.detail},
                         {"subject", s.subject}});
    out_areas.push_back(
        {{"area_key", area.area_key},
         {"level", area.level ? json(*area.level) : json(nullptr)},
         {"data_view", measure::to_string(area.data_view)},
         {"disagreement", area.disagreement},
         {"disagreement_reason",
          area.disagreement ? json(area.disagreement_reason) : json(nullptr)},
         {"signals", signals}});
  }
  return json{{"assessment_id", a->id},
              {"body_id", a->body_id},
              {"period", a->period},
              {"group", group_ref(selector, *group)},
              {"areas", out_areas}};
}

}  // namespace pvf::server
