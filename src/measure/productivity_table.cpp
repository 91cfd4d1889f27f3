#include "measure/productivity_table.h"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace pvf::measure {

namespace {

enum class Sign { non_negative, positive };

// Reads the cells of one row, appending a problem (file:line:column, why) for each bad one.
class CellReader {
 public:
  CellReader(const csv::Table& table, const csv::Row& row, std::vector<ErrorDetail>& problems)
      : table_(table), row_(row), problems_(problems) {}

  std::optional<std::string> name(size_t col, std::string_view column) {
    const std::string& s = row_.fields[col];
    if (s.empty()) return bad(column, "is empty");
    return s;
  }

  std::optional<Period> period(size_t col) {
    const std::string& s = row_.fields[col];
    if (s.empty()) return bad("period", "is empty");
    auto p = Period::parse(s);
    if (!p) return bad("period", p.error().message);
    return *p;
  }

  std::optional<double> number(size_t col, std::string_view column, Sign sign) {
    std::string_view s = row_.fields[col];
    const std::string shown{s};
    if (s.empty()) return bad(column, "is empty: expected a number");
    if (s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range)
      return bad(column, "'" + shown + "' is out of range for a number");
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
      return bad(column, "'" + shown + "' is not a number");
    if (!std::isfinite(v)) return bad(column, "'" + shown + "' is not finite");
    if (v < 0) return bad(column, "'" + shown + "' is negative");
    if (v == 0 && sign == Sign::positive) return bad(column, "must be positive, not 0");
    return v;
  }

 private:
  std::nullopt_t bad(std::string_view column, std::string why) {
    problems_.push_back({table_.where(row_, column), std::string(column) + " " + why});
    return std::nullopt;
  }

  const csv::Table& table_;
  const csv::Row& row_;
  std::vector<ErrorDetail>& problems_;
};

// Finds each named column; a missing required one is a problem naming the file's header line.
std::vector<std::optional<size_t>> find_columns(const csv::Table& table,
                                                std::initializer_list<std::string_view> required,
                                                std::initializer_list<std::string_view> optional,
                                                std::string_view layout,
                                                std::vector<ErrorDetail>& problems) {
  std::vector<std::optional<size_t>> cols;
  for (std::string_view name : required) {
    cols.push_back(table.column(name));
    if (!cols.back())
      problems.push_back({table.source + ":1", "missing column '" + std::string(name) +
                                                   "' (the header needs " + std::string(layout) +
                                                   ")"});
  }
  for (std::string_view name : optional) cols.push_back(table.column(name));
  return cols;
}

template <class T>
Result<std::vector<T>> done(std::vector<T> records, std::vector<ErrorDetail> problems) {
  if (problems.empty()) return records;
  Error e = Error::invalid(problems.front().message, problems.front().where);
  e.details = std::move(problems);
  return fail(std::move(e));
}

using Key = std::tuple<std::string, std::string, std::string>;

}  // namespace

Result<std::vector<ActivityRecord>> read_activity(const csv::Table& table) {
  std::vector<ErrorDetail> problems;
  const auto cols =
      find_columns(table, {"body", "period", "activity", "volume", "unit_cost"}, {"quality"},
                   "body,period,activity,volume,unit_cost[,quality]", problems);
  if (!problems.empty()) return done(std::vector<ActivityRecord>{}, std::move(problems));
  std::vector<ActivityRecord> records;
  records.reserve(table.rows.size());
  std::map<Key, int> seen;  // key -> line, for duplicates
  for (const auto& row : table.rows) {
    CellReader cell(table, row, problems);
    auto body = cell.name(*cols[0], "body");
    auto period = cell.period(*cols[1]);
    auto activity = cell.name(*cols[2], "activity");
    auto volume = cell.number(*cols[3], "volume", Sign::non_negative);
    auto unit_cost = cell.number(*cols[4], "unit_cost", Sign::positive);
    std::optional<double> quality = 1.0;
    if (cols[5] && !row.fields[*cols[5]].empty())
      quality = cell.number(*cols[5], "quality", Sign::positive);
    if (body && period && activity) {
      auto [it, fresh] = seen.emplace(Key{*body, period->to_string(), *activity}, row.line);
      if (!fresh)
        problems.push_back({table.where(row, "activity"),
                            "activity '" + *activity + "' repeats line " +
                                std::to_string(it->second) + " (same body, period and activity)"});
    }
    if (body && period && activity && volume && unit_cost && quality)
      records.push_back({*body, *period, *activity, *volume, *unit_cost, *quality});
  }
  return done(std::move(records), std::move(problems));
}

Result<std::vector<InputRecord>> read_inputs(const csv::Table& table) {
  std::vector<ErrorDetail> problems;
  const auto cols = find_columns(table, {"body", "period", "expenditure", "deflator"}, {"input"},
                                 "body,period,expenditure,deflator[,input]", problems);
  if (!problems.empty()) return done(std::vector<InputRecord>{}, std::move(problems));
  const bool named = cols[4].has_value();
  std::vector<InputRecord> records;
  records.reserve(table.rows.size());
  std::map<Key, int> seen;
  for (const auto& row : table.rows) {
    CellReader cell(table, row, problems);
    auto body = cell.name(*cols[0], "body");
    auto period = cell.period(*cols[1]);
    auto expenditure = cell.number(*cols[2], "expenditure", Sign::non_negative);
    auto deflator = cell.number(*cols[3], "deflator", Sign::positive);
    std::optional<std::string> input = std::string();
    if (named) input = cell.name(*cols[4], "input");
    if (body && period && input) {
      auto [it, fresh] = seen.emplace(Key{*body, period->to_string(), *input}, row.line);
      if (!fresh)
        problems.push_back(
            {table.where(row, named ? "input" : "period"),
             named
                 ? "input '" + *input + "' repeats line " + std::to_string(it->second) +
                       " (same body, period and input)"
                 : "period " + period->to_string() + " repeats line " + std::to_string(it->second) +
                       " (one row per body and period when there is no input column)"});
    }
    if (body && period && input && expenditure && deflator)
      records.push_back({*body, *period, *input, *expenditure, *deflator});
  }
  return done(std::move(records), std::move(problems));
}

}  // namespace pvf::measure
