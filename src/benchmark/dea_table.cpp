#include "benchmark/dea_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "core/period.h"

namespace pvf::benchmark {
namespace {

struct Located {
  std::vector<std::size_t> inputs, outputs;
  std::size_t id = 0;
};

std::optional<Located> locate(const csv::Table& t, const DeaColumns& c,
                              std::vector<ErrorDetail>& problems) {
  Located at;
  bool ok = true;
  auto find = [&](const std::string& name, std::string_view role) -> std::size_t {
    if (auto col = t.column(name)) return *col;
    problems.push_back({t.source + ":1", "missing " + std::string(role) + " column '" + name +
                                             "' (the header has no such column)"});
    ok = false;
    return 0;
  };
  at.id = find(c.id, "id");
  for (const auto& n : c.inputs) at.inputs.push_back(find(n, "input"));
  for (const auto& n : c.outputs) at.outputs.push_back(find(n, "output"));
  if (!ok) return std::nullopt;
  return at;
}

std::optional<double> number(const csv::Table& t, const csv::Row& row, std::size_t col,
                             const std::string& column, std::vector<ErrorDetail>& problems) {
  std::string_view s = row.fields[col];
  const std::string shown{s};
  auto bad = [&](std::string why) {
    problems.push_back({t.where(row, column), column + " " + why});
    return std::nullopt;
  };
  if (s.empty()) return bad("is empty: DEA needs a value for every unit");
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
    return bad("'" + shown + "' is not a number");
  if (!std::isfinite(v)) return bad("'" + shown + "' is not finite");
  if (v < 0) return bad("'" + shown + "' is negative; DEA needs values >= 0");
  return v;
}

// Appends one row's unit to `d`, or records why it cannot be used.
void read_row(const csv::Table& t, const csv::Row& row, const DeaColumns& c, const Located& at,
              DeaData& d, std::vector<ErrorDetail>& problems) {
  const std::size_t before = problems.size();
  const std::string& id = row.fields[at.id];
  if (id.empty()) problems.push_back({t.where(row, c.id), c.id + " is empty"});
  std::vector<double> x, y;
  for (std::size_t i = 0; i < at.inputs.size(); ++i)
    if (auto v = number(t, row, at.inputs[i], c.inputs[i], problems)) x.push_back(*v);
  for (std::size_t r = 0; r < at.outputs.size(); ++r)
    if (auto v = number(t, row, at.outputs[r], c.outputs[r], problems)) y.push_back(*v);
  if (problems.size() != before) return;
  auto positive = [](const std::vector<double>& v) {
    return std::any_of(v.begin(), v.end(), [](double a) { return a > 0; });
  };
  if (!positive(x))
    problems.push_back({t.where(row, c.inputs.front()),
                        "every input of '" + id + "' is 0: DEA needs a positive input"});
  if (!positive(y))
    problems.push_back({t.where(row, c.outputs.front()),
                        "every output of '" + id + "' is 0: DEA needs a positive output"});
  d.units.push_back(id);
  d.inputs.insert(d.inputs.end(), x.begin(), x.end());
  d.outputs.insert(d.outputs.end(), y.begin(), y.end());
}

std::vector<ErrorDetail> check_names(const csv::Table& t, const DeaColumns& c) {
  std::vector<ErrorDetail> problems;
  if (c.inputs.empty()) problems.push_back({t.source, "name at least one input column"});
  if (c.outputs.empty()) problems.push_back({t.source, "name at least one output column"});
  std::map<std::string, int> seen;
  for (const auto* list : {&c.inputs, &c.outputs})
    for (const auto& n : *list)
      if (seen[n]++ == 1 || n == c.id)
        problems.push_back({t.source, "column '" + n + "' is named twice among id, inputs and outputs"});
  return problems;
}

Error as_error(std::vector<ErrorDetail> problems) {
  Error e = Error::invalid(problems.size() == 1 ? problems.front().message
                                                : std::to_string(problems.size()) +
                                                      " problems in " +
                                                      problems.front().where.substr(
                                                          0, problems.front().where.find(':')),
                           problems.front().where);
  e.details = std::move(problems);
  return e;
}

DeaData empty_like(const DeaColumns& c) {
  DeaData d;
  d.input_names = c.inputs;
  d.output_names = c.outputs;
  return d;
}

}  // namespace

std::vector<std::string> split_names(std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    auto item = list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<DeaData> read_dea_table(const csv::Table& t, const DeaColumns& c) {
  auto problems = check_names(t, c);
  if (!problems.empty()) return fail(as_error(std::move(problems)));
  auto at = locate(t, c, problems);
  if (!at) return fail(as_error(std::move(problems)));
  DeaData d = empty_like(c);
  std::map<std::string, int> line_of;
  for (const auto& row : t.rows) {
    read_row(t, row, c, *at, d, problems);
    const std::string& id = row.fields[at->id];
    if (id.empty()) continue;
    auto [it, fresh] = line_of.emplace(id, row.line);
    if (!fresh)
      problems.push_back({t.where(row, c.id), c.id + " '" + id + "' repeats line " +
                                                  std::to_string(it->second)});
  }
  if (t.rows.empty()) problems.push_back({t.source, "the file has no rows"});
  if (!problems.empty()) return fail(as_error(std::move(problems)));
  return d;
}

Result<DeaPanel> read_dea_panel(const csv::Table& t, const DeaColumns& c,
                                std::string_view period_column) {
  auto problems = check_names(t, c);
  const auto period_col = t.column(period_column);
  if (!period_col)
    problems.push_back({t.source + ":1", "missing period column '" + std::string(period_column) +
                                             "' (the header has no such column)"});
  auto at = locate(t, c, problems);
  if (!problems.empty() || !at) return fail(as_error(std::move(problems)));

  std::map<std::string, std::size_t> index;  // period text -> slot
  std::vector<DeaData> data;
  std::vector<std::string> texts;
  std::map<std::pair<std::string, std::string>, int> line_of;
  for (const auto& row : t.rows) {
    const std::string& p = row.fields[*period_col];
    if (p.empty()) {
      problems.push_back({t.where(row, period_column), std::string(period_column) + " is empty"});
      continue;
    }
    auto [it, fresh] = index.emplace(p, data.size());
    if (fresh) {
      data.push_back(empty_like(c));
      texts.push_back(p);
    }
    read_row(t, row, c, *at, data[it->second], problems);
    const std::string& id = row.fields[at->id];
    auto [seen, first] = line_of.emplace(std::pair{p, id}, row.line);
    if (!first && !id.empty())
      problems.push_back({t.where(row, c.id), c.id + " '" + id + "' repeats line " +
                                                  std::to_string(seen->second) +
                                                  " for period " + p});
  }
  if (t.rows.empty()) problems.push_back({t.source, "the file has no rows"});
  if (!problems.empty()) return fail(as_error(std::move(problems)));

  // Time order: pvf periods, then plain numbers, then text.
  std::vector<std::size_t> order(texts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const bool all_periods = std::all_of(texts.begin(), texts.end(),
                                       [](const std::string& s) { return bool(Period::parse(s)); });
  auto as_number = [](const std::string& s) -> std::optional<double> {
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return v;
  };
  const bool all_numbers = std::all_of(texts.begin(), texts.end(),
                                       [&](const std::string& s) { return bool(as_number(s)); });
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (all_periods) return *Period::parse(texts[a]) < *Period::parse(texts[b]);
    if (all_numbers) return *as_number(texts[a]) < *as_number(texts[b]);
    return texts[a] < texts[b];
  });
  DeaPanel panel;
  for (auto i : order) {
    panel.periods.push_back(texts[i]);
    panel.data.push_back(std::move(data[i]));
  }
  return panel;
}

}  // namespace pvf::benchmark
