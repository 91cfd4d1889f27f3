#include "measure/goals_table.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace pvf::measure {
namespace {

// Collects every problem; the first becomes the error's where/message.
class Problems {
 public:
  void add(std::string where, std::string message) {
    details_.push_back({std::move(where), std::move(message)});
  }
  bool empty() const { return details_.empty(); }
  Error error() && {
    const auto& first = details_.front();
    Error err = Error::invalid(first.where + ": " + first.message, first.where);
    err.details = std::move(details_);
    return err;
  }

 private:
  std::vector<ErrorDetail> details_;
};

template <size_t N>
std::optional<std::array<size_t, N>> find_columns(const csv::Table& table,
                                                  const std::array<const char*, N>& names,
                                                  Problems& problems) {
  std::array<size_t, N> at{};
  bool all = true;
  for (size_t i = 0; i < N; ++i) {
    if (auto c = table.column(names[i])) {
      at[i] = *c;
    } else {
      problems.add(table.source + ":1:" + names[i], "missing column");
      all = false;
    }
  }
  if (!all) return std::nullopt;
  return at;
}

// A decimal number as written in a CSV cell: "12", "-0.5", "+3", "1.2e3". Nullopt with `why`
// set when the cell is empty, not a number, or not finite.
// Out of line on purpose: inlined into parse_number, GCC 12 at -O3 reports a false
// -Wrestrict overlap in std::string's concatenation (GCC bug 105329).
[[gnu::noinline]] std::string quoted(std::string_view text, std::string_view rest) {
  std::string out;
  out.reserve(text.size() + rest.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  out += rest;
  return out;
}

std::optional<double> parse_number(std::string_view text, std::string& why) {
  if (text.empty()) {
    why = "is empty";
    return std::nullopt;
  }
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
    why = quoted(text, " is not a number");
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    why = quoted(text, " is not a finite number");
    return std::nullopt;
  }
  return v;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace

Result<std::vector<GoalSpec>> read_goals(const csv::Table& table) {
  static constexpr std::array<const char*, 8> kNames{
      "goal",           "body",          "indicator",   "polarity", "baseline_period",
      "baseline_value", "target_period", "target_value"};
  enum {
    kGoal,
    kBody,
    kIndicator,
    kPolarity,
    kBasePeriod,
    kBaseValue,
    kTargetPeriod,
    kTargetValue
  };
  Problems problems;
  auto col = find_columns(table, kNames, problems);
  if (!col) return fail(std::move(problems).error());

  std::vector<GoalSpec> out;
  out.reserve(table.rows.size());
  std::unordered_map<std::string, int> first_line;  // goal id -> line
  for (const auto& row : table.rows) {
    auto cell = [&](int c) -> const std::string& { return row.fields[(*col)[c]]; };
    auto where = [&](int c) { return table.where(row, kNames[c]); };
    bool ok = true;
    auto bad = [&](int c, std::string why) {
      problems.add(where(c), std::move(why));
      ok = false;
    };

    for (int c : {kGoal, kBody, kIndicator})
      if (blank(cell(c))) bad(c, "is empty");
    if (!blank(cell(kGoal))) {
      auto [it, inserted] = first_line.emplace(cell(kGoal), row.line);
      if (!inserted)
        bad(kGoal, "goal '" + cell(kGoal) + "' is also on line " + std::to_string(it->second));
    }

    auto polarity = parse_polarity(cell(kPolarity));
    if (!polarity)
      bad(kPolarity, "'" + cell(kPolarity) + "' is not a direction: use higher or lower");
    else if (*polarity == Polarity::neutral)
      bad(kPolarity, "must be higher or lower: a goal needs a direction");

    auto baseline_period = Period::parse(cell(kBasePeriod));
    if (!baseline_period) bad(kBasePeriod, baseline_period.error().message);
    auto target_period = Period::parse(cell(kTargetPeriod));
    if (!target_period) bad(kTargetPeriod, target_period.error().message);
    if (baseline_period && target_period) {
      if (baseline_period->kind() != target_period->kind())
        bad(kTargetPeriod, "'" + target_period->to_string() +
                               "' is not the same kind of period as the baseline '" +
                               baseline_period->to_string() + "'");
      else if (!(*baseline_period < *target_period))
        bad(kTargetPeriod, "'" + target_period->to_string() +
                               "' must be after the baseline period '" +
                               baseline_period->to_string() + "'");
    }

    std::string why;
    auto baseline_value = parse_number(cell(kBaseValue), why);
    if (!baseline_value) bad(kBaseValue, why);
    auto target_value = parse_number(cell(kTargetValue), why);
    if (!target_value) bad(kTargetValue, why);

    if (ok)
      out.push_back(GoalSpec{cell(kGoal), cell(kBody), cell(kIndicator), *polarity,
                             *baseline_period, *baseline_value, *target_period, *target_value});
  }
  if (!problems.empty()) return fail(std::move(problems).error());
  return out;
}

Result<std::map<ObservationKey, std::vector<PeriodValue>>> read_observations(
    const csv::Table& table) {
  static constexpr std::array<const char*, 4> kNames{"body", "indicator", "period", "value"};
  enum { kBody, kIndicator, kPeriod, kValue };
  Problems problems;
  auto col = find_columns(table, kNames, problems);
  if (!col) return fail(std::move(problems).error());

  struct Seen {
    Period::Kind kind;
    std::string first_period;
    int line;
  };
  std::map<ObservationKey, std::vector<PeriodValue>> out;
  std::map<ObservationKey, Seen> series_kind;
  std::map<std::tuple<std::string, std::string, Period>, int> first_line;
  for (const auto& row : table.rows) {
    auto cell = [&](int c) -> const std::string& { return row.fields[(*col)[c]]; };
    auto where = [&](int c) { return table.where(row, kNames[c]); };
    bool ok = true;
    auto bad = [&](int c, std::string why) {
      problems.add(where(c), std::move(why));
      ok = false;
    };
    for (int c : {kBody, kIndicator})
      if (blank(cell(c))) bad(c, "is empty");
    auto period = Period::parse(cell(kPeriod));
    if (!period) bad(kPeriod, period.error().message);
    std::string why;
    auto value = parse_number(cell(kValue), why);
    if (!value) {
      if (cell(kValue).empty()) why += " (leave the row out for a missing observation)";
      bad(kValue, why);
    }
    if (!period) continue;

    ObservationKey key{cell(kBody), cell(kIndicator)};
    auto [kind_it, first_of_series] =
        series_kind.emplace(key, Seen{period->kind(), period->to_string(), row.line});
    if (!first_of_series && kind_it->second.kind != period->kind()) {
      bad(kPeriod, "'" + period->to_string() + "' is not the same kind of period as '" +
                       kind_it->second.first_period + "' on line " +
                       std::to_string(kind_it->second.line) + " for body '" + key.first +
                       "', indicator '" + key.second + "'");
      continue;
    }
    auto [line_it, inserted] =
        first_line.emplace(std::make_tuple(key.first, key.second, *period), row.line);
    if (!inserted)
      bad(kPeriod, "body '" + key.first + "', indicator '" + key.second + "', " +
                       period->to_string() + " is also on line " + std::to_string(line_it->second));
    if (ok) out[key].push_back({*period, *value});
  }
  if (!problems.empty()) return fail(std::move(problems).error());
  for (auto& [key, series] : out)
    std::sort(series.begin(), series.end(),
              [](const PeriodValue& a, const PeriodValue& b) { return a.period < b.period; });
  return out;
}

}  // namespace pvf::measure
