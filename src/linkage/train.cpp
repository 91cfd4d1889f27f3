#include "linkage/train.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

namespace pvf::linkage {
namespace {

// splitmix64: a small, fast generator whose output is the same on every platform (the
// standard library's distributions are not), so a seed always draws the same pairs.
struct SplitMix {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n): the modulo bias is below n / 2^64, nothing for n < 2^32.
  uint64_t below(uint64_t n) { return next() % n; }
};

using LevelCounts = std::vector<std::vector<uint64_t>>;  // [comparison][level]

LevelCounts zero_counts(const PairComparer& comparer) {
  LevelCounts counts(comparer.size());
  for (std::size_t c = 0; c < comparer.size(); ++c)
    counts[c].assign(static_cast<std::size_t>(comparer.comparison(c).levels()), 0);
  return counts;
}

void set_u(LinkModel& model, const LevelCounts& counts) {
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    ComparisonModel& cm = model.comparisons[c];
    cm.u_count = counts[c];
    double present = 0;
    for (std::size_t l = 1; l < counts[c].size(); ++l) present += static_cast<double>(counts[c][l]);
    if (present == 0) continue;  // never both present: keep the flat start
    double total = 0;
    for (std::size_t l = 1; l < counts[c].size(); ++l) {
      cm.u[l] = std::max(static_cast<double>(counts[c][l]), 0.5);
      total += cm.u[l];
    }
    for (std::size_t l = 1; l < counts[c].size(); ++l) cm.u[l] /= total;
  }
}

// Reports progress at most every 100 ms, from whichever thread gets the lock.
class Throttle {
 public:
  explicit Throttle(const PairProgress& progress) : progress_(progress) {}
  bool report(uint64_t done, uint64_t total) {
    if (!progress_ || !lock_.try_lock()) return true;
    std::lock_guard<std::mutex> guard(lock_, std::adopt_lock);
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return true;
    last_ = now;
    return progress_(done, total);
  }

