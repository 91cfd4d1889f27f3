// Indicator definitions, their CSV import, and the observation queries (indicators_repo.h).
#include "store/indicators_repo.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include "core/period.h"
#include "store/import_detail.h"
#include "store/indicators_detail.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using indicators_detail::ProblemList;

constexpr std::string_view kIndicatorColumns =
    "SELECT id, key, name, unit, polarity, frequency, area_key, source, created_at, updated_at "
    "FROM indicators";

Indicator read_indicator(Statement& s) {
  Indicator i;
  i.id = s.int64(0);
  i.def.key = s.text(1);
  i.def.name = s.text(2);
  i.def.unit = s.text(3);
  i.def.polarity = measure::parse_polarity(s.text(4)).value_or(measure::Polarity::neutral);
  i.def.frequency = measure::parse_frequency(s.text(5)).value_or(measure::Frequency::annual);
  i.def.area_key = s.opt_text(6).value_or("");
  i.def.source = s.text(7);
  i.created_at = s.text(8);
  i.updated_at = s.text(9);
  return i;
}

bool same_def(const measure::IndicatorDef& a, const measure::IndicatorDef& b) {
  return a.key == b.key && a.name == b.name && a.unit == b.unit && a.polarity == b.polarity &&
         a.frequency == b.frequency && a.area_key == b.area_key && a.source == b.source;
}

measure::IndicatorDef normalise(const measure::IndicatorDef& in) {
  measure::IndicatorDef d = in;
  d.key = detail::trim(in.key);
  d.name = detail::trim(in.name);
  d.unit = detail::trim(in.unit);
  d.area_key = detail::trim(in.area_key);
  d.source = detail::trim(in.source);
  return d;
}

bool valid_area_key(std::string_view a) {
  return a.size() <= 100 && std::all_of(a.begin(), a.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// Every rule on a definition; errors name the field.
Status check_def(const measure::IndicatorDef& d) {
  if (auto s = measure::validate(d); !s) return s;
  if (!valid_area_key(d.area_key))
    return fail(Error::invalid("area '" + d.area_key +
                                   "' is not a framework area key (lower-case letters, digits "
                                   "and '_', e.g. progress_towards_goals)",
                               "area_key"));
  return {};
}

Result<Indicator> must_get_by_id(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare(std::string(kIndicatorColumns) + " WHERE id = ?"));
  st.bind(1, id);
  PVF_TRY(auto found, detail::fetch_one<Indicator>(st, read_indicator));
  if (!found) return fail(Error::not_found("indicator " + std::to_string(id) + " not found"));
  return std::move(*found);
}

Status write_def(Database& db, std::optional<int64_t> id, const measure::IndicatorDef& d,
                 const std::string& now) {
  std::optional<std::string> area;
  if (!d.area_key.empty()) area = d.area_key;
  if (id) {
    PVF_TRY(auto st, db.prepare("UPDATE indicators SET name = ?, unit = ?, polarity = ?, "
                                "frequency = ?, area_key = ?, source = ?, updated_at = ? "
                                "WHERE id = ?"));
    st.bind_all(d.name, d.unit, measure::to_string(d.polarity), measure::to_string(d.frequency),
                area, d.source, now, *id);
    PVF_CHECK(st.run());
    return {};
  }
  PVF_TRY(auto st, db.prepare("INSERT INTO indicators(key, name, unit, polarity, frequency, "
                              "area_key, source, created_at, updated_at) "
                              "VALUES (?,?,?,?,?,?,?,?,?)"));
  st.bind_all(d.key, d.name, d.unit, measure::to_string(d.polarity),
              measure::to_string(d.frequency), area, d.source, now, now);
  PVF_CHECK(st.run());
  return {};
}

// Counts of one indicator's observations, reading its primary-key range once.
Result<IndicatorSummary> summarise(Database& db, Indicator indicator) {
  IndicatorSummary out;
  out.indicator = std::move(indicator);
  PVF_TRY(auto st, db.prepare("SELECT period, body_id FROM observations WHERE indicator_id = ? "
                              "ORDER BY period, body_id"));
  st.bind(1, out.indicator.id);
  std::vector<int64_t> bodies;
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    ++out.observations;
    std::string period = st.text(0);
    if (out.periods.empty() || out.periods.back() != period) out.periods.push_back(period);
    bodies.push_back(st.int64(1));
  }
  std::sort(bodies.begin(), bodies.end());
  out.bodies = std::unique(bodies.begin(), bodies.end()) - bodies.begin();
  return out;
}

