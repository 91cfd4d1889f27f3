// INTERNAL to the observation import (observations_*.cpp; not API): the look-ups its per-row
// loop makes — periods, indicators, bodies, and the (indicator, period, body) keys already seen.
// Everything here sits on the import's hot path (≥ 500,000 rows/s, BENCHMARKS.md), so it is
// defined inline in this header: string look-ups by string_view without a copy, a one-entry
// cache in front of each hash map (rows of one indicator or period come in runs), and dense
// uint32 numbering so that a seen-key check is a bit test. Not thread-safe; one import owns each.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/period.h"
#include "measure/indicator.h"
#include "store/records.h"

namespace pvf::store::observations_detail {

// Hash maps keyed by std::string that are searched by std::string_view (no temporary string).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// Distinct period texts, each parsed once.
class PeriodCache {
 public:
  struct Entry {
    std::string canonical;
    Period::Kind kind = Period::Kind::financial_year;
    std::string error;  // why it is not a period; empty when it is
  };
  // The entry's index for a raw period text (parsed on first sight). Amortised O(1).
  uint32_t lookup(std::string_view raw) {
    if (last_ != kNone && raw == last_raw_) return last_;
    auto it = index_.find(raw);
    if (it == index_.end()) {
      Entry e;
      if (auto p = Period::parse(raw)) {
        e.canonical = p->to_string();
        e.kind = p->kind();
      } else {
        e.error = p.error().message;
      }
      entries_.push_back(std::move(e));
      it = index_.emplace(std::string(raw), static_cast<uint32_t>(entries_.size() - 1)).first;
    }
    last_raw_.assign(raw);
    return last_ = it->second;
  }
  const Entry& operator[](uint32_t i) const { return entries_[i]; }

 private:
  static constexpr uint32_t kNone = ~0u;
  StringMap<uint32_t> index_;
  std::deque<Entry> entries_;  // stable: pending rows point at `canonical`
  std::string last_raw_;
  uint32_t last_ = kNone;
};

// Dense numbering of indicators: the stored ones, then (Oflog) those to create.
struct Indicators {
  struct Entry {
    int64_t id = 0;  // 0 until created
    measure::Frequency frequency = measure::Frequency::annual;
    std::string key;
  };
  StringMap<uint32_t> by_key;
  std::vector<Entry> entries;
  std::string last_key;
  uint32_t last = ~0u;
  std::optional<uint32_t> find(std::string_view key) {
    if (last != ~0u && key == last_key) return last;
    auto it = by_key.find(key);
    if (it == by_key.end()) return std::nullopt;
    last_key.assign(key);
    return last = it->second;
  }
  uint32_t add(Entry e) {
    entries.push_back(std::move(e));
    const auto i = static_cast<uint32_t>(entries.size() - 1);
    by_key.emplace(entries.back().key, i);
    return i;
  }
};

// Dense numbering of bodies: the stored ones, then (Oflog) those to create.
struct Bodies {
  std::vector<Body> stored;  // dense index = position; new bodies appended (id 0)
  StringMap<uint32_t> by_code, by_name;
  std::optional<uint32_t> find(std::string_view text, bool by_name_too) const {
    if (auto it = by_code.find(text); it != by_code.end()) return it->second;
    if (by_name_too)
      if (auto it = by_name.find(text); it != by_name.end()) return it->second;
    return std::nullopt;
  }
};

// (indicator, period, body) keys seen in this file: a bitset over bodies per indicator x period.
class KeySet {
 public:
  // False when the key was seen before.
  bool insert(uint32_t indicator, uint32_t period, uint32_t body) {
    const uint64_t pair = (uint64_t{indicator} << 32) | period;
    if (pair != last_pair_ || !last_) {
      last_ = &bits_[pair];
      last_pair_ = pair;
    }
    auto& bits = *last_;
    if (body / 64 >= bits.size()) bits.resize(body / 64 + 1);
    const uint64_t mask = uint64_t{1} << (body % 64);
    if (bits[body / 64] & mask) return false;
    bits[body / 64] |= mask;
    return true;
  }

 private:
  std::unordered_map<uint64_t, std::vector<uint64_t>> bits_;
  uint64_t last_pair_ = 0;
  std::vector<uint64_t>* last_ = nullptr;
};

}  // namespace pvf::store::observations_detail
