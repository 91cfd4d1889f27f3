// Activity volumes and input spending for productivity (measure/productivity.h), and their CSV
// imports (measure_repo.h).
#include <map>
#include <tuple>

#include "store/import_detail.h"
#include "store/measure_import_detail.h"
#include "store/measure_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {

nlohmann::json to_json(const StoredActivity& a) {
  return {{"period", a.period},
          {"activity", a.activity},
          {"volume", a.volume},
          {"unit_cost", a.unit_cost},
          {"quality", a.quality}};
}

nlohmann::json to_json(const StoredInput& i) {
  return {{"period", i.period},
          {"input", i.input},
          {"expenditure", i.expenditure},
          {"deflator", i.deflator}};
}

namespace {

using measure_detail::BodyResolver;
using measure_detail::Columns;
using measure_detail::Problems;

constexpr size_t kMaxNameLength = 100;

enum class Sign { non_negative, positive };

// Reads the cells of one row, adding a problem (file:line:column, why) for each bad one.
class RowReader {
 public:
  RowReader(const csv::Table& table, const Columns& cols, const csv::Row& row, Problems& problems)
      : table_(table), cols_(cols), row_(row), problems_(problems) {}

  std::string where(std::string_view column) const { return table_.where(row_, column); }

  std::optional<int64_t> body(const BodyResolver& bodies) {
    return bodies.resolve(cols_.cell(row_, "body"), where("body"), problems_);
  }

  std::optional<Period> period() {
    return measure_detail::read_period(cols_.cell(row_, "period"), where("period"), problems_);
  }

  std::optional<std::string> name(std::string_view column) {
    std::string text = cols_.cell(row_, column);
    if (text.empty()) return bad(column, std::string(column) + " is empty");
    if (detail::utf8_length(text) > kMaxNameLength)
      return bad(column, std::string(column) + " is longer than " + std::to_string(kMaxNameLength) +
                             " characters");
    return text;
  }

  // `fallback` is used for an empty cell when given (an optional column).
  std::optional<double> number(std::string_view column, Sign sign,
                               std::optional<double> fallback = std::nullopt) {
    const std::string text = cols_.cell(row_, column);
    if (text.empty() && fallback) return fallback;
    std::string why;
    auto v = measure_detail::parse_number(text, why);
    if (!v) return bad(column, std::string(column) + " " + why);
    if (*v < 0) return bad(column, std::string(column) + " '" + text + "' is negative");
    if (*v == 0 && sign == Sign::positive)
      return bad(column, std::string(column) + " must be positive, not 0");
    return v;
  }

 private:
  std::nullopt_t bad(std::string_view column, std::string message) {
    problems_.add(where(column), std::move(message));
    return std::nullopt;
  }

  const csv::Table& table_;
  const Columns& cols_;
  const csv::Row& row_;
  Problems& problems_;
};

// A body's period kind: what is stored for it, else the first row of the file that sets it.
// Rows of another kind are problems.
class KindCheck {
 public:
  KindCheck(const char* what, const char* table) : what_(what), table_(table) {}

  Status check(Database& db, const BodyResolver& bodies, int64_t body_id, const Period& period,
               const std::string& where, int line, Problems& problems) {
    auto it = kinds_.find(body_id);
    if (it == kinds_.end()) {
      PVF_TRY(auto st, db.prepare(std::string("SELECT period FROM ") + table_ +
                                  " WHERE body_id = ? LIMIT 1"));
      st.bind(1, body_id);
      PVF_TRY(auto stored,
              detail::fetch_one<std::string>(st, [](Statement& s) { return s.text(0); }));
      Seen seen{period.kind(), line};
      if (stored)
        if (auto p = Period::parse(*stored)) seen = Seen{p->kind(), 0};
      it = kinds_.emplace(body_id, seen).first;
    }
    const Seen& s = it->second;
    if (period.kind() != s.kind)
      problems.add(
          where,
          period.to_string() + " is " + period_kind_name(period.kind()) + ", but " +
              bodies.name(body_id) + "'s " + what_ + " periods are " + period_kind_plural(s.kind) +
              (s.line == 0 ? std::string(" (stored)") : " (line " + std::to_string(s.line) + ")"));
    return {};
  }

