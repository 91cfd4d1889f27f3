// Scoring candidate pairs with a trained model, streamed: each pair's weight and probability is
// computed as the pair is generated; pairs at or above the threshold go to the caller's sink in
// batches and are kept as links (8 bytes each) for clustering. Below-threshold pairs leave only
// a count in the weight histogram.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "linkage/blocking.h"
#include "linkage/comparison.h"
#include "linkage/model.h"

namespace pvf::linkage {

// A pair's score from its pattern and values. Immutable; thread-safe.
class PairScorer {
 public:
  PairScorer(const LinkModel& model, const PairComparer& comparer);
  double weight(uint32_t a, uint32_t b, Pattern pattern) const;
  // How much comparison `c` adds to the weight of this pair (0 when a value is missing): the
  // steps of a waterfall chart.
  double contribution(std::size_t c, uint32_t a, uint32_t b, Pattern pattern) const;
  double prior_weight() const { return prior_weight_; }

 private:
  const PairComparer& comparer_;
  double prior_weight_ = 0;
  std::vector<std::vector<double>> weights_;  // [comparison][level]
  std::vector<double> m_exact_;               // per comparison with term frequencies, else 0
};

struct ScoredPair {
  uint32_t a = 0;  // record indices, as the candidate stream gives them
  uint32_t b = 0;
  Pattern pattern = 0;
  double match_weight = 0;
  double match_probability = 0;
};

// Receives batches of pairs at or above the threshold; never called concurrently.
using ScoredSink = std::function<void(std::span<const ScoredPair>)>;

// Match weights of every candidate pair in unit-wide bins, [-40, 40) with the ends open.
struct WeightHistogram {
  static constexpr int kLow = -40;
  static constexpr int kHigh = 40;
  std::vector<uint64_t> counts = std::vector<uint64_t>(kHigh - kLow, 0);
  void add(double weight);
};

struct Prediction {
  uint64_t candidate_pairs = 0;
  uint64_t predicted_pairs = 0;
  std::vector<std::pair<uint32_t, uint32_t>> links;  // the predicted pairs, for clustering
  WeightHistogram histogram;
};

// nullopt if progress stopped it.
std::optional<Prediction> predict(const std::vector<RuleBlocks>& blocks,
                                  const PairComparer& comparer, const PairScorer& scorer,
                                  LinkType link_type, double threshold_probability,
                                  const ScoredSink& sink, const PairProgress& progress = {});

// Connected components of the links over `records` records: each record's cluster is named by
// its smallest record index. Near-linear (union–find with path halving and union by size).
std::vector<uint32_t> connected_components(
    std::size_t records, const std::vector<std::pair<uint32_t, uint32_t>>& links);

}  // namespace pvf::linkage
