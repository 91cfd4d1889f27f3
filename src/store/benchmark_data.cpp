// The variables a benchmarking run can use, and a run's data assembled from the store.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "core/period.h"
#include "store/benchmark_detail.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {

const char* to_string(VariableSource source) {
  switch (source) {
    case VariableSource::spending: return "spending";
    case VariableSource::activity: return "activity";
    case VariableSource::indicator: return "indicator";
  }
  return "spending";
}

std::optional<VariableSource> parse_variable_source(std::string_view text) {
  for (const auto& s : variable_sources())
    if (s.name == text) return s.value;
  return std::nullopt;
}

const std::vector<VariableSourceInfo>& variable_sources() {
  static const std::vector<VariableSourceInfo> sources = {
      {VariableSource::spending, "spending", "Spending",
       "A body's expenditure (£), all input lines summed or one line; in the first period's "
       "prices (by the body's own deflator) when a run covers several periods."},
      {VariableSource::activity, "activity", "Activity",
       "The volume of an activity (hours of home care, weeks of residential care, ...)."},
      {VariableSource::indicator, "indicator", "Indicator",
       "The value of an indicator (an outcome or output measure) in the period."},
  };
  return sources;
}

nlohmann::json to_json(const VariableRef& v) {
  return {{"source", to_string(v.source)},
          {"key", v.key ? nlohmann::json(*v.key) : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const BenchmarkVariable& v) {
  nlohmann::json periods = nlohmann::json::array();
  for (const auto& p : v.periods) periods.push_back({{"period", p.period}, {"bodies", p.bodies}});
  return {{"source", to_string(v.ref.source)},
          {"key", v.ref.key ? nlohmann::json(*v.ref.key) : nlohmann::json(nullptr)},
          {"name", v.name},
          {"label", v.label},
          {"unit", v.unit},
          {"polarity", v.polarity ? nlohmann::json(*v.polarity) : nlohmann::json(nullptr)},
          {"periods", periods}};
}

namespace benchmark_detail {

std::string variable_name(const VariableRef& ref) {
  switch (ref.source) {
    case VariableSource::spending: return ref.key ? "spending_" + *ref.key : "spending";
    case VariableSource::activity:
    case VariableSource::indicator: return ref.key.value_or("");
  }
  return "";
}

}  // namespace benchmark_detail

namespace {

using benchmark_detail::BodyRef;
using benchmark_detail::LeftOut;
using benchmark_detail::RunData;
using benchmark_detail::RunVariable;

std::string spending_label(const std::optional<std::string>& line) {
  return line ? "Spending: " + *line : std::string("Spending, all lines");
}

// Rows (key, period, count) ordered by key then period, folded into one variable per key.
template <class Make>
Result<std::vector<BenchmarkVariable>> grouped(Database& db, std::string_view sql, Make make) {
  PVF_TRY(auto st, db.prepare(sql));
  std::vector<BenchmarkVariable> out;
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    std::string key = st.text(0);
    if (out.empty() || out.back().ref.key != key) out.push_back(make(st));
    if (!st.is_null(1)) out.back().periods.push_back({st.text(1), st.int64(2)});
  }
  return out;
}

}  // namespace

Result<std::vector<BenchmarkVariable>> benchmark_variables(Database& db) {
  std::vector<BenchmarkVariable> out;
  PVF_TRY(auto totals_st, db.prepare("SELECT period, COUNT(DISTINCT body_id) FROM input_spending "
                                     "GROUP BY period ORDER BY period"));
  BenchmarkVariable total{{VariableSource::spending, std::nullopt}, "spending",
                          spending_label(std::nullopt), "£", std::nullopt, {}};
  PVF_TRY(auto totals, detail::fetch_all<PeriodCount>(totals_st, [](Statement& s) {
            return PeriodCount{s.text(0), s.int64(1)};
          }));
  total.periods = std::move(totals);
  if (!total.periods.empty()) out.push_back(std::move(total));

  PVF_TRY(auto lines, grouped(db,
                              "SELECT input, period, COUNT(*) FROM input_spending WHERE input <> '' "
                              "GROUP BY input, period ORDER BY input, period",
                              [](Statement& s) {
                                VariableRef ref{VariableSource::spending, s.text(0)};
                                return BenchmarkVariable{ref, benchmark_detail::variable_name(ref),
                                                         spending_label(ref.key), "£",
                                                         std::nullopt, {}};
                              }));
  PVF_TRY(auto activities, grouped(db,
                                   "SELECT activity, period, COUNT(*) FROM activity_volumes "
                                   "GROUP BY activity, period ORDER BY activity, period",
                                   [](Statement& s) {
                                     VariableRef ref{VariableSource::activity, s.text(0)};
                                     std::string label = "Activity: ";
                                     label += s.text(0);
                                     return BenchmarkVariable{ref, s.text(0), label, "",
                                                              std::nullopt, {}};
                                   }));
  // LEFT JOIN: an indicator without observations is listed (with no periods) so the form can
  // say why it is empty rather than hide it.
  PVF_TRY(auto indicators,
          grouped(db,
                  "SELECT i.key, c.period, c.n, i.name, i.unit, i.polarity FROM indicators i "
                  "LEFT JOIN (SELECT indicator_id, period, COUNT(*) AS n FROM observations "
                  "GROUP BY indicator_id, period) c ON c.indicator_id = i.id "
                  "ORDER BY i.key, c.period",
                  [](Statement& s) {
                    VariableRef ref{VariableSource::indicator, s.text(0)};
                    return BenchmarkVariable{ref, s.text(0), s.text(3), s.text(4), s.text(5), {}};
                  }));
  for (auto* list : {&lines, &activities, &indicators})
    for (auto& v : *list) out.push_back(std::move(v));
  return out;
}

namespace benchmark_detail {
namespace {

// value of one variable: body -> period -> value; `missing` explains a gap that is not just
// "no value" (e.g. spending that cannot be deflated).
struct VariableValues {
  std::unordered_map<int64_t, std::map<std::string, double>> values;
  std::unordered_map<int64_t, std::map<std::string, std::string>> missing_reason;
};

std::string period_list_sql(size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s + ")";
}

Result<VariableValues> read_spending(Database& db, const VariableRef& ref,
                                     const std::vector<std::string>& periods) {
  std::string sql = "SELECT body_id, period, input, expenditure, deflator FROM input_spending "
                    "WHERE period IN " + period_list_sql(periods.size());
  if (ref.key) sql += " AND input = ?";
  PVF_TRY(auto st, db.prepare(sql));
  int i = 0;
  for (const auto& p : periods) st.bind(++i, p);
  if (ref.key) st.bind(++i, *ref.key);
  struct Line {
    double expenditure, deflator;
  };
  // body -> line -> period -> (expenditure, deflator)
  std::unordered_map<int64_t, std::map<std::string, std::map<std::string, Line>>> rows;
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    rows[st.int64(0)][st.text(2)][st.text(1)] = Line{st.real(3), st.real(4)};
  }
  VariableValues out;
  const bool real_terms = periods.size() > 1;
  const std::string& base = periods.front();
  for (const auto& [body, lines] : rows) {
    std::map<std::string, double> sums;
    std::map<std::string, std::string> why;
    for (const auto& [line, by_period] : lines) {
      auto base_row = by_period.find(base);
      for (const auto& [period, v] : by_period) {
        if (!real_terms) {
          sums[period] += v.expenditure;
          continue;
        }
        if (base_row == by_period.end()) {
          std::string what = line.empty() ? std::string("the total") : line;
          why[period] = "spending on " + what + " cannot be put in " + base +
                        " prices: no deflator for " + base;
          continue;
        }
        sums[period] += v.expenditure * base_row->second.deflator / v.deflator;
      }
    }
    // A period counts only when every line the body reports has it: a total over some lines
    // would understate spending.
    for (const auto& [period, sum] : sums) {
      bool complete = !why.count(period);
      for (const auto& [line, by_period] : lines)
        if (!by_period.count(period)) {
          complete = false;
          why[period] = "no spending on " + line + " in " + period;
        }
      if (complete) out.values[body][period] = sum;
    }
    if (!why.empty()) out.missing_reason[body] = std::move(why);
  }
  return out;
}

Result<VariableValues> read_simple(Database& db, std::string sql, const std::string& key,
                                   const std::vector<std::string>& periods) {
  sql += period_list_sql(periods.size());
  PVF_TRY(auto st, db.prepare(sql));
  st.bind(1, key);
  int i = 1;
  for (const auto& p : periods) st.bind(++i, p);
  VariableValues out;
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    out.values[st.int64(0)][st.text(1)] = st.real(2);
  }
  return out;
}

Result<VariableValues> read_values(Database& db, const VariableRef& ref,
                                   const std::vector<std::string>& periods) {
  switch (ref.source) {
    case VariableSource::spending: return read_spending(db, ref, periods);
    case VariableSource::activity:
      return read_simple(db,
                         "SELECT body_id, period, volume FROM activity_volumes "
                         "WHERE activity = ? AND period IN ",
                         ref.key.value_or(""), periods);
    case VariableSource::indicator:
      return read_simple(db,
                         "SELECT o.body_id, o.period, o.value FROM observations o "
                         "JOIN indicators i ON i.id = o.indicator_id "
                         "WHERE i.key = ? AND o.period IN ",
                         ref.key.value_or(""), periods);
  }
  return fail(Error::internal("unknown variable source"));
}

Result<RunVariable> describe(Database& db, const VariableRef& ref, bool is_input) {
  RunVariable v{is_input, ref, variable_name(ref), "", "", std::nullopt};
  switch (ref.source) {
    case VariableSource::spending:
      v.label = spending_label(ref.key);
      v.unit = "£";
      break;
    case VariableSource::activity:
      v.label = "Activity: ";
      v.label += ref.key.value_or("");
      break;
    case VariableSource::indicator: {
      PVF_TRY(auto ind, get_indicator(db, ref.key.value_or("")));
      v.label = ind.def.name;
      v.unit = ind.def.unit;
      v.polarity = measure::to_string(ind.def.polarity);
      break;
    }
  }
  return v;
}

std::string format_value(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

Result<RunData> assemble_run_data(Database& db, const BenchmarkSpec& spec) {
  RunData out;
  for (const auto& ref : spec.inputs) {
    PVF_TRY(auto v, describe(db, ref, true));
    out.variables.push_back(std::move(v));
  }
  for (const auto& ref : spec.outputs) {
    PVF_TRY(auto v, describe(db, ref, false));
    out.variables.push_back(std::move(v));
  }
  std::vector<VariableValues> values;
  for (const auto& v : out.variables) {
    PVF_TRY(auto vals, read_values(db, v.ref, spec.periods));
    values.push_back(std::move(vals));
  }

  // Candidates: the group's members; for "all", every body with any of the run's values.
  std::set<int64_t> candidates;
  if (spec.group.scope == GroupScope::all) {
    out.group_label = "All bodies with data";
    for (const auto& vals : values) {
      for (const auto& [body, by_period] : vals.values) candidates.insert(body);
      for (const auto& [body, why] : vals.missing_reason) candidates.insert(body);
    }
  } else {
    PVF_TRY(auto group, resolve_group(db, spec.group));
    out.group_label = group.label;
    candidates.insert(group.body_ids.begin(), group.body_ids.end());
  }

  std::unordered_map<int64_t, BodyRef> body_of;
  {
    PVF_TRY(auto bodies, list_bodies(db, {}));
    for (const auto& b : bodies)
      if (candidates.count(b.id)) body_of[b.id] = BodyRef{b.id, b.name, b.code};
  }

  const size_t m = spec.inputs.size();
  const size_t s = spec.outputs.size();
  out.panel.periods = spec.periods;
  out.panel.data.resize(spec.periods.size());
  for (size_t p = 0; p < spec.periods.size(); ++p) {
    auto& d = out.panel.data[p];
    for (const auto& v : out.variables) (v.is_input ? d.input_names : d.output_names).push_back(v.name);
  }
  std::set<int64_t> units;
  for (int64_t body : candidates) {
    std::vector<std::string> reasons;
    for (size_t p = 0; p < spec.periods.size(); ++p) {
      const std::string& period = spec.periods[p];
      std::vector<double> row;
      bool complete = true;
      for (size_t v = 0; v < out.variables.size(); ++v) {
        const auto& vals = values[v];
        auto b = vals.values.find(body);
        std::optional<double> value;
        if (b != vals.values.end()) {
          auto it = b->second.find(period);
          if (it != b->second.end()) value = it->second;
        }
        if (!value) {
          complete = false;
          std::string why = "no " + out.variables[v].name + " in " + period;
          if (auto r = vals.missing_reason.find(body); r != vals.missing_reason.end())
            if (auto it = r->second.find(period); it != r->second.end()) why = it->second;
          reasons.push_back(std::move(why));
        } else if (!std::isfinite(*value) || *value < 0) {
          complete = false;
          reasons.push_back("negative " + out.variables[v].name + " (" + format_value(*value) +
                            ") in " + period);
        } else {
          row.push_back(*value);
        }
      }
      if (!complete) continue;
      auto& d = out.panel.data[p];
      d.units.push_back(std::to_string(body));
      d.inputs.insert(d.inputs.end(), row.begin(), row.begin() + static_cast<long>(m));
      d.outputs.insert(d.outputs.end(), row.begin() + static_cast<long>(m), row.end());
      units.insert(body);
    }
    if (!reasons.empty()) {
      std::string reason;
      const size_t shown = std::min<size_t>(reasons.size(), 3);
      for (size_t i = 0; i < shown; ++i) reason += (i ? "; " : "") + reasons[i];
      if (reasons.size() > shown)
        reason += std::string("; and ") + std::to_string(reasons.size() - shown) + " more";
      auto it = body_of.find(body);
      if (it != body_of.end()) out.left_out.push_back({it->second, reason});
    }
  }
  (void)s;
  for (int64_t body : units)
    if (auto it = body_of.find(body); it != body_of.end()) out.bodies.push_back(it->second);
  std::sort(out.left_out.begin(), out.left_out.end(),
            [](const LeftOut& a, const LeftOut& b) { return a.body.name < b.body.name; });

  for (const auto& v : out.variables) {
    if (!v.is_input && v.polarity == "lower")
      out.warnings.push_back(v.label +
                             " is lower-is-better, but DEA counts more of an output as better: "
                             "use its complement, or treat it as an input");
    if (v.is_input && v.polarity == "higher")
      out.warnings.push_back(v.label +
                             " is higher-is-better, but DEA counts less of an input as better");
  }
  const size_t variables = m + s;
  size_t smallest = SIZE_MAX;
  for (const auto& d : out.panel.data) smallest = std::min(smallest, d.size());
  if (smallest != SIZE_MAX && smallest < 3 * variables)
    out.warnings.push_back(
        std::to_string(smallest) + " units for " + std::to_string(variables) +
        " inputs and outputs: with fewer than three units per variable (Cooper, Seiford and "
        "Tone's rule of thumb) many units look efficient for want of comparators");
  return out;
}

}  // namespace benchmark_detail
}  // namespace pvf::store
