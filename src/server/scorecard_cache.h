// Scorecard responses (JSON text) cached by assessment id and store::data_generation: a
// scorecard is read far more often than anything it shows changes.
#pragma once

#include <string>

#include "server/generation_cache.h"

namespace pvf::server {

class ScorecardCache : public GenerationCache<int64_t, std::string> {
 public:
  explicit ScorecardCache(size_t max_entries = 20000) : GenerationCache(max_entries) {}
};

}  // namespace pvf::server
