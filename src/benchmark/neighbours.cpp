#include "benchmark/neighbours.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace pvf::benchmark {

namespace {

std::string indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

std::string shown(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

Status done(std::vector<ErrorDetail> problems, std::string summary) {
  if (problems.empty()) return {};
  return fail(Error::invalid_all(std::move(problems), std::move(summary)));
}

void check_settings(const std::vector<std::string>& variables, const std::vector<double>& weights,
                    int k, std::vector<ErrorDetail>& problems) {
  if (k < 1)
    problems.push_back(
        {"k", "k must be at least 1 (the number of neighbours), not " + std::to_string(k)});
  if (variables.empty()) problems.push_back({"variables", "no variables: name at least one"});
  std::unordered_map<std::string, size_t> seen;
  for (size_t v = 0; v < variables.size(); ++v) {
    if (variables[v].empty()) {
      problems.push_back({indexed("variables", v), "variable name is empty"});
      continue;
    }
    auto [it, fresh] = seen.emplace(variables[v], v);
    if (!fresh)
      problems.push_back({indexed("variables", v), "variable '" + variables[v] +
                                                       "' is named twice (also variables[" +
                                                       std::to_string(it->second) + "])"});
  }
  if (weights.empty()) return;
  if (weights.size() != variables.size()) {
    problems.push_back({"weights", std::to_string(weights.size()) + " weights for " +
                                       std::to_string(variables.size()) +
                                       " variables: give one weight per variable, in order"});
    return;
  }
  bool any_positive = false;
  for (size_t v = 0; v < weights.size(); ++v) {
    const double w = weights[v];
    if (!std::isfinite(w))
      problems.push_back({indexed("weights", v), "weight of '" + variables[v] + "' is not finite"});
    else if (w < 0)
      problems.push_back({indexed("weights", v), "weight of '" + variables[v] + "' is negative (" +
                                                     shown(w) + "); weights must be 0 or more"});
    else if (w > 0)
      any_positive = true;
  }
  if (!any_positive && problems.empty())
    problems.push_back({"weights", "every weight is 0: at least one variable must count"});
}

void check_data(const NeighbourInput& in, std::vector<ErrorDetail>& problems) {
  const size_t n = in.ids.size();
  const size_t m = in.variables.size();
  if (in.k >= 1 && n < static_cast<size_t>(in.k) + 1)
    problems.push_back(
        {"ids", std::to_string(in.k) + " neighbours need at least " + std::to_string(in.k + 1) +
                    " bodies, but there " + (n == 1 ? "is " : "are ") + std::to_string(n) +
                    (n >= 2 ? "; choose k of at most " + std::to_string(n - 1) : std::string())});
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < n; ++i) {
    if (in.ids[i].empty()) {
      problems.push_back({indexed("ids", i), "id is empty"});
      continue;
    }
    auto [it, fresh] = seen.emplace(in.ids[i], i);
    if (!fresh)
      problems.push_back({indexed("ids", i), "id '" + in.ids[i] + "' repeats ids[" +
                                                 std::to_string(it->second) + "]"});
  }
  if (in.values.size() != n * m) {
    problems.push_back({"values", "values hold " + std::to_string(in.values.size()) + " numbers; " +
                                      std::to_string(n) + " bodies by " + std::to_string(m) +
                                      " variables need " + std::to_string(n * m)});
    return;
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t v = 0; v < m; ++v)
      if (!std::isfinite(in.values[i * m + v]))
        problems.push_back({"values[" + std::to_string(i) + "][" + std::to_string(v) + "]",
                            "value of '" + in.variables[v] + "' for '" + in.ids[i] +
                                "' is not finite (" + shown(in.values[i * m + v]) + ")"});
}

// A candidate neighbour while sorting one body's row; `order` is the id's position in byte
// order of all ids, so ties compare integers rather than strings.
struct Candidate {
  double distance;
  size_t order;
  size_t index;
  bool operator<(const Candidate& o) const {
    return distance < o.distance || (distance == o.distance && order < o.order);
  }
};

struct RowScratch {
  std::vector<double> squared;
  std::vector<Candidate> row;
};

// Body i's k nearest, from the variable-major weighted coordinates (n bodies per column).
BodyNeighbours rank_row(size_t i, const std::vector<std::string>& ids,
                        const std::vector<size_t>& order, const std::vector<double>& coords,
                        size_t k, RowScratch& scratch) {
  const size_t n = ids.size();
  const size_t dims = coords.size() / n;
  std::vector<double>& sq = scratch.squared;
  sq.assign(n, 0.0);
  for (size_t v = 0; v < dims; ++v) {
    const double* col = coords.data() + v * n;
    const double zi = col[i];
    for (size_t j = 0; j < n; ++j) {
      const double t = col[j] - zi;
      sq[j] += t * t;
    }
  }
  double farthest = 0;
  for (size_t j = 0; j < n; ++j)
    if (j != i) farthest = std::max(farthest, sq[j]);
  farthest = std::sqrt(farthest);
  BodyNeighbours body{ids[i], farthest, {}};
  // The caller refuses this; NaN distances must not reach the sort (no strict weak order).
  if (!(farthest > 0) || !std::isfinite(farthest)) return body;
  std::vector<Candidate>& row = scratch.row;
  row.clear();
  for (size_t j = 0; j < n; ++j)
    if (j != i) row.push_back({std::sqrt(sq[j]) / farthest, order[j], j});
  std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(k), row.end());
  body.neighbours.reserve(k);
  for (size_t r = 0; r < k; ++r)
    body.neighbours.push_back(
        {row[r].index, ids[row[r].index], static_cast<int>(r + 1), row[r].distance});
  return body;
}

}  // namespace

