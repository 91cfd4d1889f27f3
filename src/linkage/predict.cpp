#include "linkage/predict.h"

#include <cmath>
#include <mutex>
#include <numeric>

namespace pvf::linkage {

PairScorer::PairScorer(const LinkModel& model, const PairComparer& comparer)
    : comparer_(comparer), prior_weight_(model.prior_weight()) {
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const ComparisonModel& cm = model.comparisons[c];
    std::vector<double> w(cm.m.size(), 0.0);
    for (std::size_t l = 1; l < cm.m.size(); ++l) w[l] = cm.weight(static_cast<int>(l));
    weights_.push_back(std::move(w));
    m_exact_.push_back(cm.term_frequency ? cm.m[1] : 0.0);
  }
}

double PairScorer::contribution(std::size_t c, uint32_t a, uint32_t, Pattern pattern) const {
  int level = level_of(pattern, c);
  if (level == 1 && m_exact_[c] > 0) {
    // Term frequency: an exact agreement is as likely among non-matches as the value is common.
    double f = comparer_.comparison(c).frequency(comparer_.value(c, a));
    if (f > 0) return std::log2(m_exact_[c] / f);
  }
  return weights_[c][static_cast<std::size_t>(level)];
}

double PairScorer::weight(uint32_t a, uint32_t b, Pattern pattern) const {
  double w = prior_weight_;
  for (std::size_t c = 0; c < weights_.size(); ++c) w += contribution(c, a, b, pattern);
  return w;
}

void WeightHistogram::add(double weight) {
  int bin = static_cast<int>(std::floor(weight));
  bin = std::clamp(bin, kLow, kHigh - 1);
  ++counts[static_cast<std::size_t>(bin - kLow)];
}

std::optional<Prediction> predict(const std::vector<RuleBlocks>& blocks,
                                  const PairComparer& comparer, const PairScorer& scorer,
                                  LinkType link_type, double threshold_probability,
                                  const ScoredSink& sink, const PairProgress& progress) {
  struct Slot {
    std::vector<ScoredPair> pending;
    std::vector<std::pair<uint32_t, uint32_t>> links;
    WeightHistogram histogram;
    uint64_t candidates = 0;
  };
  std::vector<Slot> slots(pair_slots());
  std::mutex sink_lock;
  constexpr std::size_t kFlush = 4096;
  auto flush = [&](Slot& slot) {
    if (slot.pending.empty()) return;
    if (sink) {
      std::lock_guard<std::mutex> guard(sink_lock);
      sink(slot.pending);
    }
    slot.pending.clear();
  };
  // Compare weights, not probabilities: exact for every threshold and cheaper per pair.
  const double threshold_weight = weight_from_probability(threshold_probability);
  bool finished = for_each_candidate_pair(
      blocks, link_type,
      [&](std::size_t s, const PairBatch& batch) {
        Slot& slot = slots[s];
        slot.candidates += batch.a.size();
        for (std::size_t i = 0; i < batch.a.size(); ++i) {
          uint32_t a = batch.a[i];
          uint32_t b = batch.b[i];
          Pattern pattern = comparer.pattern(a, b);
          double w = scorer.weight(a, b, pattern);
          slot.histogram.add(w);
          if (w < threshold_weight) continue;
          double p = probability_from_weight(w);
          if (p < threshold_probability) continue;  // the rounding edge of the weight test
          slot.pending.push_back(ScoredPair{a, b, pattern, w, p});
          slot.links.emplace_back(a, b);
          if (slot.pending.size() >= kFlush) flush(slot);
        }
      },
      progress);
  if (!finished) return std::nullopt;
  Prediction out;
  for (auto& slot : slots) {
    flush(slot);
    out.candidate_pairs += slot.candidates;
    out.predicted_pairs += slot.links.size();
    out.links.insert(out.links.end(), slot.links.begin(), slot.links.end());
    for (std::size_t i = 0; i < slot.histogram.counts.size(); ++i)
      out.histogram.counts[i] += slot.histogram.counts[i];
    std::vector<std::pair<uint32_t, uint32_t>>().swap(slot.links);
  }
  return out;
}

std::vector<uint32_t> connected_components(
    std::size_t records, const std::vector<std::pair<uint32_t, uint32_t>>& links) {
  std::vector<uint32_t> parent(records);
  std::vector<uint32_t> size(records, 1);
  std::iota(parent.begin(), parent.end(), 0U);
  auto find = [&](uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (const auto& [a, b] : links) {
    uint32_t ra = find(a);
    uint32_t rb = find(b);
    if (ra == rb) continue;
    if (size[ra] < size[rb]) std::swap(ra, rb);
    parent[rb] = ra;
    size[ra] += size[rb];
  }
  // Name each cluster by its smallest record index, so the names do not depend on link order.
  std::vector<uint32_t> smallest(records, UINT32_MAX);
  for (uint32_t r = 0; r < records; ++r) {
    uint32_t root = find(r);
    if (smallest[root] == UINT32_MAX) smallest[root] = r;  // r rises, so the first is smallest
  }
  std::vector<uint32_t> cluster(records);
  for (uint32_t r = 0; r < records; ++r) cluster[r] = smallest[find(r)];
  return cluster;
}

}  // namespace pvf::linkage
