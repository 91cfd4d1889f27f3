#include "measure/comparison.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace pvf::measure {
namespace {

// Excel QUARTILE.INC / R type 7 on sorted, non-empty input.
double quantile_inc(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto k = static_cast<size_t>(std::floor(h));
  if (k + 1 >= sorted.size()) return sorted.back();
  return sorted[k] + (h - static_cast<double>(k)) * (sorted[k + 1] - sorted[k]);
}

// Median written as (a + b) / 2 rather than a + 0.5 * (b - a): the two differ in the last bit,
// and (a + b) / 2 is what Excel's MEDIAN and Oflog's published medians use.
double median_sorted(const std::vector<double>& sorted) {
  const size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

// The first problem in where/message, every problem in details.
Error with_details(std::vector<ErrorDetail> details) {
  Error err =
      Error::invalid(details.front().where + ": " + details.front().message, details.front().where);
  err.details = std::move(details);
  return err;
}

int quartile_of(double v, const Distribution& d, Polarity polarity) {
  if (polarity == Polarity::lower_is_better) {
    if (v <= d.q1) return 1;
    if (v <= d.median) return 2;
    if (v <= d.q3) return 3;
    return 4;
  }
  if (v >= d.q3) return 1;
  if (v >= d.median) return 2;
  if (v >= d.q1) return 3;
  return 4;
}

}  // namespace

Result<Distribution> describe(std::span<const double> values) {
  if (values.empty()) return fail(Error::invalid("no values to describe"));
  std::vector<ErrorDetail> bad;
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      bad.push_back({"values[" + std::to_string(i) + "]", "is not a finite number"});
  if (!bad.empty()) return fail(with_details(std::move(bad)));

  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Distribution d;
  d.count = sorted.size();
  d.min = sorted.front();
  d.max = sorted.back();
  d.q1 = quantile_inc(sorted, 0.25);
  d.median = median_sorted(sorted);
  d.q3 = quantile_inc(sorted, 0.75);
  std::vector<double> deviations;
  deviations.reserve(sorted.size());
  for (double v : sorted) deviations.push_back(std::fabs(v - d.median));
  std::sort(deviations.begin(), deviations.end());
  d.mad = median_sorted(deviations);
  return d;
}

Result<Comparison> compare(std::span<const BodyValue> values, Polarity polarity) {
  if (values.empty()) return fail(Error::invalid("no bodies to compare"));
  std::vector<ErrorDetail> bad;
  std::unordered_map<int64_t, size_t> seen;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string where = "body_id " + std::to_string(values[i].body_id);
    if (!std::isfinite(values[i].value)) bad.push_back({where, "value is not a finite number"});
    auto [it, inserted] = seen.emplace(values[i].body_id, i);
    if (!inserted)
      bad.push_back({where, "given more than once (values[" + std::to_string(it->second) +
                                "] and values[" + std::to_string(i) + "])"});
  }
  if (!bad.empty()) return fail(with_details(std::move(bad)));

  std::vector<double> raw;
  raw.reserve(values.size());
  for (const auto& v : values) raw.push_back(v.value);
  auto dist = describe(raw);
  if (!dist) return fail(dist.error());

  Comparison out;
  out.distribution = *dist;
  out.bodies.reserve(values.size());
  for (const auto& v : values) {
    PlacedValue p;
    p.body_id = v.body_id;
    p.value = v.value;
    if (dist->mad > 0)
      p.mads_from_median = (v.value - dist->median) / dist->mad;
    else if (v.value == dist->median)
      p.mads_from_median = 0.0;
    p.quartile = quartile_of(v.value, *dist, polarity);
    out.bodies.push_back(p);
  }
  // Best first; neutral ranks the highest value first, like Oflog's "desc".
  const bool ascending = polarity == Polarity::lower_is_better;
  std::sort(out.bodies.begin(), out.bodies.end(), [&](const PlacedValue& a, const PlacedValue& b) {
    if (a.value != b.value) return ascending ? a.value < b.value : a.value > b.value;
    return a.body_id < b.body_id;
  });
  for (size_t i = 0; i < out.bodies.size(); ++i) {
    const bool tied_with_previous = i > 0 && out.bodies[i].value == out.bodies[i - 1].value;
    out.bodies[i].rank = tied_with_previous ? out.bodies[i - 1].rank : static_cast<int>(i) + 1;
  }
  return out;
}

}  // namespace pvf::measure
