// Looking inside a linkage result: why a pair scored what it did (a waterfall of weights), and
// how good the result is, estimated from clerical review. Reviewers label a sample of pairs
// near the threshold, where the model is least sure; within each match-weight bin the labelled
// share of true matches stands for the whole bin, and bins nobody reviewed fall back on the
// model's own probabilities. Pure functions over plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "linkage/comparison.h"
#include "linkage/model.h"
#include "linkage/predict.h"

namespace pvf::linkage {

// One step of a pair's waterfall: what a comparison found and how far it moved the weight.
struct WeightStep {
  std::string column;
  std::string label;       // the level: "exact", "jaro_winkler >= 0.92", "null"…
  int gamma = -1;          // Splink's numbering: -1 null, 0 else, up to exact
  double m = 0;            // 0 for a missing value
  double u = 0;            // the value's frequency when term frequencies adjusted it
  double weight = 0;       // added to the match weight
  bool term_frequency_adjusted = false;
};

struct PairExplanation {
  double prior_weight = 0;
  std::vector<WeightStep> steps;  // one per comparison, in the settings' order
  double match_weight = 0;        // prior_weight + Σ steps
  double match_probability = 0;
};

// Records a and b (indices into the records the comparer was built on), scored by `model`.
PairExplanation explain_pair(const LinkModel& model, const PairComparer& comparer, uint32_t a,
                             uint32_t b);

// A reviewed pair: its match weight and the reviewer's verdict.
struct ReviewLabel {
  double match_weight = 0;
  bool match = false;
};

struct QualityEstimate {
  double precision = 0;          // share of predicted pairs (weight ≥ threshold) that match
  double recall = 0;             // share of matching candidate pairs that are predicted
  uint64_t predicted_pairs = 0;  // in the histogram at or above the threshold
  double expected_matches = 0;   // among all candidate pairs
  std::size_t labels = 0;
  std::size_t bins_reviewed = 0;  // histogram bins holding at least one label
};

// Estimates precision and recall of the candidate pairs' histogram cut at `threshold_weight`
// (a bin belongs to the predicted side when its lower edge is at or above it). Each bin's
// matches: count × (labelled matches / labels) where labelled, else count × the model's
// probability at the bin's centre. Error when there are no labels.
Result<QualityEstimate> estimate_quality(const WeightHistogram& histogram,
                                         const std::vector<ReviewLabel>& labels,
                                         double threshold_weight);

}  // namespace pvf::linkage
