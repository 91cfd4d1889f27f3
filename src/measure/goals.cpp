#include "measure/goals.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "measure/comparison.h"

namespace pvf::measure {
namespace {

Error with_details(std::vector<ErrorDetail> details) {
  Error err =
      Error::invalid(details.front().where + ": " + details.front().message, details.front().where);
  err.details = std::move(details);
  return err;
}

void check_spec(const GoalSpec& g, std::vector<ErrorDetail>& bad) {
  if (g.polarity == Polarity::neutral)
    bad.push_back({"polarity", "must be higher or lower: a goal needs a direction"});
  if (!std::isfinite(g.baseline_value)) bad.push_back({"baseline_value", "is not a finite number"});
  if (!std::isfinite(g.target_value)) bad.push_back({"target_value", "is not a finite number"});
  if (g.target_period.kind() != g.baseline_period.kind())
    bad.push_back({"target_period", "is " + std::string(period_kind_name(g.target_period.kind())) +
                                        " but the baseline period " +
                                        g.baseline_period.to_string() + " is " +
                                        period_kind_name(g.baseline_period.kind())});
  else if (!(g.baseline_period < g.target_period))
    bad.push_back({"target_period", g.target_period.to_string() +
                                        " must be after the baseline period " +
                                        g.baseline_period.to_string()});
}

// Observations sorted by period; every problem appended to `bad` as "<name>[i]".
std::vector<PeriodValue> check_series(const GoalSpec& g, std::span<const PeriodValue> series,
                                      const char* name, std::vector<ErrorDetail>& bad) {
  const size_t problems_before = bad.size();
  for (size_t i = 0; i < series.size(); ++i) {
    const std::string where = std::string(name) + "[" + std::to_string(i) + "]";
    if (series[i].period.kind() != g.baseline_period.kind())
      bad.push_back(
          {where, series[i].period.to_string() + " is " + period_kind_name(series[i].period.kind()) +
                      " but the goal's periods are " + period_kind_plural(g.baseline_period.kind())});
    if (!std::isfinite(series[i].value)) bad.push_back({where, "value is not a finite number"});
  }
  std::vector<PeriodValue> sorted(series.begin(), series.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const PeriodValue& a, const PeriodValue& b) { return a.period < b.period; });
  if (bad.size() == problems_before)
    for (size_t i = 1; i < sorted.size(); ++i)
      if (sorted[i].period == sorted[i - 1].period)
        bad.push_back({name, "two values for " + sorted[i].period.to_string()});
  return sorted;
}

struct Line {
  double origin_x, value_at_origin, slope;
  double at(double x) const { return value_at_origin + slope * (x - origin_x); }
};

// Ordinary least squares. The sums run on data shifted to the first point (years since it,
// values minus its value): small numbers keep the sums accurate, and whole-number data gives
// exact results (44, 48, 52 projects to 60, not 60.000000000000306 as mean-centring would).
// The points have distinct x (one value per period), so the denominator is positive.
Line fit(std::span<const PeriodValue> points) {
  const double x0 = period_to_year(points.front().period), y0 = points.front().value;
  const auto n = static_cast<double>(points.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : points) {
    const double x = period_to_year(p.period) - x0, y = p.value - y0;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return {x0, y0 + (sy - slope * sx) / n, slope};
}

}  // namespace

std::optional<TrendLine> least_squares_line(std::span<const PeriodValue> points) {
  if (points.size() < 2) return std::nullopt;
  const double x0 = period_to_year(points.front().period);
  bool spread = false;
  for (const auto& p : points) spread = spread || period_to_year(p.period) != x0;
  if (!spread) return std::nullopt;
  const Line line = fit(points);
  return TrendLine{line.origin_x, line.value_at_origin, line.slope};
}

std::optional<double> least_squares_slope(std::span<const PeriodValue> points) {
  auto line = least_squares_line(points);
  if (!line) return std::nullopt;
  return line->slope_per_year;
}

namespace {

double planned_at(const GoalSpec& g, const Period& p) {
  const double x0 = period_to_year(g.baseline_period), x1 = period_to_year(g.target_period);
  return g.baseline_value +
         (g.target_value - g.baseline_value) * (period_to_year(p) - x0) / (x1 - x0);
}

// Decimals so that `scale` shows about three significant digits (1 to 6 decimals): a planned
// change of 20 prints as 20.0, of 0.05 as 0.0500.
int decimals_for(double scale) {
  if (!(scale > 0) || !std::isfinite(scale)) return 1;
  const int d = 2 - static_cast<int>(std::floor(std::log10(scale)));
  return std::clamp(d, 1, 6);
}

std::string number(double v, int decimals, bool with_sign = false) {
  char buf[64];
  std::snprintf(buf, sizeof buf, with_sign ? "%+.*f" : "%.*f", decimals, v);
  std::string s = buf;
  // "-0.0" / "+0.0" read as a direction where there is none.
  if (s.find_first_of("123456789") == std::string::npos && (s[0] == '-' || s[0] == '+'))
    s.erase(0, 1);
  return s;
}

double scale_of(const GoalSpec& g) {
  const double change = std::fabs(g.target_value - g.baseline_value);
  return change > 0 ? change : std::max(std::fabs(g.target_value), 1.0);
}

double tolerance(const GoalSpec& g) {
  return 1e-9 * std::max({1.0, std::fabs(g.baseline_value), std::fabs(g.target_value)});
}

std::string explain_too_early(const GoalSpec& g, const GoalProgress& p, int d) {
  std::string s = "Too early to judge: ";
  if (p.observations_used == 0) {
    s += "no observations since the baseline " + g.baseline_period.to_string();
  } else {
    s += "one observation since the baseline " + g.baseline_period.to_string() + " (" +
         number(*p.latest_value, d) + " in " + p.latest_period->to_string() + ", against " +
         number(*p.planned_value_latest, d) + " planned)";
  }
  return s + "; at least two are needed.";
}

// Oriented so that > 0 is better than the benchmark in the goal's direction.
std::optional<double> ambition_ratio(double planned, std::optional<double> benchmark, int dir) {
  if (!benchmark || *benchmark == 0) return std::nullopt;
  const double p = dir * planned, b = dir * *benchmark;
  return 1 + (p - b) / std::fabs(b);
}

std::string ratio_words(double r) {
  const std::string shown = number(r, 2);
  if (r > 1 + 1e-9) return "ratio " + shown + ": more ambitious";
  if (r < 1 - 1e-9) return "ratio " + shown + ": less ambitious";
  return "ratio " + shown + ": as ambitious";
}

}  // namespace

const char* to_string(GoalStatus status) {
  switch (status) {
    case GoalStatus::on_track:
      return "on_track";
    case GoalStatus::at_risk:
      return "at_risk";
    case GoalStatus::off_track:
      return "off_track";
    case GoalStatus::too_early:
      return "too_early";
  }
  return "too_early";
}

Result<GoalProgress> assess_goal(const GoalSpec& goal, std::span<const PeriodValue> observations) {
  std::vector<ErrorDetail> bad;
  check_spec(goal, bad);
  auto sorted = check_series(goal, observations, "observations", bad);
  if (!bad.empty()) return fail(with_details(std::move(bad)));

  std::vector<PeriodValue> used;
  for (const auto& o : sorted)
    if (!(o.period < goal.baseline_period)) used.push_back(o);

  GoalProgress out;
  out.observations_used = static_cast<int>(used.size());
  const int d = decimals_for(scale_of(goal));
  if (!used.empty()) {
    out.latest_period = used.back().period;
    out.latest_value = used.back().value;
    out.planned_value_latest = planned_at(goal, used.back().period);
  }
  if (used.size() < 2) {
    out.status = GoalStatus::too_early;
    out.explanation = explain_too_early(goal, out, d);
    return out;
  }

  const Line line = fit(used);
  out.trend_per_year = line.slope;
  const double projected = line.at(period_to_year(goal.target_period));
  out.projected_value = projected;

  const int dir = direction(goal.polarity);
  const double tol = tolerance(goal);
  const double margin = dir * (projected - goal.target_value);  // >= 0: meets the target
  const double planned_change = std::fabs(goal.target_value - goal.baseline_value);
  const std::string head = "Projected " + number(projected, d) + " in " +
                           goal.target_period.to_string() + " against a target of " +
                           number(goal.target_value, d) + ": ";
  if (margin >= -tol) {
    out.status = GoalStatus::on_track;
    const std::string spare = number(margin, d);
    out.explanation = head + (spare.find_first_of("123456789") == std::string::npos
                                  ? "meets it."
                                  : "meets it with " + spare + " to spare.");
  } else if (-margin <= 0.2 * planned_change + tol) {
    out.status = GoalStatus::at_risk;
    out.explanation = head + "short by " + number(-margin, d) +
                      ", within 20% of the planned change of " + number(planned_change, d) + ".";
  } else {
    out.status = GoalStatus::off_track;
    out.explanation = head + "short by " + number(-margin, d) +
                      ", more than 20% of the planned change of " + number(planned_change, d) + ".";
  }
  return out;
}

Result<Ambition> assess_ambition(const GoalSpec& goal, std::span<const PeriodValue> own_history,
                                 std::span<const double> group_trends_per_year) {
  std::vector<ErrorDetail> bad;
  check_spec(goal, bad);
  auto sorted = check_series(goal, own_history, "own_history", bad);
  for (size_t i = 0; i < group_trends_per_year.size(); ++i)
    if (!std::isfinite(group_trends_per_year[i]))
      bad.push_back({"group_trends_per_year[" + std::to_string(i) + "]", "is not a finite number"});
  if (!bad.empty()) return fail(with_details(std::move(bad)));

  Ambition out;
  out.planned_change_per_year =
      (goal.target_value - goal.baseline_value) /
      (period_to_year(goal.target_period) - period_to_year(goal.baseline_period));

  std::vector<PeriodValue> before;
  for (const auto& o : sorted)
    if (!(goal.baseline_period < o.period)) before.push_back(o);
  if (before.size() >= 2) out.own_trend_per_year = fit(before).slope;

  if (!group_trends_per_year.empty()) {
    auto dist = describe(group_trends_per_year);
    if (!dist) return fail(dist.error());
    out.group_best_quartile_per_year =
        goal.polarity == Polarity::higher_is_better ? dist->q3 : dist->q1;
  }
  const int dir = direction(goal.polarity);
  out.ratio_to_own_trend = ambition_ratio(out.planned_change_per_year, out.own_trend_per_year, dir);
  out.ratio_to_group_best =
      ambition_ratio(out.planned_change_per_year, out.group_best_quartile_per_year, dir);

  const int d = decimals_for(std::fabs(out.planned_change_per_year) > 0
                                 ? std::fabs(out.planned_change_per_year)
                                 : scale_of(goal));
  std::string s = "Plans " + number(out.planned_change_per_year, d, true) + " a year (" +
                  to_string(goal.polarity) + " is better); ";
  if (out.own_trend_per_year) {
    s += "the body's own trend to " + goal.baseline_period.to_string() + " was " +
         number(*out.own_trend_per_year, d, true) + " a year";
    if (out.ratio_to_own_trend) s += " (" + ratio_words(*out.ratio_to_own_trend) + ")";
  } else {
    s +=
        "no own trend (fewer than two observations up to " + goal.baseline_period.to_string() + ")";
  }
  if (out.group_best_quartile_per_year) {
    s += " and the group's best quartile " + number(*out.group_best_quartile_per_year, d, true) +
         " a year";
    if (out.ratio_to_group_best) s += " (" + ratio_words(*out.ratio_to_group_best) + ")";
  } else {
    s += " and no group trends to compare with";
  }
  out.summary = s + ".";
  return out;
}

}  // namespace pvf::measure