 private:
  const PairProgress& progress_;
  std::mutex lock_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

std::optional<PatternCounts> count_patterns(const std::vector<RuleBlocks>& blocks,
                                            const PairComparer& comparer, LinkType link_type,
                                            const PairProgress& progress) {
  std::vector<PatternCounts> per_slot(pair_slots());
  bool finished = for_each_candidate_pair(
      blocks, link_type,
      [&](std::size_t slot, const PairBatch& batch) {
        PatternCounts& counts = per_slot[slot];
        for (std::size_t i = 0; i < batch.a.size(); ++i)
          ++counts[comparer.pattern(batch.a[i], batch.b[i])];
      },
      progress);
  if (!finished) return std::nullopt;
  PatternCounts total;
  for (auto& counts : per_slot)
    for (const auto& [pattern, n] : counts) total[pattern] += n;
  return total;
}

bool estimate_u(LinkModel& model, const Records& records, const PairComparer& comparer,
                LinkType link_type, int64_t max_pairs, uint64_t seed,
                const PairProgress& progress) {
  const uint64_t all = total_pairs(records, link_type);
  std::vector<LevelCounts> per_slot(pair_slots(), zero_counts(comparer));
  auto tally = [&](LevelCounts& counts, uint32_t a, uint32_t b) {
    for (std::size_t c = 0; c < comparer.size(); ++c)
      ++counts[c][static_cast<std::size_t>(
          comparer.comparison(c).level(comparer.value(c, a), comparer.value(c, b)))];
  };
  if (all <= static_cast<uint64_t>(max_pairs)) {
    // Few enough to compare every pair: u is then exact, not estimated.
    auto every = build_blocks({}, records, link_type);
    bool finished = for_each_candidate_pair(
        every, link_type,
        [&](std::size_t slot, const PairBatch& batch) {
          for (std::size_t i = 0; i < batch.a.size(); ++i) tally(per_slot[slot], batch.a[i], batch.b[i]);
        },
        progress);
    if (!finished) return false;
    model.u_pairs = all;
    model.u_exhaustive = true;
  } else {
    const uint64_t n = records.size();
    const uint64_t left = link_type == LinkType::link_only ? records.count_in(0) : n;
    constexpr uint64_t kChunk = 1 << 16;
    const auto pairs = static_cast<uint64_t>(max_pairs);
    const uint64_t chunks = (pairs + kChunk - 1) / kChunk;
    std::atomic<uint64_t> done{0};
    std::atomic<bool> stopped{false};
    Throttle throttle(progress);
    tbb::task_group_context context;
    tbb::parallel_for(
        tbb::blocked_range<uint64_t>(0, chunks, 1),
        [&](const tbb::blocked_range<uint64_t>& range) {
          auto slot = static_cast<std::size_t>(tbb::this_task_arena::current_thread_index());
          for (uint64_t chunk = range.begin(); chunk != range.end(); ++chunk) {
            if (stopped) return;
            // Each chunk has its own stream, so the draws do not depend on the thread count.
            SplitMix rng{seed * 0x9E3779B97F4A7C15ULL + chunk + 1};
            uint64_t count = std::min(kChunk, pairs - chunk * kChunk);
            for (uint64_t i = 0; i < count; ++i) {
              uint32_t a = 0;
              uint32_t b = 0;
              if (link_type == LinkType::link_only) {
                a = static_cast<uint32_t>(rng.below(left));
                b = static_cast<uint32_t>(left + rng.below(n - left));
              } else {
                a = static_cast<uint32_t>(rng.below(n));
                b = static_cast<uint32_t>(rng.below(n - 1));
                if (b >= a) ++b;  // a pair of two different records, uniformly
              }
              tally(per_slot[slot], a, b);
            }
            uint64_t now = done.fetch_add(count) + count;
            if (!throttle.report(now, pairs)) {
              stopped = true;
              context.cancel_group_execution();
            }
          }
        },
        context);
    if (stopped) return false;
    model.u_pairs = pairs;
    model.u_exhaustive = false;
  }
  LevelCounts total = zero_counts(comparer);
  for (const auto& counts : per_slot)
    for (std::size_t c = 0; c < counts.size(); ++c)
      for (std::size_t l = 0; l < counts[c].size(); ++l) total[c][l] += counts[c][l];
  set_u(model, total);
  return true;
}

void correct_u_for_matches(LinkModel& model, double lambda) {
  for (auto& cm : model.comparisons) {
    double present = 0;
    for (std::size_t l = 1; l < cm.u_count.size(); ++l)
      present += static_cast<double>(cm.u_count[l]);
    if (present == 0) continue;
    double total = 0;
    std::vector<double> u(cm.u.size(), 0.0);
    for (std::size_t l = 1; l < u.size(); ++l) {
      double observed = static_cast<double>(cm.u_count[l]) / present;
      u[l] = std::max((observed - lambda * cm.m[l]) / (1 - lambda), 0.5 / present);
      total += u[l];
    }
    for (std::size_t l = 1; l < u.size(); ++l) cm.u[l] = u[l] / total;
  }
}

namespace {

struct PatternRow {
  uint64_t count;
  std::vector<int> level;  // per comparison
};

std::vector<PatternRow> rows_of(const PatternCounts& counts, std::size_t comparisons) {
  std::vector<PatternRow> rows;
  rows.reserve(counts.size());
  for (const auto& [pattern, n] : counts) {
    PatternRow row{n, std::vector<int>(comparisons)};
    for (std::size_t c = 0; c < comparisons; ++c) row.level[c] = level_of(pattern, c);
    rows.push_back(std::move(row));
  }
  return rows;
}

// P(match | pattern) given the parameters; comparisons not in `use` are left out.
double match_share(const PatternRow& row, const std::vector<std::vector<double>>& m,
                   const std::vector<std::vector<double>>& u, const std::vector<bool>& use,
                   double lambda) {
  double pm = lambda;
  double pu = 1 - lambda;
  for (std::size_t c = 0; c < row.level.size(); ++c) {
    if (!use[c] || row.level[c] == 0) continue;
    auto l = static_cast<std::size_t>(row.level[c]);
    pm *= m[c][l];
    pu *= u[c][l];
  }
  double sum = pm + pu;
  return sum > 0 ? pm / sum : 0;
}

// One probability vector from masses over levels 1.., floored so no level reaches 0; returns
// the largest change from `old`.
double normalise_levels(const std::vector<double>& mass, std::vector<double>& old) {
  // m may not reach 0: one disagreement would then veto any match whatever else agrees.
  constexpr double kFloor = 1e-6;
  double present = 0;
  for (std::size_t l = 1; l < mass.size(); ++l) present += mass[l];
  if (present <= 0) return 0;
  double sum = 0;
  std::vector<double> next(mass.size(), 0.0);
  for (std::size_t l = 1; l < mass.size(); ++l) {
    next[l] = std::max(mass[l] / present, kFloor);
    sum += next[l];
  }
  double change = 0;
  for (std::size_t l = 1; l < mass.size(); ++l) {
    next[l] /= sum;
    change = std::max(change, std::fabs(next[l] - old[l]));
  }
  old = std::move(next);
  return change;
}

}  // namespace

EmResult run_em(const PatternCounts& counts, const LinkModel& start,
                const std::vector<EmRole>& roles, double lambda, const EmOptions& options,
                bool estimate_u) {
  const std::size_t comparisons = start.comparisons.size();
  EmResult result;
  for (const auto& c : start.comparisons) {
    result.m.push_back(c.m);
    result.u.push_back(c.u);
  }
  result.lambda = lambda;
  const std::vector<PatternRow> rows = rows_of(counts, comparisons);
  double total = 0;
  for (const auto& row : rows) total += static_cast<double>(row.count);
  if (total == 0) return result;
  std::vector<bool> use(comparisons);
  for (std::size_t c = 0; c < comparisons; ++c) use[c] = roles[c] != EmRole::ignore;

  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    std::vector<std::vector<double>> match_mass(comparisons);
    std::vector<std::vector<double>> other_mass(comparisons);
    for (std::size_t c = 0; c < comparisons; ++c) {
      match_mass[c].assign(result.m[c].size(), 0.0);
      other_mass[c].assign(result.m[c].size(), 0.0);
    }
    double matches = 0;
    for (const auto& row : rows) {
      double n = static_cast<double>(row.count);
      double w = match_share(row, result.m, result.u, use, result.lambda) * n;
      matches += w;
      for (std::size_t c = 0; c < comparisons; ++c) {
        auto l = static_cast<std::size_t>(row.level[c]);
        match_mass[c][l] += w;
        other_mass[c][l] += n - w;
      }
    }
    double change = std::fabs(matches / total - result.lambda);
    result.lambda = matches / total;
    for (std::size_t c = 0; c < comparisons; ++c) {
      if (roles[c] == EmRole::estimate)
        change = std::max(change, normalise_levels(match_mass[c], result.m[c]));
      if (estimate_u && use[c])
        change = std::max(change, normalise_levels(other_mass[c], result.u[c]));
    }
    result.iterations = iteration;
    if (change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

double estimate_lambda(const PatternCounts& counts, const LinkModel& model, double start,
                       const EmOptions& options) {
  const std::size_t comparisons = model.comparisons.size();
  std::vector<std::vector<double>> m;
  std::vector<std::vector<double>> u;
  for (const auto& c : model.comparisons) {
    m.push_back(c.m);
    u.push_back(c.u);
  }
  const std::vector<bool> use(comparisons, true);
  const std::vector<PatternRow> rows = rows_of(counts, comparisons);
  double total = 0;
  for (const auto& row : rows) total += static_cast<double>(row.count);
  if (total == 0) return start;
  double lambda = start;
  // λ alone converges slowly when matches are rare; allow more rounds than the m sessions.
  for (int iteration = 0; iteration < std::max(options.max_iterations, 200); ++iteration) {
    double matches = 0;
    for (const auto& row : rows)
      matches += match_share(row, m, u, use, lambda) * static_cast<double>(row.count);
    double next = matches / total;
    bool done = std::fabs(next - lambda) < options.tolerance * std::max(next, 1e-12);
    lambda = next;
    if (done) break;
  }
  return lambda;
}

}  // namespace pvf::linkage
