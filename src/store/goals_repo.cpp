// Goals: a body's target for an indicator, by a period, from a baseline; and their CSV import.
#include <cmath>
#include <functional>
#include <map>

#include "measure/indicator.h"
#include "store/import_detail.h"
#include "store/indicators_detail.h"
#include "store/measure_import_detail.h"
#include "store/measure_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using measure_detail::BodyResolver;
using measure_detail::Columns;
using measure_detail::Problems;

constexpr size_t kMaxTitleLength = 300;

constexpr std::string_view kGoalColumns =
    "SELECT g.id, g.key, g.body_id, b.name, i.key, i.name, i.unit, i.polarity, g.title, "
    "g.baseline_period, g.baseline_value, g.target_period, g.target_value, g.created_at, "
    "g.updated_at FROM goals g JOIN bodies b ON b.id = g.body_id "
    "JOIN indicators i ON i.id = g.indicator_id";

StoredGoal read_goal(Statement& s) {
  StoredGoal g;
  g.id = s.int64(0);
  g.key = s.text(1);
  g.body_id = s.int64(2);
  g.body_name = s.text(3);
  g.indicator_key = s.text(4);
  g.indicator_name = s.text(5);
  g.indicator_unit = s.text(6);
  g.polarity = s.text(7);
  g.title = s.text(8);
  g.baseline_period = s.text(9);
  g.baseline_value = s.real(10);
  g.target_period = s.text(11);
  g.target_value = s.real(12);
  g.created_at = s.text(13);
  g.updated_at = s.text(14);
  return g;
}

Result<std::optional<StoredGoal>> goal_where(Database& db, std::string_view condition,
                                             const std::function<void(Statement&)>& bind) {
  PVF_TRY(auto st, db.prepare(std::string(kGoalColumns) + " WHERE " + std::string(condition)));
  bind(st);
  return detail::fetch_one<StoredGoal>(st, read_goal);
}

Result<StoredGoal> must_get(Database& db, int64_t id) {
  PVF_TRY(auto g, goal_where(db, "g.id = ?", [&](Statement& s) { s.bind(1, id); }));
  if (!g) return fail(Error::not_found("goal " + std::to_string(id) + " not found"));
  return std::move(*g);
}

// A goal's fields as text and numbers, before they are checked.
struct GoalFields {
  std::string key, title, indicator_key, baseline_period, target_period;
  std::optional<double> baseline_value, target_value;  // nullopt: already reported
};

using Report = std::function<void(std::string_view field, std::string message)>;

struct CanonicalPeriods {
  std::string baseline, target;
};

// Every rule but the body's. Returns the canonical periods when both parse.
std::optional<CanonicalPeriods> check_goal(const GoalFields& f,
                                           const std::optional<Indicator>& indicator,
                                           const Report& report) {
  if (f.key.empty())
    report("key", "a goal needs a key");
  else if (!detail::is_key(f.key))
    report("key", "goal key '" + f.key + "' must be 1-64 characters of A-Z a-z 0-9 _ . -");
  if (detail::utf8_length(f.title) > kMaxTitleLength)
    report("title", "the title is longer than " + std::to_string(kMaxTitleLength) + " characters");
  if (f.indicator_key.empty())
    report("indicator", "a goal needs an indicator key");
  else if (!indicator)
    report("indicator", "indicator '" + f.indicator_key + "' is not stored");
  else if (indicator->def.polarity == measure::Polarity::neutral)
    report("indicator", "indicator " + indicator->def.key + " (" + indicator->def.name +
                            ") is neutral: a goal needs a direction (higher or lower is better)");

  auto parse = [&](std::string_view field, const std::string& text) -> std::optional<Period> {
    if (text.empty()) {
      report(field, std::string(field) + " is empty");
      return std::nullopt;
    }
    auto p = Period::parse(text);
    if (!p) {
      report(field, std::string(field) + " '" + text + "': " + p.error().message);
      return std::nullopt;
    }
    return *p;
  };
  const auto baseline = parse("baseline_period", f.baseline_period);
  const auto target = parse("target_period", f.target_period);
  for (auto [field, v] :
       {std::pair{"baseline_value", f.baseline_value}, std::pair{"target_value", f.target_value}})
    if (v && !std::isfinite(*v)) report(field, std::string(field) + " is not a finite number");

  if (!baseline || !target) return std::nullopt;
  if (baseline->kind() != target->kind()) {
    report("target_period", target->to_string() + " is " + period_kind_name(target->kind()) +
                                " but the baseline period " + baseline->to_string() + " is " +
                                period_kind_name(baseline->kind()));
  } else if (!(*baseline < *target)) {
    report("target_period", "the target period " + target->to_string() +
                                " must be after the baseline period " + baseline->to_string());
  } else if (indicator) {
    const bool quarters = baseline->kind() == Period::Kind::financial_quarter;
    if (indicator->def.frequency == measure::Frequency::quarterly && !quarters)
      report("baseline_period", "indicator " + indicator->def.key +
                                    " is quarterly: the goal's periods must be quarters "
                                    "(\"2024-25 Q1\")");
    else if (indicator->def.frequency == measure::Frequency::annual && quarters)
      report("baseline_period", "indicator " + indicator->def.key +
                                    " is annual: the goal's periods must be years, not quarters");
  }
  return CanonicalPeriods{baseline->to_string(), target->to_string()};
}