Status check_neighbour_settings(const std::vector<std::string>& variables,
                                const std::vector<double>& weights, int k) {
  std::vector<ErrorDetail> problems;
  check_settings(variables, weights, k, problems);
  return done(std::move(problems), "the neighbour settings have problems");
}

Result<NeighbourResult> compute_neighbours(const NeighbourInput& in) {
  std::vector<ErrorDetail> problems;
  check_settings(in.variables, in.weights, in.k, problems);
  check_data(in, problems);
  if (auto s = done(std::move(problems), "the neighbour input has problems"); !s)
    return fail(std::move(s.error()));

  const size_t n = in.ids.size();
  const size_t m = in.variables.size();
  NeighbourResult result;
  result.variables.reserve(m);

  // Standardised coordinates stored variable-major (one column of n bodies per weighted
  // variable), each pre-multiplied by sqrt(weight) so a distance is a plain Euclidean norm. The
  // layout lets the distance loop run down contiguous columns for all bodies at once, which the
  // compiler vectorises without reordering any sum: d_ij and d_ji add the same terms in the same
  // order, so the raw distances are exactly symmetric.
  std::vector<double> coords;
  coords.reserve(n * m);
  for (size_t v = 0; v < m; ++v) {
    VariableScale scale{in.variables[v], in.weights.empty() ? 1.0 : in.weights[v], 0, 0};
    // Work in units of a power of two near the largest magnitude: exact (no rounding), and the
    // sums below can then neither overflow (values near 1e308) nor underflow (near 1e-308).
    double lo = in.values[v], hi = in.values[v], big = 0;
    for (size_t i = 0; i < n; ++i) {
      const double x = in.values[i * m + v];
      lo = std::min(lo, x);
      hi = std::max(hi, x);
      big = std::max(big, std::fabs(x));
    }
    int exponent = 0;
    std::frexp(big, &exponent);
    const double unit = std::ldexp(1.0, exponent);
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += in.values[i * m + v] / unit;
    const double mean = sum / static_cast<double>(n);
    double sd = 0;
    // Exact comparison, not a tolerance: a column of one repeated value can still yield a tiny
    // nonzero sd through rounding in the mean, which would blow rounding noise up to unit size.
    if (lo != hi) {
      double ss = 0;
      for (size_t i = 0; i < n; ++i) {
        const double d = in.values[i * m + v] / unit - mean;
        ss += d * d;
      }
      sd = std::sqrt(ss / static_cast<double>(n - 1));
    }
    scale.mean = mean * unit;
    scale.sd = sd * unit;
    if (scale.weight > 0 && lo == hi) {
      problems.push_back({indexed("variables", v),
                          "variable '" + in.variables[v] + "' has the same value (" + shown(lo) +
                              ") for every body: zero variance cannot be standardised; drop it "
                              "or give it weight 0"});
    } else if (scale.weight > 0) {
      const double factor = std::sqrt(scale.weight) / sd;
      for (size_t i = 0; i < n; ++i)
        coords.push_back((in.values[i * m + v] / unit - mean) * factor);
    }
    result.variables.push_back(std::move(scale));
  }
  if (auto s = done(std::move(problems), "the neighbour input has problems"); !s)
    return fail(std::move(s.error()));
  std::vector<size_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), size_t{0});
  std::sort(by_id.begin(), by_id.end(), [&](size_t a, size_t b) { return in.ids[a] < in.ids[b]; });
  std::vector<size_t> order(n);
  for (size_t r = 0; r < n; ++r) order[by_id[r]] = r;

  const size_t k = static_cast<size_t>(in.k);
  result.bodies.resize(n);
  // Rows are independent; each block of rows gets its own scratch buffers, and every row is
  // written to its own slot, so the result is the same whatever the thread count.
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 32), [&](const auto& range) {
    RowScratch scratch;
    for (size_t i = range.begin(); i != range.end(); ++i)
      result.bodies[i] = rank_row(i, in.ids, order, coords, k, scratch);
  });
  for (size_t i = 0; i < n; ++i) {
    const double farthest = result.bodies[i].farthest;
    if (!std::isfinite(farthest))
      return fail(
          Error::invalid("distances overflow: the weights are too large; scale them all "
                         "down (only their ratios matter)",
                         "weights"));
    // Some weighted variable varies, so no body coincides with all the others; only values that
    // differ by a few units in the last place of a double could still collapse to one point.
    if (!(farthest > 0))
      return fail(Error::invalid("'" + in.ids[i] + "' is at distance 0 from every other body: " +
                                     "the variables' values differ only by rounding",
                                 indexed("ids", i)));
  }
  return result;
}

}  // namespace pvf::benchmark