 private:
  struct Seen {
    Period::Kind kind;
    int line;  // 0 = stored
  };
  const char* what_;
  const char* table_;
  std::map<int64_t, Seen> kinds_;
};

Result<std::optional<StoredActivity>> stored_activity(Database& db, const StoredActivity& key) {
  PVF_TRY(auto st, db.prepare("SELECT volume, unit_cost, quality FROM activity_volumes "
                              "WHERE body_id = ? AND period = ? AND activity = ?"));
  st.bind_all(key.body_id, key.period, key.activity);
  return detail::fetch_one<StoredActivity>(st, [&](Statement& s) {
    StoredActivity a = key;
    a.volume = s.real(0);
    a.unit_cost = s.real(1);
    a.quality = s.real(2);
    return a;
  });
}

Result<std::optional<StoredInput>> stored_input(Database& db, const StoredInput& key) {
  PVF_TRY(auto st, db.prepare("SELECT expenditure, deflator FROM input_spending "
                              "WHERE body_id = ? AND period = ? AND input = ?"));
  st.bind_all(key.body_id, key.period, key.input);
  return detail::fetch_one<StoredInput>(st, [&](Statement& s) {
    StoredInput i = key;
    i.expenditure = s.real(0);
    i.deflator = s.real(1);
    return i;
  });
}

}  // namespace