GoalFields fields_of(const GoalInput& in) {
  GoalFields f;
  f.key = detail::trim(in.key);
  f.title = detail::trim(in.title);
  f.indicator_key = detail::trim(in.indicator_key);
  f.baseline_period = detail::trim(in.baseline_period);
  f.target_period = detail::trim(in.target_period);
  f.baseline_value = in.baseline_value;
  f.target_value = in.target_value;
  return f;
}

// What the goals table holds for one goal.
struct GoalRow {
  std::string key;
  int64_t body_id = 0;
  int64_t indicator_id = 0;
  std::string title, baseline_period;
  double baseline_value = 0;
  std::string target_period;
  double target_value = 0;
};

bool same_content(const StoredGoal& g, const GoalRow& r, const std::string& indicator_key) {
  return g.key == r.key && g.body_id == r.body_id && g.indicator_key == indicator_key &&
         g.title == r.title && g.baseline_period == r.baseline_period &&
         g.baseline_value == r.baseline_value && g.target_period == r.target_period &&
         g.target_value == r.target_value;
}

Result<int64_t> insert_goal(Database& db, const GoalRow& r, const std::string& now) {
  PVF_TRY(auto st, db.prepare("INSERT INTO goals(key, body_id, indicator_id, title, "
                              "baseline_period, baseline_value, target_period, target_value, "
                              "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  st.bind_all(r.key, r.body_id, r.indicator_id, r.title, r.baseline_period, r.baseline_value,
              r.target_period, r.target_value, now, now);
  PVF_CHECK(st.run());
  return db.last_insert_id();
}

Status write_goal(Database& db, int64_t id, const GoalRow& r, const std::string& now) {
  PVF_TRY(auto st, db.prepare("UPDATE goals SET key = ?, body_id = ?, indicator_id = ?, title = ?, "
                              "baseline_period = ?, baseline_value = ?, target_period = ?, "
                              "target_value = ?, updated_at = ? WHERE id = ?"));
  st.bind_all(r.key, r.body_id, r.indicator_id, r.title, r.baseline_period, r.baseline_value,
              r.target_period, r.target_value, now, id);
  PVF_CHECK(st.run());
  return {};
}

// Checks a goal written through the API; `self` is the goal being updated.
Result<GoalRow> validate(Database& db, const GoalInput& input, std::optional<int64_t> self) {
  const GoalFields f = fields_of(input);
  std::vector<ErrorDetail> problems;
  const Report report = [&](std::string_view field, std::string message) {
    problems.push_back(ErrorDetail{std::string(field), std::move(message)});
  };
  PVF_TRY(auto body_st, db.prepare("SELECT 1 FROM bodies WHERE id = ?"));
  body_st.bind(1, input.body_id);
  PVF_TRY(auto body, detail::fetch_one<int>(body_st, [](Statement&) { return 1; }));
  if (!body) report("body_id", "body " + std::to_string(input.body_id) + " does not exist");
  std::optional<Indicator> indicator;
  if (!f.indicator_key.empty()) {
    PVF_TRY(indicator, indicators_detail::find_indicator(db, f.indicator_key));
  }
  const auto periods = check_goal(f, indicator, report);
  if (!problems.empty()) {
    Error e = Error::invalid(problems.front().message, problems.front().where);
    e.details = std::move(problems);
    return fail(std::move(e));
  }
  PVF_TRY(auto same_key, goal_where(db, "g.key = ?", [&](Statement& s) { s.bind(1, f.key); }));
  if (same_key && same_key->id != self.value_or(-1))
    return fail(Error{ErrorCode::conflict,
                      "goal key '" + f.key + "' is already used by goal " +
                          std::to_string(same_key->id) + " (" + same_key->body_name + ")",
                      "key",
                      {}});
  return GoalRow{f.key,           input.body_id,     indicator->id,
                 f.title,         periods->baseline, *f.baseline_value,
                 periods->target, *f.target_value};
}

}  // namespace

