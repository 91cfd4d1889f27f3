// Training a Fellegi–Sunter model as Splink does: u from random pairs, m by expectation–
// maximisation over blocked pairs (one session per training rule; a rule's own columns agree by
// construction in its pairs, so their m is not estimated there), and the prior λ fixed, from
// deterministic rules, or by EM over the candidate pairs. EM runs on a histogram of level
// patterns, not on pairs: a pass over the pairs fills it, and its size is bounded by the
// number of distinct patterns, not the number of pairs.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "linkage/blocking.h"
#include "linkage/comparison.h"
#include "linkage/model.h"
#include "linkage/records.h"
#include "linkage/settings.h"

namespace pvf::linkage {

using PatternCounts = std::unordered_map<Pattern, uint64_t>;

// The pattern histogram of every candidate pair of `blocks`. nullopt if progress stopped it.
std::optional<PatternCounts> count_patterns(const std::vector<RuleBlocks>& blocks,
                                            const PairComparer& comparer, LinkType link_type,
                                            const PairProgress& progress = {});

// Sets u (and u_count) of every comparison from `max_pairs` random pairs drawn with `seed`, or
// from every pair when there are no more than that. A level never seen gets half a pair's
// share (it is rare among non-matches, not impossible). Deterministic for a seed, whatever the
// number of threads. Returns false if progress stopped it.
bool estimate_u(LinkModel& model, const Records& records, const PairComparer& comparer,
                LinkType link_type, int64_t max_pairs, uint64_t seed,
                const PairProgress& progress = {});

// Random pairs include matches (a share λ of them), which inflate u at the agreeing levels,
// badly so when λ is not tiny (small files) or a comparison is sharp. Given m and λ, the
// non-match share of each level is (P(level) − λ m) / (1 − λ), P from the sampled counts.
// A level's u never drops below half a pair's share.
void correct_u_for_matches(LinkModel& model, double lambda);

struct EmResult {
  std::vector<std::vector<double>> m;  // per comparison, per level (estimated ones updated)
  std::vector<std::vector<double>> u;  // the non-matches' levels within these pairs
  double lambda = 0;
  int iterations = 0;
  bool converged = false;
};

// What a comparison does in an EM session.
enum class EmRole {
  estimate,  // its m is estimated
  fixed,     // its m is known (given by the user): used, not changed
  ignore,    // left out of the likelihood (its column is in the session's blocking rule)
};

// EM over a pattern histogram with u fixed: m of the comparisons to estimate and λ are updated
// until no value moves more than options.tolerance, or max_iterations. With `estimate_u`, the
// non-matches' level shares are estimated too, within these pairs: blocked pairs are not random
// pairs (people sharing a postcode share a town and often a surname), so u from random pairs
// would make EM read every local agreement as a match. Only m is kept from a session. Pure.
EmResult run_em(const PatternCounts& counts, const LinkModel& start,
                const std::vector<EmRole>& roles, double lambda, const EmOptions& options,
                bool estimate_u = false);

// λ among the pairs of a histogram with m and u fixed (EM on λ alone).
double estimate_lambda(const PatternCounts& counts, const LinkModel& model, double start,
                       const EmOptions& options);

}  // namespace pvf::linkage
