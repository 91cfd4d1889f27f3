// INTERNAL to src/store (not API; nothing outside src/store includes it): the CSV import
// plumbing shared by goals_repo.cpp, productivity_repo.cpp and surveys_repo.cpp, following the
// import contract of measure_repo.h. Implemented in measure_import_detail.cpp.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/csv.h"
#include "core/period.h"
#include "core/result.h"
#include "store/db.h"
#include "store/import_summary.h"
#include "store/records.h"

namespace pvf::store::measure_detail {

// Collects the problems of one import, each with the error code it implies.
class Problems {
 public:
  void add(std::string where, std::string message, ErrorCode code = ErrorCode::invalid_input);
  bool empty() const { return details_.empty(); }
  // "<source>: the file has N problem(s); nothing was imported", every problem in details; the
  // code is forbidden if any problem was, else conflict if any was, else invalid_input.
  Error error(const std::string& source) const;

 private:
  std::vector<ErrorDetail> details_;
  bool forbidden_ = false;
  bool conflict_ = false;
};

// The columns of a table by name. Reports unknown, repeated and missing required columns.
class Columns {
 public:
  Columns(const csv::Table& table, std::vector<std::string_view> required,
          std::vector<std::string_view> optional, Problems& problems);
  bool has(std::string_view name) const { return index(name).has_value(); }
  std::optional<size_t> index(std::string_view name) const;
  // The trimmed cell, "" when the column is absent.
  std::string cell(const csv::Row& row, std::string_view name) const;

 private:
  std::vector<std::pair<std::string, size_t>> found_;
};

// A finite number ("1234.5", "1e6", a leading "+"); nullopt with `why` set otherwise
// ("'x' is not a number", "is empty: expected a number", out of range, not finite).
std::optional<double> parse_number(std::string_view text, std::string& why);

// A `period` cell as Period::parse reads it; adds the problem at `where` when it is empty or
// no period.
std::optional<Period> read_period(const std::string& cell, const std::string& where,
                                  Problems& problems);

// Stored bodies by code, then exact name.
class BodyResolver {
 public:
  static Result<BodyResolver> load(Database& db);
  std::optional<int64_t> find(const std::string& code_or_name) const;
  // find() for a `body` cell; adds the problem at `where` when it is empty or names no body.
  std::optional<int64_t> resolve(const std::string& cell, const std::string& where,
                                 Problems& problems) const;
  const std::string& name(int64_t id) const;  // "?" for an unknown id

 private:
  std::vector<std::pair<std::string, int64_t>> by_code_, by_name_;  // sorted
  std::vector<std::pair<int64_t, std::string>> names_;              // sorted by id
};

// Adds the problem "outside the actor's body" (forbidden) for body leads and assessors.
void check_scope(const Actor& actor, int64_t body_id, const std::string& body_name,
                 const std::string& where, Problems& problems);

// Records the import: its observation_imports row (sets summary.import_id), the audit entry
// "<kind>.import" with the counts and `extra`, and a measure_generation bump when asked and any
// row was inserted or updated. Returns the import's id.
Result<int64_t> record_import(Database& db, const Actor& actor, std::string_view kind,
                              const csv::Table& table, std::string_view sha256,
                              ImportSummary& summary, bool bump_generation,
                              nlohmann::json extra = nlohmann::json::object());

}  // namespace pvf::store::measure_detail
