// The Fellegi–Sunter model: for each comparison and level, m = P(level | match) and
// u = P(level | non-match); λ = P(two random records match). A pair's match weight is
//   log2(λ / (1 − λ)) + Σ log2(m / u)   (missing values add nothing),
// its match probability 2^w / (1 + 2^w). With term-frequency adjustment, an exact agreement on
// a value of frequency f scores log2(m / f) instead of log2(m / u): agreeing on a rare surname
// says more than agreeing on "smith".
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "linkage/comparison.h"

namespace pvf::linkage {

struct ComparisonModel {
  std::string column;
  std::string method;
  bool term_frequency = false;
  std::vector<std::string> labels;  // per level; [0] is "null"
  std::vector<double> m;            // per level; [0] unused (0)
  std::vector<double> u;
  std::vector<uint64_t> u_count;    // random pairs seen at each level
  bool m_estimated = false;         // false: m kept its starting values (no session could)
  bool m_fixed = false;             // m was given in the settings

  double weight(int level) const {
    return level == 0 ? 0.0 : std::log2(m[static_cast<std::size_t>(level)] /
                                         u[static_cast<std::size_t>(level)]);
  }
};

// One EM session: the pairs blocked by one training rule.
struct EmSession {
  std::string rule;
  uint64_t pairs = 0;
  int iterations = 0;
  bool converged = false;
  double lambda = 0;                     // share of the session's pairs that match
  std::vector<std::string> estimated;    // columns whose m this session estimated
  std::vector<std::string> fixed;        // columns in the rule: not estimated here
  bool ran = true;                       // false: skipped (see note)
  std::string note;
};

struct LinkModel {
  double prior = 0;          // λ
  std::string prior_source;  // "fixed", "deterministic_rules" or "em"
  std::vector<ComparisonModel> comparisons;
  std::vector<EmSession> sessions;
  uint64_t u_pairs = 0;      // random pairs compared to estimate u
  bool u_exhaustive = false; // every pair was compared (small data)

  bool converged() const {
    for (const auto& s : sessions)
      if (s.ran && !s.converged) return false;
    return true;
  }
  double prior_weight() const { return std::log2(prior / (1 - prior)); }
};

// Starting values: m high at exact and falling level by level; u flat until estimated.
LinkModel initial_model(const PairComparer& comparer);

nlohmann::json to_json(const LinkModel& model);
// Reads what to_json wrote (model.json), for scoring with a model trained before. Checks its
// shape and probabilities, naming the JSON path of each problem; whether it fits the settings
// is run_linkage's check.
Result<LinkModel> model_from_json(const nlohmann::json& json);

// The match weight of a probability: ±infinity at 0 and 1 (a threshold nothing, or everything,
// reaches).
inline double weight_from_probability(double probability) {
  if (probability <= 0) return -INFINITY;
  if (probability >= 1) return INFINITY;
  return std::log2(probability / (1 - probability));
}

inline double probability_from_weight(double weight) {
  return 1.0 / (1.0 + std::exp2(-weight));
}

}  // namespace pvf::linkage
