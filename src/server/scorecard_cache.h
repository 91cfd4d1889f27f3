// Scorecard responses cached by assessment and data generation (store::data_generation): a
// scorecard is read far more often than anything it shows changes, and the generation, read in
// the request's own snapshot, says exactly when a cached one is stale. Thread-safe; bounded.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace pvf::server {

class ScorecardCache {
 public:
  explicit ScorecardCache(size_t max_entries = 20000) : max_entries_(max_entries) {}

  std::optional<std::string> find(int64_t assessment_id, int64_t generation) {
    std::lock_guard lock(mutex_);
    if (generation != generation_) return std::nullopt;
    auto it = bodies_.find(assessment_id);
    if (it == bodies_.end()) return std::nullopt;
    return it->second;
  }

  void put(int64_t assessment_id, int64_t generation, std::string body) {
    std::lock_guard lock(mutex_);
    if (generation < generation_) return;  // computed from an older snapshot
    if (generation > generation_ || bodies_.size() >= max_entries_) {
      bodies_.clear();
      generation_ = generation;
    }
    bodies_[assessment_id] = std::move(body);
  }

 private:
  size_t max_entries_;
  std::mutex mutex_;
  int64_t generation_ = -1;
  std::unordered_map<int64_t, std::string> bodies_;
};

}  // namespace pvf::server