Result<ImportSummary> import_activity(Database& db, const Actor& actor, const csv::Table& table,
                                      std::string_view sha256) {
  Problems problems;
  const Columns cols(table, {"body", "period", "activity", "volume", "unit_cost"}, {"quality"},
                     problems);
  if (!problems.empty()) return fail(problems.error(table.source));

  return db.transaction([&]() -> Result<ImportSummary> {
    PVF_TRY(auto bodies, BodyResolver::load(db));
    KindCheck kinds("activity", "activity_volumes");
    std::vector<StoredActivity> plan;
    std::map<std::tuple<int64_t, std::string, std::string>, int> seen;  // key -> line
    for (const auto& row : table.rows) {
      RowReader r(table, cols, row, problems);
      auto body = r.body(bodies);
      auto period = r.period();
      auto activity = r.name("activity");
      auto volume = r.number("volume", Sign::non_negative);
      auto unit_cost = r.number("unit_cost", Sign::positive);
      auto quality = r.number("quality", Sign::positive, 1.0);
      if (body)
        measure_detail::check_scope(actor, *body, bodies.name(*body), r.where("body"), problems);
      if (body && period)
        PVF_CHECK(kinds.check(db, bodies, *body, *period, r.where("period"), row.line, problems));
      if (body && period && activity) {
        auto [it, fresh] =
            seen.emplace(std::tuple(*body, period->to_string(), *activity), row.line);
        if (!fresh)
          problems.add(r.where("activity"), "activity '" + *activity + "' for " +
                                                bodies.name(*body) + " in " + period->to_string() +
                                                " is also on line " + std::to_string(it->second));
      }
      if (body && period && activity && volume && unit_cost && quality)
        plan.push_back(
            StoredActivity{*body, period->to_string(), *activity, *volume, *unit_cost, *quality});
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(table.rows.size());
    for (const auto& a : plan) {
      PVF_TRY(auto before, stored_activity(db, a));
      if (before && before->volume == a.volume && before->unit_cost == a.unit_cost &&
          before->quality == a.quality) {
        ++summary.unchanged;
        continue;
      }
      PVF_TRY(auto st, db.prepare("INSERT INTO activity_volumes(body_id, period, activity, volume, "
                                  "unit_cost, quality) VALUES (?,?,?,?,?,?) "
                                  "ON CONFLICT(body_id, period, activity) DO UPDATE SET "
                                  "volume = excluded.volume, unit_cost = excluded.unit_cost, "
                                  "quality = excluded.quality"));
      st.bind_all(a.body_id, a.period, a.activity, a.volume, a.unit_cost, a.quality);
      PVF_CHECK(st.run());
      ++(before ? summary.updated : summary.inserted);
    }
    PVF_CHECK(measure_detail::record_import(db, actor, "activity", table, sha256, summary, true));
    return summary;
  });
}

Result<ImportSummary> import_inputs(Database& db, const Actor& actor, const csv::Table& table,
                                    std::string_view sha256) {
  Problems problems;
  const Columns cols(table, {"body", "period", "expenditure", "deflator"}, {"input"}, problems);
  if (!problems.empty()) return fail(problems.error(table.source));
  const bool named = cols.has("input");

  return db.transaction([&]() -> Result<ImportSummary> {
    PVF_TRY(auto bodies, BodyResolver::load(db));
    KindCheck kinds("input", "input_spending");
    // Whether a body's inputs are named lines: stored, else the first row that says (its line).
    std::map<int64_t, std::pair<bool, int>> layout;
    std::vector<StoredInput> plan;
    std::map<std::tuple<int64_t, std::string, std::string>, int> seen;
    for (const auto& row : table.rows) {
      RowReader r(table, cols, row, problems);
      auto body = r.body(bodies);
      auto period = r.period();
      std::optional<std::string> input = std::string();
      if (named) input = r.name("input");
      auto expenditure = r.number("expenditure", Sign::non_negative);
      auto deflator = r.number("deflator", Sign::positive);
      if (body)
        measure_detail::check_scope(actor, *body, bodies.name(*body), r.where("body"), problems);
      if (body && period)
        PVF_CHECK(kinds.check(db, bodies, *body, *period, r.where("period"), row.line, problems));
      if (body && input) {
        auto it = layout.find(*body);
        if (it == layout.end()) {
          PVF_TRY(auto st, db.prepare("SELECT input <> '' FROM input_spending WHERE body_id = ? "
                                      "LIMIT 1"));
          st.bind(1, *body);
          PVF_TRY(auto stored,
                  detail::fetch_one<bool>(st, [](Statement& s) { return s.int64(0) != 0; }));
          it = layout
                   .emplace(*body,
                            stored ? std::pair(*stored, 0) : std::pair(!input->empty(), row.line))
                   .first;
        }
        const auto [lines, line] = it->second;
        if (lines != !input->empty()) {
          const std::string from =
              line == 0 ? std::string("stored") : "line " + std::to_string(line);
          problems.add(r.where(named ? "input" : "body"),
                       lines ? bodies.name(*body) + " has its spending by named input lines (" +
                                   from + "): a total without a line name cannot be mixed with them"
                             : bodies.name(*body) + " has its spending as one total per period (" +
                                   from + "): named input lines cannot be mixed with it");
        }
      }
      if (body && period && input) {
        auto [it, fresh] = seen.emplace(std::tuple(*body, period->to_string(), *input), row.line);
        if (!fresh)
          problems.add(r.where(named ? "input" : "period"),
                       (named ? "input '" + *input + "' for " : std::string("spending of ")) +
                           bodies.name(*body) + " in " + period->to_string() + " is also on line " +
                           std::to_string(it->second));
      }
      if (body && period && input && expenditure && deflator)
        plan.push_back(StoredInput{*body, period->to_string(), *input, *expenditure, *deflator});
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(table.rows.size());
    for (const auto& in : plan) {
      PVF_TRY(auto before, stored_input(db, in));
      if (before && before->expenditure == in.expenditure && before->deflator == in.deflator) {
        ++summary.unchanged;
        continue;
      }
      PVF_TRY(auto st, db.prepare("INSERT INTO input_spending(body_id, period, input, expenditure, "
                                  "deflator) VALUES (?,?,?,?,?) "
                                  "ON CONFLICT(body_id, period, input) DO UPDATE SET "
                                  "expenditure = excluded.expenditure, "
                                  "deflator = excluded.deflator"));
      st.bind_all(in.body_id, in.period, in.input, in.expenditure, in.deflator);
      PVF_CHECK(st.run());
      ++(before ? summary.updated : summary.inserted);
    }
    PVF_CHECK(measure_detail::record_import(db, actor, "inputs", table, sha256, summary, true));
    return summary;
  });
}

Result<std::vector<StoredActivity>> activity_for_body(Database& db, int64_t body_id) {
  PVF_TRY(auto st, db.prepare("SELECT body_id, period, activity, volume, unit_cost, quality "
                              "FROM activity_volumes WHERE body_id = ? ORDER BY period, activity"));
  st.bind(1, body_id);
  return detail::fetch_all<StoredActivity>(st, [](Statement& s) {
    return StoredActivity{s.int64(0), s.text(1), s.text(2), s.real(3), s.real(4), s.real(5)};
  });
}

Result<std::vector<StoredInput>> inputs_for_body(Database& db, int64_t body_id) {
  PVF_TRY(auto st, db.prepare("SELECT body_id, period, input, expenditure, deflator "
                              "FROM input_spending WHERE body_id = ? ORDER BY period, input"));
  st.bind(1, body_id);
  return detail::fetch_all<StoredInput>(st, [](Statement& s) {
    return StoredInput{s.int64(0), s.text(1), s.text(2), s.real(3), s.real(4)};
  });
}

}  // namespace pvf::store
