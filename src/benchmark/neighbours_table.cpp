#include "benchmark/neighbours_table.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace pvf::benchmark {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// What statistical releases (ONS, DLUHC, CIPFA) put in a cell that has no value.
bool missing_marker(std::string_view s) {
  static constexpr std::array<std::string_view, 6> markers = {"", "NA", "N/A", "-", "..", ":"};
  for (std::string_view m : markers)
    if (iequals(s, m)) return true;
  return false;
}

// One cell as a number, or a problem (file:line:column, why) appended to `problems`.
std::optional<double> number(const csv::Table& table, const csv::Row& row, size_t col,
                             std::string_view column, std::vector<ErrorDetail>& problems) {
  std::string_view s = row.fields[col];
  const std::string text{s};
  auto bad = [&](std::string why) {
    problems.push_back({table.where(row, column), std::string(column) + " " + why});
    return std::nullopt;
  };
  if (missing_marker(s))
    return bad((s.empty() ? std::string("is empty") : "is '" + text + "'") +
               ": missing values are not allowed; fill the value or leave the body out");
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return bad("'" + text + "' is out of range");
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
    return bad("'" + text + "' is not a number");
  if (!std::isfinite(v)) return bad("'" + text + "' is not finite");
  return v;
}

}  // namespace

Result<NeighbourInput> read_neighbour_table(const csv::Table& table, std::string_view id_column,
                                            const std::vector<std::string>& variables) {
  std::vector<ErrorDetail> problems;
  const std::string header_where = table.source + ":1";
  const auto id_col = table.column(id_column);
  if (!id_col)
    problems.push_back({header_where, "missing id column '" + std::string(id_column) + "'"});
  std::vector<size_t> cols;
  std::unordered_map<size_t, std::string> named;  // column -> the variable that chose it
  for (const auto& name : variables) {
    const auto col = table.column(name);
    if (!col) {
      problems.push_back({header_where, "missing variable column '" + name + "'"});
      continue;
    }
    if (id_col && *col == *id_col)
      problems.push_back({header_where, "variable '" + name + "' is the id column"});
    auto [it, fresh] = named.emplace(*col, name);
    if (!fresh)
      problems.push_back(
          {header_where, "variables '" + it->second + "' and '" + name + "' name the same column"});
    cols.push_back(*col);
  }
  auto finish = [&](NeighbourInput in) -> Result<NeighbourInput> {
    if (problems.empty()) return in;
    Error e =
        Error::invalid(problems.size() == 1
                           ? problems.front().message
                           : table.source + " has " + std::to_string(problems.size()) + " problems",
                       problems.front().where);
    e.details = std::move(problems);
    return fail(std::move(e));
  };
  if (!problems.empty()) return finish({});

  NeighbourInput in;
  in.variables = variables;
  in.ids.reserve(table.rows.size());
  in.values.reserve(table.rows.size() * variables.size());
  std::unordered_map<std::string, int> seen;  // id -> line, for repeats
  for (const auto& row : table.rows) {
    const std::string& id = row.fields[*id_col];
    if (id.empty()) {
      problems.push_back({table.where(row, id_column), std::string(id_column) + " is empty"});
    } else if (auto [it, fresh] = seen.emplace(id, row.line); !fresh) {
      problems.push_back(
          {table.where(row, id_column),
           std::string(id_column) + " '" + id + "' repeats line " + std::to_string(it->second)});
    }
    in.ids.push_back(id);
    for (size_t v = 0; v < cols.size(); ++v)
      in.values.push_back(number(table, row, cols[v], variables[v], problems).value_or(0.0));
  }
  return finish(std::move(in));
}

}  // namespace pvf::benchmark
