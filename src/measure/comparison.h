// Comparing bodies on one indicator and period, as Oflog and LG Inform publish it: each body's
// value, rank, quarter of the distribution and distance from the median in median absolute
// deviations (MADs). Pure: plain values in, Result out; no I/O, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "measure/indicator.h"

namespace pvf::measure {

// The spread of one indicator's values over a set of bodies, in the indicator's own unit.
//
// Quartiles follow Excel's QUARTILE.INC (= PERCENTILE.INC, R's quantile type 7, numpy's default
// "linear"): sort the n values x[0..n-1]; the p-quantile is x[k] + f * (x[k+1] - x[k]) with
// h = (n - 1) * p, k = floor(h), f = h - k. So q1, median and q3 match what a user gets from
// =QUARTILE.INC(range, 1/2/3) in Excel. (The median of an even count is the mean of the two middle
// values, computed as (a + b) / 2 like Excel's MEDIAN.)
//
// `mad` is the RAW median absolute deviation, median(|x - median|), NOT scaled by 1.4826 to
// estimate a normal standard deviation: this is the figure Oflog divides by in its published
// "MADs from median" column.
struct Distribution {
  size_t count = 0;
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0, mad = 0;
};

// Errors (invalid_input, with every bad position in `details` as "values[i]") on empty input or
// any non-finite value. O(n log n).
Result<Distribution> describe(std::span<const double> values);

struct BodyValue {
  int64_t body_id = 0;
  double value = 0;
};

struct PlacedValue {
  int64_t body_id = 0;
  double value = 0;
  // 1 = best by polarity (for neutral indicators 1 = highest value). Equal values share the
  // lowest rank of their group and the next rank skips ("1, 2, 2, 4"; standard competition
  // ranking, like Excel's RANK.EQ). Equality is exact.
  int rank = 0;
  // (value - median) / MAD, signed as Oflog publishes it: positive = above the median, whatever
  // the polarity. When MAD is 0 (at least half the bodies share the median value): 0 for a value
  // equal to the median, nullopt (undefined) for any other.
  std::optional<double> mads_from_median;
  // 1 = best quarter ... 4 = worst quarter, against the distribution's q1/median/q3 taken in the
  // polarity's direction (neutral: 1 = top values). A value exactly on a boundary goes to the
  // BETTER quarter. For higher-is-better and neutral:
  //   1: value >= q3;  2: median <= value < q3;  3: q1 <= value < median;  4: value < q1.
  // For lower-is-better the mirror image:
  //   1: value <= q1;  2: q1 < value <= median;  3: median < value <= q3;  4: value > q3.
  // Equal values therefore always share a quarter; when every body has the same value all are 1.
  int quartile = 0;
};

struct Comparison {
  Distribution distribution;
  std::vector<PlacedValue> bodies;  // ordered by rank, then body_id
};

// Places every body in the distribution of all the given values. Errors (invalid_input, every
// problem in `details`): no values, a non-finite value, a body_id given more than once.
// O(n log n).
Result<Comparison> compare(std::span<const BodyValue> values, Polarity polarity);

}  // namespace pvf::measure
