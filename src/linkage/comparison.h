// Comparing two records: each comparison puts a pair into one of its levels (null, exact, the
// thresholds, else), and the levels of all comparisons make the pair's pattern, 4 bits per
// comparison in a 64-bit word. Patterns are what the model scores and EM counts; they are
// computed fresh for every pair in the stream, never stored per pair.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "linkage/clk.h"
#include "linkage/records.h"
#include "linkage/settings.h"

namespace pvf::linkage {

using Pattern = uint64_t;

inline int level_of(Pattern pattern, std::size_t comparison) {
  return static_cast<int>((pattern >> (4 * comparison)) & 15U);
}
inline Pattern with_level(Pattern pattern, std::size_t comparison, int level) {
  return pattern | (static_cast<Pattern>(level) << (4 * comparison));
}

// One comparison, with what it needs of each distinct value computed once (parsed dates,
// postcode parts, decoded encodings). Immutable after prepare(); level() is thread-safe.
class PreparedComparison {
 public:
  // `column` must be the records' column named by spec.column.
  static PreparedComparison prepare(const ComparisonSpec& spec, const Column& column);

  const ComparisonSpec& spec() const { return spec_; }
  int levels() const { return levels_; }

  // The level of two values (ids into the column's pool): 0 if either is missing, 1 if equal,
  // then the first threshold level they meet, else levels() - 1.
  int level(uint32_t a, uint32_t b) const;

  // Share of the records with a value that hold `value` (term frequency), in (0, 1].
  double frequency(uint32_t value) const { return frequency_[value]; }

 private:
  int similarity_level(double similarity) const;
  int distance_level(double distance) const;

  ComparisonSpec spec_;
  int levels_ = 3;
  std::vector<std::string_view> text_;  // per value id
  std::vector<double> frequency_;
  std::vector<int32_t> days_;                  // date
  std::vector<std::array<char, 8>> compact_;   // date, YYYYMMDD
  std::vector<double> number_;                 // numeric
  std::vector<std::array<uint32_t, 3>> parts_; // postcode: sector, district, area (0 = none)
  std::vector<Clk> clk_;                       // dice
  std::vector<int> bits_;                      // dice: popcount
};

// Every comparison of the settings over the records.
class PairComparer {
 public:
  static PairComparer create(const LinkSettings& settings, const Records& records);

  std::size_t size() const { return comparisons_.size(); }
  const PreparedComparison& comparison(std::size_t i) const { return comparisons_[i]; }
  // The value id record `record` holds for comparison `i`.
  uint32_t value(std::size_t i, uint32_t record) const { return ids_[record * width_ + i]; }

  // The pattern of records a and b. Thread-safe; no allocation.
  Pattern pattern(uint32_t a, uint32_t b) const {
    const uint32_t* x = &ids_[a * width_];
    const uint32_t* y = &ids_[b * width_];
    Pattern p = 0;
    for (std::size_t i = 0; i < comparisons_.size(); ++i)
      p = with_level(p, i, comparisons_[i].level(x[i], y[i]));
    return p;
  }

 private:
  std::vector<PreparedComparison> comparisons_;
  // Each record's value ids side by side (record-major): a pair's comparisons read two cache
  // lines, not two per comparison.
  std::vector<uint32_t> ids_;
  std::size_t width_ = 0;
};

}  // namespace pvf::linkage