ObservationValue read_value(Statement& s) {
  ObservationValue v;
  v.indicator_id = s.int64(0);
  v.body_id = s.int64(1);
  v.period = s.text(2);
  v.value = s.real(3);
  v.numerator = s.opt_real(4);
  v.denominator = s.opt_real(5);
  v.quality = s.opt_text(6);
  return v;
}

constexpr std::string_view kValueColumns =
    "SELECT indicator_id, body_id, period, value, numerator, denominator, quality "
    "FROM observations";

Result<std::string> canonical_period(std::string_view text, std::string_view field) {
  auto p = Period::parse(detail::trim(text));
  if (!p) return fail(Error::invalid(p.error().message, std::string(field)));
  return p->to_string();
}

}  // namespace

nlohmann::json to_json(const Indicator& i) {
  return {{"key", i.def.key},
          {"name", i.def.name},
          {"unit", i.def.unit},
          {"polarity", measure::to_string(i.def.polarity)},
          {"frequency", measure::to_string(i.def.frequency)},
          {"area_key",
           i.def.area_key.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.def.area_key)},
          {"source", i.def.source}};
}

nlohmann::json to_json(const IndicatorSummary& s) {
  nlohmann::json j = to_json(s.indicator);
  j["observations"] = s.observations;
  j["bodies"] = s.bodies;
  j["periods"] = s.periods;
  return j;
}

Result<Indicator> upsert_indicator(Database& db, const Actor& actor,
                                   const measure::IndicatorDef& input) {
  const measure::IndicatorDef def = normalise(input);
  PVF_CHECK(check_def(def));
  return db.transaction([&]() -> Result<Indicator> {
    PVF_TRY(auto before, indicators_detail::find_indicator(db, def.key));
    const std::string now = now_utc();
    if (before) {
      if (same_def(before->def, def)) return std::move(*before);
      PVF_CHECK(write_def(db, before->id, def, now));
      PVF_TRY(Indicator after, must_get_by_id(db, before->id));
      PVF_CHECK(append_audit(db, actor, "indicator.update", "indicator", std::to_string(after.id),
                             to_json(*before), to_json(after)));
      return after;
    }
    PVF_CHECK(write_def(db, std::nullopt, def, now));
    PVF_TRY(Indicator after, must_get_by_id(db, db.last_insert_id()));
    PVF_CHECK(append_audit(db, actor, "indicator.create", "indicator", std::to_string(after.id),
                           nullptr, to_json(after)));
    return after;
  });
}

Result<std::vector<Indicator>> list_indicator_definitions(Database& db) {
  PVF_TRY(auto st, db.prepare(std::string(kIndicatorColumns) + " ORDER BY key"));
  return detail::fetch_all<Indicator>(st, read_indicator);
}

Result<std::vector<IndicatorSummary>> list_indicators(Database& db) {
  return db.read_transaction([&]() -> Result<std::vector<IndicatorSummary>> {
    PVF_TRY(int64_t generation, measure_generation(db));
    const std::string memo_key = "indicator_summaries:" + std::to_string(generation);
    if (auto cached = db.memo_get(memo_key))
      return *std::static_pointer_cast<const std::vector<IndicatorSummary>>(cached);
    PVF_TRY(auto defs, list_indicator_definitions(db));
    auto out = std::make_shared<std::vector<IndicatorSummary>>();
    for (auto& d : defs) {
      PVF_TRY(auto s, summarise(db, std::move(d)));
      out->push_back(std::move(s));
    }
    db.memo_put(memo_key, out);
    return *out;
  });
}