nlohmann::json to_json(const StoredGoal& g) {
  return {{"id", g.id},
          {"key", g.key},
          {"body_id", g.body_id},
          {"body_name", g.body_name},
          {"indicator", g.indicator_key},
          {"indicator_name", g.indicator_name},
          {"unit", g.indicator_unit},
          {"polarity", g.polarity},
          {"title", g.title},
          {"baseline_period", g.baseline_period},
          {"baseline_value", g.baseline_value},
          {"target_period", g.target_period},
          {"target_value", g.target_value},
          {"created_at", g.created_at},
          {"updated_at", g.updated_at}};
}

Result<std::vector<StoredGoal>> list_goals(Database& db, std::optional<int64_t> body_id) {
  PVF_TRY(auto st, db.prepare(std::string(kGoalColumns) + " WHERE (?1 IS NULL OR g.body_id = ?1) "
                                                          "ORDER BY b.name COLLATE NOCASE, g.key"));
  st.bind(1, body_id);
  return detail::fetch_all<StoredGoal>(st, read_goal);
}

Result<StoredGoal> get_goal(Database& db, int64_t id) { return must_get(db, id); }

Result<std::optional<StoredGoal>> find_goal(Database& db, std::string_view key) {
  const std::string k = detail::trim(key);
  return goal_where(db, "g.key = ?", [&](Statement& s) { s.bind(1, k); });
}

Result<StoredGoal> create_goal(Database& db, const Actor& actor, const GoalInput& input) {
  PVF_CHECK(
      detail::check_body_scope(actor, input.body_id, "body " + std::to_string(input.body_id)));
  return db.transaction([&]() -> Result<StoredGoal> {
    PVF_TRY(GoalRow row, validate(db, input, std::nullopt));
    PVF_TRY(int64_t id, insert_goal(db, row, now_utc()));
    PVF_TRY(StoredGoal g, must_get(db, id));
    PVF_CHECK(
        append_audit(db, actor, "goal.create", "goal", std::to_string(id), nullptr, to_json(g)));
    return g;
  });
}

Result<StoredGoal> update_goal(Database& db, const Actor& actor, int64_t id,
                               const GoalInput& input) {
  return db.transaction([&]() -> Result<StoredGoal> {
    PVF_TRY(StoredGoal before, must_get(db, id));
    PVF_CHECK(detail::check_body_scope(actor, before.body_id, "goal " + before.key));
    PVF_CHECK(
        detail::check_body_scope(actor, input.body_id, "body " + std::to_string(input.body_id)));
    PVF_TRY(GoalRow row, validate(db, input, id));
    if (same_content(before, row, detail::trim(input.indicator_key))) return before;
    PVF_CHECK(write_goal(db, id, row, now_utc()));
    PVF_TRY(StoredGoal after, must_get(db, id));
    PVF_CHECK(append_audit(db, actor, "goal.update", "goal", std::to_string(id), to_json(before),
                           to_json(after)));
    return after;
  });
}

Status delete_goal(Database& db, const Actor& actor, int64_t id) {
  return db.transaction([&]() -> Status {
    PVF_TRY(StoredGoal before, must_get(db, id));
    PVF_CHECK(detail::check_body_scope(actor, before.body_id, "goal " + before.key));
    PVF_TRY(auto st, db.prepare("DELETE FROM goals WHERE id = ?"));
    st.bind(1, id);
    PVF_CHECK(st.run());
    PVF_CHECK(append_audit(db, actor, "goal.delete", "goal", std::to_string(id), to_json(before),
                           nullptr));
    return {};
  });
}

// ---- CSV import ----

