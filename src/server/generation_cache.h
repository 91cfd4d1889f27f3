// Responses cached by key and data generation: a counter the store moves on with every change
// to what the responses show (store::data_generation for scorecards, store::measure_generation
// for the measurement views). Read in the request's own snapshot, the generation says exactly
// when a cached value is stale, whoever wrote (server, CLI or another process), so a hit is
// never out of date. Entries of an older generation are dropped together; the cache is
// bounded by clearing when full. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace pvf::server {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class GenerationCache {
 public:
  explicit GenerationCache(size_t max_entries) : max_entries_(max_entries) {}

  std::optional<Value> find(const Key& key, int64_t generation) {
    std::lock_guard lock(mutex_);
    if (generation != generation_) return std::nullopt;
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

  void put(const Key& key, int64_t generation, Value value) {
    std::lock_guard lock(mutex_);
    if (generation < generation_) return;  // computed from an older snapshot
    if (generation > generation_ || values_.size() >= max_entries_) {
      values_.clear();
      generation_ = generation;
    }
    values_.insert_or_assign(key, std::move(value));
  }

 private:
  size_t max_entries_;
  std::mutex mutex_;
  int64_t generation_ = -1;
  std::unordered_map<Key, Value, Hash> values_;
};

}  // namespace pvf::server
