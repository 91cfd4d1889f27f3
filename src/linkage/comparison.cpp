#include "linkage/comparison.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "linkage/dates.h"
#include "linkage/postcode.h"
#include "linkage/string_metrics.h"

namespace pvf::linkage {
namespace {

// Two dates written YYYYMMDD are one edit apart when they differ in one digit, or in two
// adjacent digits swapped (a transposition). Equal lengths rule out insertions and deletions.
bool one_edit_apart(const std::array<char, 8>& a, const std::array<char, 8>& b) {
  int first = -1;
  int differences = 0;
  for (int i = 0; i < 8; ++i) {
    if (a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(i)]) {
      if (first < 0) first = i;
      ++differences;
    }
  }
  if (differences == 1) return true;
  if (differences != 2 || first == 7) return false;
  auto f = static_cast<std::size_t>(first);
  return a[f] == b[f + 1] && a[f + 1] == b[f];
}

}  // namespace

PreparedComparison PreparedComparison::prepare(const ComparisonSpec& spec, const Column& column) {
  PreparedComparison p;
  p.spec_ = spec;
  p.levels_ = spec.level_count();
  const std::size_t values = column.pool.size();
  p.text_.resize(values);
  for (uint32_t v = 0; v < values; ++v) p.text_[v] = column.pool.text(v);

  uint64_t present = 0;
  for (uint32_t v = 1; v < values; ++v) present += column.count[v];
  p.frequency_.assign(values, 0.0);
  for (uint32_t v = 1; v < values; ++v)
    p.frequency_[v] = present ? static_cast<double>(column.count[v]) / static_cast<double>(present)
                              : 0.0;

  switch (spec.method) {
    case ComparisonMethod::date:
      p.days_.assign(values, 0);
      p.compact_.assign(values, std::array<char, 8>{});
      for (uint32_t v = 1; v < values; ++v) {
        // Values of a date column are already standardised to YYYY-MM-DD.
        if (auto d = parse_date(p.text_[v], "%Y-%m-%d")) {
          p.days_[v] = days_since_epoch(*d);
          write_compact(*d, p.compact_[v].data());
        }
      }
      break;
    case ComparisonMethod::numeric:
      p.number_.assign(values, 0.0);
      for (uint32_t v = 1; v < values; ++v) {
        std::string_view t = p.text_[v];
        std::from_chars(t.data(), t.data() + t.size(), p.number_[v]);
      }
      break;
    case ComparisonMethod::postcode: {
      p.parts_.assign(values, std::array<uint32_t, 3>{});
      std::unordered_map<std::string, uint32_t> ids;
      auto id_of = [&](const std::string& part) {
        return ids.emplace(part, static_cast<uint32_t>(ids.size() + 1)).first->second;
      };
      for (uint32_t v = 1; v < values; ++v) {
        if (auto pc = parse_uk_postcode(p.text_[v]))
          p.parts_[v] = {id_of(pc->sector), id_of(pc->district), id_of(pc->area)};
      }
      break;
    }
    case ComparisonMethod::dice:
      p.clk_.assign(values, Clk{});
      p.bits_.assign(values, 0);
      for (uint32_t v = 1; v < values; ++v) {
        // The records builder has checked every encoding.
        if (auto clk = clk_from_base64(p.text_[v])) {
          p.clk_[v] = *clk;
          p.bits_[v] = popcount(*clk);
        }
      }
      break;
    default:
      break;
  }
  return p;
}

int PreparedComparison::similarity_level(double similarity) const {
  for (std::size_t i = 0; i < spec_.thresholds.size(); ++i)
    if (similarity >= spec_.thresholds[i]) return 2 + static_cast<int>(i);
  return levels_ - 1;
}

int PreparedComparison::distance_level(double distance) const {
  for (std::size_t i = 0; i < spec_.thresholds.size(); ++i)
    if (distance <= spec_.thresholds[i]) return 2 + static_cast<int>(i);
  return levels_ - 1;
}

int PreparedComparison::level(uint32_t a, uint32_t b) const {
  if (a == 0 || b == 0) return 0;
  if (a == b) return 1;
  switch (spec_.method) {
    case ComparisonMethod::exact:
      return 2;
    case ComparisonMethod::jaro_winkler:
      return similarity_level(jaro_winkler(text_[a], text_[b]));
    case ComparisonMethod::jaro:
      return similarity_level(jaro(text_[a], text_[b]));
    case ComparisonMethod::jaccard:
      return similarity_level(jaccard(text_[a], text_[b], spec_.q));
    case ComparisonMethod::levenshtein: {
      // Lengths alone can rule out every threshold: the distance is at least their difference.
      auto gap = static_cast<double>(text_[a].size() > text_[b].size()
                                         ? text_[a].size() - text_[b].size()
                                         : text_[b].size() - text_[a].size());
      if (gap > spec_.thresholds.back()) return levels_ - 1;
      return distance_level(levenshtein(text_[a], text_[b]));
    }
    case ComparisonMethod::damerau_levenshtein: {
      auto gap = static_cast<double>(text_[a].size() > text_[b].size()
                                         ? text_[a].size() - text_[b].size()
                                         : text_[b].size() - text_[a].size());
      if (gap > spec_.thresholds.back()) return levels_ - 1;
      return distance_level(damerau_levenshtein(text_[a], text_[b]));
    }
    case ComparisonMethod::numeric: {
      double x = number_[a];
      double y = number_[b];
      double difference = std::fabs(x - y);
      if (spec_.relative) {
        double scale = std::max(std::fabs(x), std::fabs(y));
        difference = scale > 0 ? difference / scale : 0;
      }
      return distance_level(difference);
    }
    case ComparisonMethod::date: {
      if (one_edit_apart(compact_[a], compact_[b])) return 2;
      int gap = std::abs(days_[a] - days_[b]);
      if (gap <= 31) return 3;
      if (gap <= 366) return 4;
      if (gap <= 3653) return 5;
      return 6;
    }
    case ComparisonMethod::postcode: {
      const auto& x = parts_[a];
      const auto& y = parts_[b];
      for (std::size_t i = 0; i < 3; ++i)
        if (x[i] != 0 && x[i] == y[i]) return 2 + static_cast<int>(i);
      return 5;
    }
    case ComparisonMethod::dice: {
      // Bit counts bound the coefficient (2 min / sum): most pairs of a linkage on encodings
      // are ruled out without touching their bits.
      const int low = std::min(bits_[a], bits_[b]);
      const int sum = bits_[a] + bits_[b];
      if (sum > 0 && 2.0 * low < spec_.thresholds.back() * sum) return levels_ - 1;
      return similarity_level(dice_with_counts(clk_[a], bits_[a], clk_[b], bits_[b]));
    }
  }
  return levels_ - 1;
}

PairComparer PairComparer::create(const LinkSettings& settings, const Records& records) {
  PairComparer comparer;
  comparer.width_ = settings.comparisons.size();
  comparer.ids_.resize(records.size() * comparer.width_);
  for (std::size_t i = 0; i < settings.comparisons.size(); ++i) {
    const ComparisonSpec& spec = settings.comparisons[i];
    const Column& column =
        records.columns[static_cast<std::size_t>(records.column_index(spec.column))];
    comparer.comparisons_.push_back(PreparedComparison::prepare(spec, column));
    for (std::size_t r = 0; r < records.size(); ++r)
      comparer.ids_[r * comparer.width_ + i] = column.value[r];
  }
  return comparer;
}

}  // namespace pvf::linkage
