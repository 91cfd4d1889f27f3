#include "linkage/review.h"

#include <cmath>

namespace pvf::linkage {

PairExplanation explain_pair(const LinkModel& model, const PairComparer& comparer, uint32_t a,
                             uint32_t b) {
  const PairScorer scorer(model, comparer);
  const Pattern pattern = comparer.pattern(a, b);
  PairExplanation out;
  out.prior_weight = scorer.prior_weight();
  out.match_weight = out.prior_weight;
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const ComparisonModel& cm = model.comparisons[c];
    const int level = level_of(pattern, c);
    const auto levels = static_cast<int>(cm.m.size());
    WeightStep step;
    step.column = cm.column;
    step.label = cm.labels[static_cast<std::size_t>(level)];
    step.gamma = level == 0 ? -1 : levels - 1 - level;
    step.weight = scorer.contribution(c, a, b, pattern);
    if (level != 0) {
      step.m = cm.m[static_cast<std::size_t>(level)];
      step.u = cm.u[static_cast<std::size_t>(level)];
      if (level == 1 && cm.term_frequency) {
        step.u = comparer.comparison(c).frequency(comparer.value(c, a));
        step.term_frequency_adjusted = true;
      }
    }
    out.match_weight += step.weight;
    out.steps.push_back(std::move(step));
  }
  out.match_probability = probability_from_weight(out.match_weight);
  return out;
}

Result<QualityEstimate> estimate_quality(const WeightHistogram& histogram,
                                         const std::vector<ReviewLabel>& labels,
                                         double threshold_weight) {
  if (labels.empty())
    return fail(Error::invalid("no reviewed pairs yet: label some pairs in the review queue"));
  const std::size_t bins = histogram.counts.size();
  std::vector<uint64_t> reviewed(bins, 0);
  std::vector<uint64_t> matched(bins, 0);
  auto bin_of = [&](double weight) {
    int bin = static_cast<int>(std::floor(weight));
    bin = std::clamp(bin, WeightHistogram::kLow, WeightHistogram::kHigh - 1);
    return static_cast<std::size_t>(bin - WeightHistogram::kLow);
  };
  for (const auto& label : labels) {
    std::size_t bin = bin_of(label.match_weight);
    ++reviewed[bin];
    matched[bin] += label.match ? 1 : 0;
  }
  QualityEstimate q;
  q.labels = labels.size();
  double predicted_matches = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    const double count = static_cast<double>(histogram.counts[i]);
    const double low = WeightHistogram::kLow + static_cast<double>(i);
    double share = 0;
    if (reviewed[i] > 0) {
      share = static_cast<double>(matched[i]) / static_cast<double>(reviewed[i]);
      ++q.bins_reviewed;
    } else {
      share = probability_from_weight(low + 0.5);
    }
    const double matches = count * share;
    q.expected_matches += matches;
    if (low >= threshold_weight) {
      q.predicted_pairs += histogram.counts[i];
      predicted_matches += matches;
    }
  }
  q.precision = q.predicted_pairs ? predicted_matches / static_cast<double>(q.predicted_pairs) : 0;
  q.recall = q.expected_matches > 0 ? predicted_matches / q.expected_matches : 0;
  return q;
}

}  // namespace pvf::linkage