Result<Indicator> get_indicator(Database& db, std::string_view key) {
  PVF_TRY(auto found, indicators_detail::find_indicator(db, key));
  if (!found) return fail(Error::not_found("indicator '" + detail::trim(key) + "' not found"));
  return std::move(*found);
}

Result<IndicatorSummary> get_indicator_summary(Database& db, std::string_view key) {
  return db.read_transaction([&]() -> Result<IndicatorSummary> {
    PVF_TRY(Indicator i, get_indicator(db, key));
    return summarise(db, std::move(i));
  });
}

Result<ImportSummary> import_indicators(Database& db, const Actor& actor, const csv::Table& table,
                                        std::string_view sha256) {
  using namespace indicators_detail;
  ProblemList problems;
  auto columns =
      header_columns(table, {"key", "name", "unit", "polarity", "frequency", "area", "source"},
                     {"key", "name"}, problems);
  if (!columns) return fail(problems.error(table.source));
  const auto key_c = column_of(*columns, "key"), name_c = column_of(*columns, "name"),
             unit_c = column_of(*columns, "unit"), pol_c = column_of(*columns, "polarity"),
             freq_c = column_of(*columns, "frequency"), area_c = column_of(*columns, "area"),
             source_c = column_of(*columns, "source");

  return db.transaction([&]() -> Result<ImportSummary> {
    struct Planned {
      measure::IndicatorDef def;
      std::optional<Indicator> stored;
    };
    std::vector<Planned> plan;
    std::unordered_map<std::string, int> seen;  // key -> line
    for (const auto& row : table.rows) {
      Planned p;
      p.def.key = cell(row, key_c);
      PVF_TRY(p.stored, find_indicator(db, p.def.key));
      if (p.stored) p.def = p.stored->def;  // absent columns keep what is stored
      p.def.key = cell(row, key_c);
      p.def.name = cell(row, name_c);
      if (unit_c) p.def.unit = cell(row, unit_c);
      if (area_c) p.def.area_key = cell(row, area_c);
      if (source_c) p.def.source = cell(row, source_c);
      if (!p.stored) p.def.polarity = measure::Polarity::neutral;
      if (pol_c) {
        auto pol = measure::parse_polarity(cell(row, pol_c));
        if (pol)
          p.def.polarity = *pol;
        else
          problems.add(table.where(row, "polarity"), pol.error().message);
      }
      if (freq_c) {
        auto freq = measure::parse_frequency(cell(row, freq_c));
        if (freq)
          p.def.frequency = *freq;
        else
          problems.add(table.where(row, "frequency"), freq.error().message);
      }
      if (auto s = check_def(p.def); !s) {
        const auto& e = s.error();
        if (e.details.empty()) {
          problems.add(table.where(row, e.where == "area_key" ? "area" : e.where), e.message);
        } else {
          for (const auto& d : e.details) problems.add(table.where(row, d.where), d.message);
        }
      }
      if (!p.def.key.empty()) {
        if (auto [it, fresh] = seen.emplace(p.def.key, row.line); !fresh)
          problems.add(table.where(row, "key"),
                       "key '" + p.def.key + "' is also on line " + std::to_string(it->second));
      }
      plan.push_back(std::move(p));
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(plan.size());
    for (const auto& p : plan) {
      if (p.stored && same_def(p.stored->def, p.def)) {
        ++summary.unchanged;
        continue;
      }
      PVF_CHECK(upsert_indicator(db, actor, p.def));
      ++(p.stored ? summary.updated : summary.inserted);
    }
    PVF_CHECK(detail::record_table_import(db, actor, "indicators", table, sha256, summary));
    return summary;
  });
}

// ---- observations ----

Result<std::vector<ObservationValue>> observations_for_period(Database& db, int64_t indicator_id,
                                                              std::string_view period) {
  PVF_TRY(std::string p, canonical_period(period, "period"));
  PVF_TRY(auto st, db.prepare(std::string(kValueColumns) +
                              " WHERE indicator_id = ? AND period = ? ORDER BY body_id"));
  st.bind(1, indicator_id).bind(2, p);
  return detail::fetch_all<ObservationValue>(st, read_value);
}

Result<std::vector<ObservationValue>> observations_for_indicator(Database& db,
                                                                 int64_t indicator_id) {
  PVF_TRY(auto st, db.prepare(std::string(kValueColumns) +
                              " WHERE indicator_id = ? ORDER BY period, body_id"));
  st.bind(1, indicator_id);
  return detail::fetch_all<ObservationValue>(st, read_value);
}

Result<std::vector<ObservationValue>> observations_for_body(Database& db, int64_t body_id,
                                                            std::optional<int64_t> indicator_id) {
  if (indicator_id) {
    PVF_TRY(auto st, db.prepare(std::string(kValueColumns) +
                                " WHERE body_id = ? AND indicator_id = ? ORDER BY period"));
    st.bind(1, body_id).bind(2, *indicator_id);
    return detail::fetch_all<ObservationValue>(st, read_value);
  }
  PVF_TRY(auto st, db.prepare(std::string(kValueColumns) +
                              " WHERE body_id = ? ORDER BY indicator_id, period"));
  st.bind(1, body_id);
  return detail::fetch_all<ObservationValue>(st, read_value);
}

Status for_each_observation(Database& db, const ObservationFilter& filter,
                            const std::function<Status(const ObservationExportRow&)>& emit) {
  return db.read_transaction([&]() -> Status {
    std::optional<std::string> period;
    if (filter.period) {
      PVF_TRY(period, canonical_period(*filter.period, "period"));
    }
    PVF_TRY(auto indicators, list_indicator_definitions(db));
    if (filter.indicator_id) {
      std::erase_if(indicators, [&](const Indicator& i) { return i.id != *filter.indicator_id; });
      if (indicators.empty())
        return fail(
            Error::not_found("indicator " + std::to_string(*filter.indicator_id) + " not found"));
    }
    PVF_TRY(auto bodies, list_bodies(db, {}));
    std::unordered_map<int64_t, const Body*> body_of;
    for (const auto& b : bodies) body_of[b.id] = &b;
    if (filter.body_id && !body_of.count(*filter.body_id))
      return fail(Error::not_found("body " + std::to_string(*filter.body_id) + " not found"));

    // Index-ordered queries only, so nothing is sorted beyond one indicator x period.
    std::string sql = std::string(kValueColumns) + " WHERE indicator_id = ?1";
    if (filter.body_id) sql += " AND body_id = ?2";
    if (period) sql += " AND period = ?3";
    sql += filter.body_id ? " ORDER BY period" : " ORDER BY period, body_id";
    std::vector<ObservationValue> chunk;
    auto flush = [&](const Indicator& ind) -> Status {
      std::sort(chunk.begin(), chunk.end(), [&](const auto& a, const auto& b) {
        const std::string& na = body_of.at(a.body_id)->name;
        const std::string& nb = body_of.at(b.body_id)->name;
        return na != nb ? na < nb : a.body_id < b.body_id;
      });
      for (const auto& v : chunk) {
        const Body& b = *body_of.at(v.body_id);
        ObservationExportRow r;
        r.indicator_key = ind.def.key;
        r.indicator_name = ind.def.name;
        r.body_id = b.id;
        r.body_name = b.name;
        if (b.code) r.body_code = *b.code;
        r.period = v.period;
        r.value = v.value;
        r.numerator = v.numerator;
        r.denominator = v.denominator;
        if (v.quality) r.quality = *v.quality;
        PVF_CHECK(emit(r));
      }
      chunk.clear();
      return {};
    };
    for (const auto& ind : indicators) {
      PVF_TRY(auto st, db.prepare(sql));
      st.bind(1, ind.id);
      if (filter.body_id) st.bind(2, *filter.body_id);
      if (period) st.bind(3, *period);
      for (;;) {
        auto row = st.step();
        if (!row) return fail(std::move(row).error());
        if (!*row) break;
        ObservationValue v = read_value(st);
        if (!chunk.empty() && chunk.back().period != v.period) {
          if (auto s = flush(ind); !s) {
            st.reset();
            return s;
          }
        }
        if (body_of.count(v.body_id)) chunk.push_back(std::move(v));
      }
      PVF_CHECK(flush(ind));
    }
    return {};
  });
}

Result<int64_t> measure_generation(Database& db) {
  PVF_TRY(auto st, db.prepare("SELECT generation FROM measure_generation WHERE id = 1"));
  PVF_TRY(auto g, detail::fetch_one<int64_t>(st, [](Statement& s) { return s.int64(0); }));
  return g.value_or(0);
}

// ---- shared helpers (indicators_detail.h) ----
namespace indicators_detail {

void ProblemList::add(std::string where, std::string message) {
  ++count_;
  if (details_.size() < cap_) details_.push_back(ErrorDetail{std::move(where), std::move(message)});
}

Error ProblemList::error(const std::string& source) const {
  Error e = Error::invalid(source + ": " + std::to_string(count_) +
                           (count_ == 1 ? " problem" : " problems") + "; nothing was imported");
  e.details = details_;
  if (count_ > static_cast<int64_t>(details_.size()))
    e.details.push_back(ErrorDetail{
        "", "... and " + std::to_string(count_ - static_cast<int64_t>(details_.size())) +
                " more problems"});
  if (!details_.empty()) e.where = details_.front().where;
  return e;
}

std::optional<std::vector<std::pair<std::string, size_t>>> header_columns(
    const csv::Table& table, const std::vector<std::string_view>& allowed,
    const std::vector<std::string_view>& required, ProblemList& problems) {
  const int64_t before = problems.count();
  std::vector<std::pair<std::string, size_t>> out;
  std::string names;
  for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
  for (size_t i = 0; i < table.header.size(); ++i) {
    const std::string shown = detail::trim(table.header[i]);
    const std::string h = detail::lower(shown);
    if (std::find(allowed.begin(), allowed.end(), h) == allowed.end()) {
      problems.add(table.source + ":1:" + shown,
                   "unknown column '" + shown + "': the columns are " + names);
    } else if (column_of(out, h)) {
      problems.add(table.source + ":1:" + h, "column '" + h + "' appears twice");
    } else {
      out.emplace_back(h, i);
    }
  }
  for (auto r : required)
    if (!column_of(out, r))
      problems.add(table.source + ":1:" + std::string(r),
                   "the " + std::string(r) + " column is missing (it is required)");
  if (problems.count() != before) return std::nullopt;
  return out;
}

std::optional<size_t> column_of(const std::vector<std::pair<std::string, size_t>>& columns,
                                std::string_view name) {
  for (const auto& [n, i] : columns)
    if (n == name) return i;
  return std::nullopt;
}

std::string cell(const csv::Row& row, std::optional<size_t> column) {
  if (!column || *column >= row.fields.size()) return {};
  return detail::trim(row.fields[*column]);
}

Result<std::optional<Indicator>> find_indicator(Database& db, std::string_view key) {
  PVF_TRY(auto st, db.prepare(std::string(kIndicatorColumns) + " WHERE key = ?"));
  st.bind(1, detail::trim(key));
  return detail::fetch_one<Indicator>(st, read_indicator);
}

}  // namespace indicators_detail
}  // namespace pvf::store
