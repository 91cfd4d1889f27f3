// INTERNAL to src/store (not API; nothing outside src/store includes it): helpers shared by
// indicators_repo.cpp, the observation import (observations_*.cpp) and
// comparison_groups_repo.cpp. Implemented in indicators_repo.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/csv.h"
#include "core/result.h"
#include "store/db.h"
#include "store/indicators_repo.h"

namespace pvf::store::indicators_detail {

// The problems of one import in file order. Keeps the first `cap` and counts the rest, which
// error() summarises as a last detail "... and N more problems".
class ProblemList {
 public:
  explicit ProblemList(size_t cap = 1000) : cap_(cap) {}
  void add(std::string where, std::string message);
  bool empty() const { return count_ == 0; }
  int64_t count() const { return count_; }
  // invalid_input "<source>: N problem(s); nothing was imported", first problem in where.
  Error error(const std::string& source) const;

 private:
  size_t cap_;
  int64_t count_ = 0;
  std::vector<ErrorDetail> details_;
};

// The columns of a table by lower-cased header name; reports unknown and repeated columns and
// missing required ones ("file:1:column").
std::optional<std::vector<std::pair<std::string, size_t>>> header_columns(
    const csv::Table& table, const std::vector<std::string_view>& allowed,
    const std::vector<std::string_view>& required, ProblemList& problems);
std::optional<size_t> column_of(const std::vector<std::pair<std::string, size_t>>& columns,
                                std::string_view name);
// The trimmed cell, "" when the column is absent.
std::string cell(const csv::Row& row, std::optional<size_t> column);

// By key (trimmed); nullopt when none has it.
Result<std::optional<Indicator>> find_indicator(Database& db, std::string_view key);

}  // namespace pvf::store::indicators_detail
