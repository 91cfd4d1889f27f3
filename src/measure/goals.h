// Goals and trajectories: is a body on course to reach its target, and how ambitious is the
// target? Pure: plain values in, Result out; no I/O, thread-safe.
//
// Time axis: period_to_year() (a financial or calendar year is its start year, 2024-25 -> 2024;
// quarters add (q-1)/4), so trends and planned changes are "per year" whatever the periods.
// All values are in the indicator's own unit.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/period.h"
#include "core/result.h"
#include "measure/indicator.h"

namespace pvf::measure {

struct PeriodValue {
  Period period;
  double value;
};

// One goal: move `indicator` for `body` from (baseline_period, baseline_value) to
// (target_period, target_value). The planned trajectory is the straight line between the two.
// Valid when: polarity is higher or lower (a goal needs a direction; neutral is refused), both
// periods are of the same kind, target_period is after baseline_period, both values are finite.
struct GoalSpec {
  std::string id, body, indicator;
  Polarity polarity;
  Period baseline_period;
  double baseline_value;
  Period target_period;
  double target_value;
};

// The least-squares line of value on period_to_year(period): the trend the goal statuses,
// ambition and the data signals all use. nullopt with fewer than two points or when every point
// has the same period. Points in any order. O(n).
struct TrendLine {
  double origin_year = 0;      // period_to_year of the first point given
  double value_at_origin = 0;  // the line's value there
  double slope_per_year = 0;   // indicator unit per year
  double at(const Period& p) const {
    return value_at_origin + slope_per_year * (period_to_year(p) - origin_year);
  }
};
std::optional<TrendLine> least_squares_line(std::span<const PeriodValue> points);
std::optional<double> least_squares_slope(std::span<const PeriodValue> points);

enum class GoalStatus { on_track, at_risk, off_track, too_early };
// "on_track", "at_risk", "off_track", "too_early": the form written in CSV, JSON and the database.
const char* to_string(GoalStatus status);

struct GoalProgress {
  GoalStatus status = GoalStatus::too_early;
  // The least-squares line through the observations used, at the target period (>= 2 obs).
  std::optional<double> projected_value;
  // The planned trajectory at latest_period (>= 1 obs).
  std::optional<double> planned_value_latest;
  std::optional<Period> latest_period;  // the latest observation used
  std::optional<double> latest_value;
  std::optional<double> trend_per_year;  // slope of the least-squares line (>= 2 obs)
  int observations_used = 0;
  std::string explanation;  // one plain-English sentence saying why this status
};

// Status from the observations at or after the baseline period (an observation FOR the baseline
// period counts; the spec's baseline value is not added as a point; later observations, even
// after the target period, all count). With fewer than two: too_early. Otherwise fit an ordinary
// least-squares line, value ~ a + b * year, and project it to the target period:
//   on_track  if the projection meets the target (>= for higher, <= for lower is better);
//   at_risk   if it falls short by at most 20% of the planned change |target - baseline|;
//   off_track otherwise.
// "Meets" and "at most" allow 1e-9 of max(1, |baseline|, |target|) for rounding, so a goal
// exactly on its line is not flipped by the last bit of the arithmetic.
// Errors (invalid_input, every problem in details): an invalid spec; an observation of another
// period kind than the goal's; two observations for one period; a non-finite value.
// Observations may come in any order. O(n log n) in the observations.
Result<GoalProgress> assess_goal(const GoalSpec& goal, std::span<const PeriodValue> observations);

// Degree of ambition: the planned change a year against two benchmarks. Values per year in the
// indicator's unit; positive = rising, whatever the polarity.
struct Ambition {
  // (target_value - baseline_value) / (years from baseline to target).
  double planned_change_per_year = 0;
  // Least-squares slope of own_history up to and including the baseline period (>= 2 points).
  std::optional<double> own_trend_per_year;
  std::optional<double> ratio_to_own_trend;
  // The group's best quartile of trends: QUARTILE.INC q3 of group_trends_per_year for
  // higher-is-better, q1 for lower-is-better (see comparison.h).
  std::optional<double> group_best_quartile_per_year;
  std::optional<double> ratio_to_group_best;
  std::string summary;  // one sentence
};

// Ratios compare the planned change P with a benchmark B, both measured in the good direction
// (multiplied by +1 for higher, -1 for lower is better: p, b):
//   ratio = 1 + (p - b) / |b|
// which is plain P / B whenever the benchmark improves (b > 0), and keeps ">1 = more ambitious
// than the benchmark, 1 = as ambitious, <1 = less" when the benchmark itself worsens (b < 0),
// where P / B would flip sign. Nullopt when the benchmark is 0 or absent (fewer than two own
// points, an empty group).
// Errors: an invalid spec (as assess_goal), own_history of another period kind or with two
// values for one period, a non-finite value or group trend.
Result<Ambition> assess_ambition(const GoalSpec& goal, std::span<const PeriodValue> own_history,
                                 std::span<const double> group_trends_per_year);

}  // namespace pvf::measure
