// Data signals beside the scorecard: for each framework area, what the data says (goal statuses,
// degree of ambition, position against the comparison group, trends, productivity change, survey
// results) next to the level the assessors gave, and whether the two disagree — for example
// "progress made towards goals" rated at the top level while most goals are off track.
//
// Pure: plain values in, Result out; no I/O, thread-safe. The caller (the server) gathers the
// inputs from the store; this module knows nothing of the framework module: area keys, levels
// and level labels come in as plain data. Complexity O(areas + inputs · log areas).
//
// How it works, in three steps, each rule with its threshold below:
//  1. Routing (signal_routes(), a data table): which area each kind of signal speaks to.
//  2. Direction of each signal from its own data (positive = the data supports a good rating,
//     negative = a poor one, mixed = both, neutral = no judgement possible).
//  3. Per area: the data view (the balance of its signals) and the disagreement verdict.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/period.h"
#include "core/result.h"
#include "measure/goals.h"
#include "measure/indicator.h"

namespace pvf::measure {

enum class SignalKind { goals, ambition, comparison, trend, productivity, survey, efficiency, malmquist };
// "goals", "ambition", "comparison", "trend", "productivity", "survey", "efficiency",
// "malmquist" (API and CSV form).
const char* to_string(SignalKind kind);

enum class Direction {
  positive,  // the data supports a good rating
  negative,  // the data points to a poor rating
  mixed,     // the data points both ways
  neutral,   // no judgement possible (too early, no benchmark, flat, an unranked measure)
};
// "positive", "negative", "mixed", "neutral".
const char* to_string(Direction direction);

struct Signal {
  SignalKind kind = SignalKind::goals;
  Direction direction = Direction::neutral;
  std::string headline;  // a phrase that reads on its own: "3 of 4 goals off track"
  std::string detail;    // the figures behind it, one or two plain sentences
  std::string subject;   // indicator key, question key or goal id; empty for a summary signal
};

// ---------------------------------------------------------------------------------------------
// Step 1: routing. Registries are data: this table decides where each kind goes, and the API and
// docs list it as it is.
struct SignalRoute {
  SignalKind kind;
  // true: one summary signal from all inputs of the kind; false: one signal per indicator or
  // question.
  bool summary;
  // The area that receives it; empty = the indicator's or survey question's own area_key.
  std::string_view area_key;
  std::string_view description;
};

// In order (the order of signals within an area follows it):
//   goals        summary     -> progress_towards_goals
//   ambition     summary     -> degree_of_ambition
//   comparison   each        -> the indicator's area
//   comparison   summary     -> benchmarking ("N of M indicators in the top quarter ...")
//   trend        each        -> the indicator's area
//   efficiency   summary     -> benchmarking (DEA efficiency in the latest stored run)
//   productivity summary     -> cost_control_and_shifting
//   malmquist    summary     -> cost_control_and_shifting (Malmquist productivity change)
//   survey       each        -> the question's area
// Signals routed to an area that is not in the given area list (or to an empty area_key) are
// dropped.
std::span<const SignalRoute> signal_routes();

// ---------------------------------------------------------------------------------------------
// Inputs, as the store holds them.

// Goals signal. Judged goals are those not too_early.
//   negative if more than half of the judged goals are off_track;
//   positive if more than half are on_track;
//   mixed    otherwise (e.g. exactly half off track, or at_risk the largest group);
//   neutral  when every goal is too_early.
struct GoalSignalInput {
  std::string goal_id;
  std::string title;          // e.g. "Reduce delayed transfers of care"; may be empty (id used)
  std::string indicator_key;  // may be empty
  GoalStatus status = GoalStatus::too_early;
};

// Ambition signal, from the ratios of measure/goals.h assess_ambition (> 1 = more ambitious than
// the benchmark, 1 = as ambitious, < 1 = less). Per goal:
//   ambitious   ratio_to_group_best >= 1 (plans at least the improvement of the group's best
//               quarter) and not ratio_to_own_trend < 1;
//   coasting    ratio_to_own_trend < 1 (plans less than its own past trend) and not
//               ratio_to_group_best >= 1;
//   moderate    any other goal with at least one ratio (between the two, or the two disagree);
//   unbenchmarked with neither ratio (not judged).
// Signal: positive if more than half of the judged goals are ambitious, negative if more than
// half are coasting, mixed otherwise; neutral when no goal has a ratio.
struct AmbitionSignalInput {
  std::string goal_id;
  std::string title;  // may be empty (id used)
  std::optional<double> ratio_to_own_trend;
  std::optional<double> ratio_to_group_best;
};

// Comparison signal per indicator (measure/comparison.h): quartile 1 (best quarter by polarity)
// positive, 4 negative, 2 and 3 neutral. Neutral-polarity indicators are never positive or
// negative (their quartile 1 is just the highest values) and are left out of the benchmarking
// summary. Benchmarking summary over the ranked indicators: T in the top quarter, B in the
// bottom: positive if T > B, negative if B > T, mixed if T == B > 0, neutral if T == B == 0.
struct PositionSignalInput {
  std::string indicator_key;
  std::string indicator_name;
  std::string area_key;  // the framework area the indicator informs; may be empty
  Polarity polarity = Polarity::higher_is_better;
  Period period;
  int quartile = 0;  // 1..4, 1 = best quarter by polarity
  int rank = 0;      // 1..count
  int count = 0;     // bodies compared, >= 1
  std::optional<double> mads_from_median;
  std::string group_label;  // e.g. "all councils", "nearest neighbours"
};

// Trend signal per indicator. The direction comes from the sign of the slope taken in the
// polarity's direction (improving positive, worsening negative); it is neutral when the slope
// is 0, when |relative_change| < kFlatTrend (a change under 1% over the whole span is "broadly
// flat"), and always for neutral-polarity indicators.
inline constexpr double kFlatTrend = 0.01;
struct TrendSignalInput {
  std::string indicator_key;
  std::string indicator_name;
  std::string area_key;  // may be empty
  Polarity polarity = Polarity::higher_is_better;
  double slope_per_year = 0;  // least-squares slope, indicator unit per year
  Period first_period;
  Period last_period;
  // The change along the least-squares line over the span, relative to the line's value at
  // first_period: slope × years / |line(first)|, 0.05 = +5%; nullopt when that value is 0.
  // Taken from the line, not from the end points, so its sign always agrees with the slope
  // (one noisy end year cannot make a "worsening" trend read "+18%").
  std::optional<double> relative_change;
};

// Productivity signal (ONS method, measure/productivity.h): productivity index change since the
// previous period, in percent. Positive if >= +kFlatProductivityPct, negative if
// <= −kFlatProductivityPct, neutral in between (within half a percent is "broadly flat": ONS
// revises its public-service estimates by more than that). ONS warns productivity is not a
// value-for-money judgement; the detail says so.
inline constexpr double kFlatProductivityPct = 0.5;
struct ProductivitySignalInput {
  Period latest_period;
  Period previous_period;
  double productivity_change_pct = 0;  // 100 · (index_latest / index_previous − 1)
  std::optional<double> output_change_pct;
  std::optional<double> input_change_pct;
};

// Survey signal per question (measure/survey.h): a significant rise in the share answering in
// the top levels is positive, a significant fall negative; anything else (no earlier period, a
// change that is not significant) neutral — the level of the share alone is not judged.
struct SurveySignalInput {
  std::string question_key;
  std::string question_text;
  std::string area_key;  // may be empty
  Period period;
  double share = 0;  // 0..1
  std::optional<Period> previous_period;
  std::optional<double> change;  // share − previous share, −1..1
  std::optional<bool> significant;
};

// Efficiency signal (benchmark/dea.h via a stored run): the body on the frontier (technical
// efficiency te >= 1 - 1e-9, where te is θ for input and 1/φ for output orientation, or
// infeasible under super-efficiency) or ranked in the run's best quarter is positive; ranked in
// the worst quarter negative (quarters by rank: rank <= ceil(units / 4), rank > units -
// ceil(units / 4)); otherwise neutral; not optimal (and not efficient) neutral. The detail names
// the model, the peers and how far each input (or output) is from its target: DEA's own caveat,
// that the frontier is the best of the group and not an absolute standard, is said too.
struct EfficiencySignalInput {
  std::string run_title;
  std::string period;
  std::string group_label;
  std::string rts;          // "crs", "vrs", ...
  bool input_orientation = true;
  std::string status;       // "optimal", "infeasible", ...
  bool super_efficiency = false;
  std::optional<double> efficiency;  // Farrell's θ or φ
  std::optional<int64_t> rank;
  int64_t units = 0;
  int64_t efficient = 0;
  std::vector<std::string> peers;    // names, largest λ first
  // (label, room) pairs: input orientation 1 − target/actual (0.18 = could use 18% less);
  // output orientation target/actual − 1 (could produce 18% more).
  std::vector<std::pair<std::string, double>> improvements;
};
Signal efficiency_signal(const EfficiencySignalInput& e);  // benchmark_signals.cpp

// Malmquist signal: productivity change over the body's latest pair of periods in the newest
// stored run, positive if malmquist >= 1 + kFlatProductivityPct / 100, negative if <= 1 −
// kFlatProductivityPct / 100, neutral in between. The detail splits it into efficiency change
// (catching up with the frontier) and technical change (the frontier moving) and gives the
// run's median.
struct MalmquistSignalInput {
  std::string run_title;
  std::string period_from, period_to;
  std::string group_label;
  double malmquist = 1, efficiency_change = 1, technical_change = 1;
  std::optional<double> group_median;
  int64_t group_count = 0;
};
Signal malmquist_signal(const MalmquistSignalInput& m);  // benchmark_signals.cpp

struct SignalInputs {
  std::vector<GoalSignalInput> goals;
  std::vector<AmbitionSignalInput> ambitions;
  std::vector<PositionSignalInput> positions;
  std::vector<TrendSignalInput> trends;
  std::optional<ProductivitySignalInput> productivity;
  std::vector<SurveySignalInput> surveys;
  std::optional<EfficiencySignalInput> efficiency;
  std::optional<MalmquistSignalInput> malmquist;
};

// ---------------------------------------------------------------------------------------------
// Step 3: per area.

struct AreaRatingInput {
  std::string area_key;
  std::optional<int> level;  // nullopt = not rated (yet)
};

struct Scale {
  int min_level = 1;
  int max_level = 4;
  // Optional level labels, labels[i] for level min_level + i ("Emerging", ..., "Leading"):
  // empty, or exactly one per level.
  std::vector<std::string> labels;
};

// data_view: P positive and N negative signals (mixed and neutral ones count for neither):
//   positive if P > N, negative if N > P, mixed if P == N > 0, and when P == N == 0: mixed if
//   any signal is mixed, else neutral (this includes an area with no signals).
// disagreement, only for a rated area, when either
//   (a) the rating is at the top level and more than half of the judged goals are off track
//       (the example; it stands even when other signals outweigh the goals), or
//   (b) the rating is in the top half of the scale (level > (min + max) / 2) and the data view
//       is negative, or in the bottom half (level < (min + max) / 2) and it is positive.
//       On a scale with an odd number of levels the middle level is in neither half.
// disagreement_reason: one plain sentence naming the rating and the data, e.g.
//   "Rated Leading (4 of 4), but 3 of 4 goals are off track."
//   "Rated Emerging (1 of 4), but 2 of 3 data signals are positive: ...; ...."
// empty without a disagreement.
struct AreaSignals {
  std::string area_key;
  std::optional<int> level;
  std::vector<Signal> signals;  // in signal_routes() order, then input order
  Direction data_view = Direction::neutral;
  bool disagreement = false;
  std::string disagreement_reason;
};

// One AreaSignals per given area, in the given order. Errors (invalid_input, every problem in
// details, named like "areas[2].level" or "positions[0].quartile"): a scale with min > max or
// labels of the wrong count; an empty or repeated area key; a level outside the scale; a
// position with quartile outside 1..4, count < 1 or rank outside 1..count; a non-finite number;
// a survey share outside 0..1.
Result<std::vector<AreaSignals>> derive_signals(std::span<const AreaRatingInput> areas,
                                                const Scale& scale, const SignalInputs& inputs);

}  // namespace pvf::measure