Result<ImportSummary> import_goals(Database& db, const Actor& actor, const csv::Table& table,
                                   std::string_view sha256) {
  Problems problems;
  const Columns cols(table,
                     {"goal", "body", "indicator", "baseline_period", "baseline_value",
                      "target_period", "target_value"},
                     {"title", "polarity"}, problems);
  if (!problems.empty()) return fail(problems.error(table.source));

  return db.transaction([&]() -> Result<ImportSummary> {
    PVF_TRY(auto bodies, BodyResolver::load(db));
    std::map<std::string, std::optional<Indicator>> indicators;  // by key, looked up once
    struct Planned {
      GoalRow row;
      std::string indicator_key;
      std::optional<StoredGoal> stored;
    };
    std::vector<Planned> plan;
    std::map<std::string, int> seen;  // goal key -> line
    for (const auto& row : table.rows) {
      const Report report = [&](std::string_view field, std::string message) {
        problems.add(table.where(row, field == "key" ? std::string_view("goal") : field),
                     std::move(message));
      };
      GoalFields f;
      f.key = cols.cell(row, "goal");
      f.title = cols.cell(row, "title");
      f.indicator_key = cols.cell(row, "indicator");
      f.baseline_period = cols.cell(row, "baseline_period");
      f.target_period = cols.cell(row, "target_period");
      for (auto [column, out] : {std::pair{"baseline_value", &f.baseline_value},
                                 std::pair{"target_value", &f.target_value}}) {
        std::string why;
        *out = measure_detail::parse_number(cols.cell(row, column), why);
        if (!*out) report(column, std::string(column) + " " + why);
      }

      const std::optional<int64_t> body =
          bodies.resolve(cols.cell(row, "body"), table.where(row, "body"), problems);
      if (body)
        measure_detail::check_scope(actor, *body, bodies.name(*body), table.where(row, "body"),
                                    problems);

      std::optional<Indicator> indicator;
      if (!f.indicator_key.empty()) {
        auto it = indicators.find(f.indicator_key);
        if (it == indicators.end()) {
          PVF_TRY(auto found, indicators_detail::find_indicator(db, f.indicator_key));
          it = indicators.emplace(f.indicator_key, std::move(found)).first;
        }
        indicator = it->second;
      }
      const auto periods = check_goal(f, indicator, report);

      if (const std::string p = cols.cell(row, "polarity"); !p.empty()) {
        auto polarity = measure::parse_polarity(p);
        if (!polarity)
          report("polarity", "polarity '" + p + "' is not higher, lower or neutral");
        else if (indicator && *polarity != indicator->def.polarity)
          report("polarity", "polarity '" + p + "' disagrees with indicator " + indicator->def.key +
                                 ", which is stored as '" +
                                 measure::to_string(indicator->def.polarity) + "'");
      }

      std::optional<StoredGoal> stored;
      if (detail::is_key(f.key)) {
        if (auto [it, fresh] = seen.emplace(f.key, row.line); !fresh)
          report("key", "goal '" + f.key + "' is also on line " + std::to_string(it->second));
        PVF_TRY(stored, goal_where(db, "g.key = ?", [&](Statement& s) { s.bind(1, f.key); }));
        // Re-pointing another body's goal needs the right to that body too.
        if (stored && (!body || stored->body_id != *body))
          measure_detail::check_scope(actor, stored->body_id, stored->body_name,
                                      table.where(row, "goal"), problems);
      }
      if (!problems.empty()) continue;  // nothing is written: skip building the plan
      GoalRow r{f.key,
                *body,
                indicator->id,
                f.title,
                periods->baseline,
                *f.baseline_value,
                periods->target,
                *f.target_value};
      if (!cols.has("title") && stored) r.title = stored->title;
      plan.push_back(Planned{std::move(r), indicator->def.key, std::move(stored)});
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(table.rows.size());
    nlohmann::json inserted = nlohmann::json::array(), updated = nlohmann::json::array();
    const std::string now = now_utc();
    for (const auto& p : plan) {
      if (!p.stored) {
        PVF_CHECK(insert_goal(db, p.row, now));
        inserted.push_back(p.row.key);
        ++summary.inserted;
      } else if (same_content(*p.stored, p.row, p.indicator_key)) {
        ++summary.unchanged;
      } else {
        PVF_CHECK(write_goal(db, p.stored->id, p.row, now));
        updated.push_back(p.row.key);
        ++summary.updated;
      }
    }
    PVF_CHECK(
        measure_detail::record_import(db, actor, "goals", table, sha256, summary, false,
                                      {{"goals_inserted", inserted}, {"goals_updated", updated}}));
    return summary;
  });
}

}  // namespace pvf::store
