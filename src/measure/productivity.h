// Public service productivity by the ONS method (Atkinson Review, 2005): a cost-weighted,
// chain-linked Laspeyres index of activity (output) over a chain-linked index of deflated
// expenditure (inputs). Pure: plain records in, indices, contributions and unit costs out.
//
// Output link from period t-1 to t, over the activities present in both periods:
//   L_t = Σₐ wₐ,ₜ₋₁ · (qₐ,ₜ·sₐ,ₜ) / (qₐ,ₜ₋₁·sₐ,ₜ₋₁)
// where q is the activity volume, s its quality multiplier (1 when not adjusted) and
// wₐ,ₜ₋₁ = cₐ,ₜ₋₁·qₐ,ₜ₋₁ / Σᵦ cᵦ,ₜ₋₁·qᵦ,ₜ₋₁ its share of cost (unit cost × unadjusted volume) in
// t-1. The sum in the weights' denominator runs over the same activities as the link: an activity
// present in only one of the two periods is left out of that link (with a warning) and the
// weights are renormalised over the rest, so the link still averages like-for-like growth.
// Output index: 100 in the reference period (below), then I_t = I_{t-1} · L_t.
//
// Inputs: volume = expenditure ÷ deflator. Each input line is linked like an activity with
// weights = its share of nominal expenditure in t-1, so the input link is
//   Σₗ Xₗ,ₜ₋₁/ΣXₜ₋₁ · (Xₗ,ₜ/Dₗ,ₜ)/(Xₗ,ₜ₋₁/Dₗ,ₜ₋₁);
// the deflator's base year cancels in every link, so any base will do (2022-23 = 100, = 1, ...)
// as long as one line uses one series throughout. Records with an empty `input` name are one
// undivided total per body and period; its link is simply volumeₜ/volumeₜ₋₁.
// Productivity index = 100 × output index ÷ input index.
//
// Units: unit cost and expenditure in £ nominal (any one currency unit throughout); volumes in
// the activity's own unit (cases, visits, pupils...); quality a dimensionless multiplier
// (1 = unchanged quality); deflator a price index (any base). Unit-cost rows and trends are in
// the nominal £ given, not deflated.
//
// Periods: each body's periods must all be of one kind (financial years, quarters, or calendar
// years). A series is chain-linked over the periods it has, in time order; a gap (2019-20 then
// 2021-22) is linked directly, with a warning. The reference period, where the output and input
// indices are both 100, is the body's first period present in BOTH the activity and the input
// records — normally the first period of all. A period before it that only one series has is
// chained backwards (I_{t-1} = I_t / L_t), so both indices always share one reference and the
// productivity ratio means something. A period present in one series only gets the other index
// (and productivity) absent, with a warning. A body with no period in common gets each index
// referenced to its own first period and no productivity.
//
// Zeros: a volume (or expenditure) of 0 is valid — a service that did nothing that period.
// In t it contributes growth of -100 % at its t-1 weight; in t-1 its cost weight is 0, so
// leaving it out of the link changes nothing, and a warning is given only if it is positive in
// t (its growth from zero cannot be measured). When no item has a positive t-1 weight in a
// link, the link is undefined: the chain breaks there (warning) and the index is absent for
// every period not chained to the reference period. Unit cost, quality and deflator must be
// positive. Anything not finite, negative, or otherwise outside these rules makes the whole
// call fail with every problem listed in Error.details.
//
// Thread safety: no shared state. Complexity: O(n log n) in the number of records.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/period.h"
#include "core/result.h"

namespace pvf::measure {

// One activity of one body in one period. Duplicate (body, period, activity) is an error.
struct ActivityRecord {
  std::string body;
  Period period;
  std::string activity;
  double volume = 0;     // >= 0, the activity's own unit
  double unit_cost = 0;  // > 0, £ nominal per unit of volume
  double quality = 1.0;  // > 0, multiplies volume in the growth term (not in the cost weight)
};

// One input line (or, with `input` empty, all inputs) of one body in one period.
// Duplicate (body, period, input) is an error; a body may not mix empty and named lines.
struct InputRecord {
  std::string body;
  Period period;
  std::string input;       // e.g. "labour", "goods_and_services", "capital"; "" = total
  double expenditure = 0;  // >= 0, £ nominal
  double deflator = 0;     // > 0, price index (any base)
};

// One row per body and period present in either series. Absent = cannot be computed (see the
// warnings): the period is missing from that series or its chain is broken.
struct IndexRow {
  std::string body;
  Period period;
  std::optional<double> output_index, input_index, productivity_index;
};

// One activity's part in the output link into `period` (from the body's previous period with
// activity data). cost_share_previous is the renormalised weight w (shares over the activities
// in the link sum to 1); growth is the quality-adjusted volume growth (qₜsₜ)/(qₜ₋₁sₜ₋₁) - 1 as
// a fraction; contribution_points = w·growth·100. Within a link they sum to (L - 1)·100.
struct ActivityContribution {
  std::string body;
  Period period;
  std::string activity;
  double cost_share_previous = 0;
  double growth = 0;
  double contribution_points = 0;
};

// The unit cost of one activity in one period, £ nominal. change_from_previous is the
// fractional change from the immediately preceding period (Period::previous()); absent when
// the activity has no record for that period.
struct UnitCostRow {
  std::string body;
  std::string activity;
  Period period;
  double unit_cost = 0;
  std::optional<double> change_from_previous;
};

// An activity's unit cost from its first to its last period. annual_change is the compound
// annual rate (last/first)^(1/years) - 1, years measured by period_to_year (a quarter is 1/4);
// absent when first == last.
struct UnitCostTrend {
  std::string body;
  std::string activity;
  Period first, last;
  double first_cost = 0, last_cost = 0;
  std::optional<double> annual_change;
};

// Something the user should know that does not stop the calculation. `period` is the period
// the warning is about (for a link, the later period), or "" for the body as a whole.
struct ProductivityWarning {
  std::string body;
  std::string period;
  std::string message;
};

// Orders: indices and contributions by body, period (then activity); unit costs and trends by
// body, activity, period; warnings by body, then period ("" first), then as found.
struct ProductivityResult {
  std::vector<IndexRow> indices;
  std::vector<ActivityContribution> contributions;
  std::vector<UnitCostRow> unit_costs;
  std::vector<UnitCostTrend> unit_cost_trends;
  std::vector<ProductivityWarning> warnings;
};

// Fails (invalid_input, every problem in details, `where` naming the record by its key) on an
// empty body/activity name, a bad number (see the header comment), a duplicate key, a body whose
// periods are of more than one kind, or a body mixing total and named input lines.
Result<ProductivityResult> compute_productivity(std::span<const ActivityRecord> activities,
                                                std::span<const InputRecord> inputs);

}  // namespace pvf::measure
