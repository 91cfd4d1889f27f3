// The measurement layer's own data in the store: goals (goals_repo.cpp), productivity data —
// activity volumes and input spending (productivity_repo.cpp) — and citizen surveys
// (surveys_repo.cpp). The write contract of repositories.h applies: one transaction each
// (joining the caller's), the domain rules enforced here, nothing written on error.
//
// CSV imports (every import_* below):
//  - header names match case-insensitively, in any order; a missing required column, an
//    unknown column or a column given twice is a problem;
//  - the whole file is refused on any problem, and the Error lists EVERY problem in `details`
//    as "file:LINE:column" (csv::Table::where; header problems "file:1:column") with why; the
//    first is in `where`. Code: forbidden if any row is outside the actor's body, else conflict
//    if any row clashes with stored data, else invalid_input;
//  - rows are upserts by their key: a re-import of the same file changes nothing (every row
//    `unchanged`); a file replaces nothing it does not name;
//  - `body` cells name a stored body by code, else by exact name;
//  - on success: one observation_imports row (kind "goals", "activity", "inputs",
//    "survey_questions" or "survey_responses"; format "pvf"; source_name = table.source;
//    sha256 = the caller's digest of the file text, or when empty the SHA-256 of the table
//    re-written as CSV) and one audit entry "<kind>.import" on entity "observation_import" with
//    the counts; measure_generation moves on once when any row was inserted or updated (goals
//    move it through their triggers);
//  - body leads and assessors (Actor::body_id) may import rows for their own body only.
// Numbers are plain decimals ("1234.5", "1e6", a leading "+"); no thousands separators.
// Periods are pvf's canonical text (core/period.h), stored canonical.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/period.h"
#include "core/result.h"
#include "store/db.h"
#include "store/import_summary.h"
#include "store/records.h"

namespace pvf::store {

// Every import_* below returns an ImportSummary (store/import_summary.h): each data row is
// exactly one of inserted (new key), updated (stored key, other values) or unchanged.

// ---- goals (goals_repo.cpp) ----

// A goal: move an indicator for a body from (baseline_period, baseline_value) to
// (target_period, target_value); values in the indicator's unit. The indicator's fields are
// read through at query time, so a polarity changed on the indicator shows here.
struct StoredGoal {
  int64_t id = 0;
  std::string key;  // the user's goal id, e.g. "leeds-asc2-2024"
  int64_t body_id = 0;
  std::string body_name;
  std::string indicator_key, indicator_name, indicator_unit;
  std::string polarity;  // the indicator's: "higher" | "lower" (never "neutral" when written)
  std::string title;
  std::string baseline_period;
  double baseline_value = 0;
  std::string target_period;
  double target_value = 0;
  std::string created_at;
  std::string updated_at;
};
// {id,key,body_id,body_name,indicator,indicator_name,unit,polarity,title,baseline_period,
//  baseline_value,target_period,target_value,created_at,updated_at}
nlohmann::json to_json(const StoredGoal& g);

struct GoalInput {
  std::string key;  // 1-64 characters of [A-Za-z0-9_.-]
  int64_t body_id = 0;
  std::string indicator_key;
  std::string title;  // may be empty; at most 300 characters
  std::string baseline_period;
  double baseline_value = 0;
  std::string target_period;
  double target_value = 0;
};

// Rules (create, update and import alike): the key's format; the body and indicator exist; the
// indicator is higher or lower is better (a neutral one gives a goal no direction); both periods
// parse, are of one kind, the target after the baseline, and of the indicator's frequency (an
// annual indicator takes years, a quarterly one quarters); both values finite. Errors name the
// field ("key", "body_id", "indicator", "title", "baseline_period", "baseline_value",
// "target_period", "target_value"), every problem in details. A duplicate key -> conflict.
// A body lead or assessor writes goals for their own body only (forbidden), on update both the
// goal's body and the new one.
Result<StoredGoal> create_goal(Database& db, const Actor& actor, const GoalInput& input);
// Unchanged input: no write, no audit.
Result<StoredGoal> update_goal(Database& db, const Actor& actor, int64_t id,
                               const GoalInput& input);
Status delete_goal(Database& db, const Actor& actor, int64_t id);
// Body name, then key.
Result<std::vector<StoredGoal>> list_goals(Database& db,
                                           std::optional<int64_t> body_id = std::nullopt);
Result<StoredGoal> get_goal(Database& db, int64_t id);  // not_found
Result<std::optional<StoredGoal>> find_goal(Database& db, std::string_view key);

// Columns goal,body,indicator,baseline_period,baseline_value,target_period,target_value
// [,title][,polarity]; upsert by goal key. `polarity`, when a cell is given, must agree with the
// indicator's stored polarity (a check that the file means the indicator it names; any form
// measure::parse_polarity reads). Without a title column an updated goal keeps its title.
// The rules of create_goal, per cell; a goal key twice in the file is a problem.
Result<ImportSummary> import_goals(Database& db, const Actor& actor, const csv::Table& table,
                                   std::string_view sha256 = {});

// ---- productivity data (productivity_repo.cpp) ----
// The inputs of measure/productivity.h (ONS method). Money is £ nominal.

struct StoredActivity {
  int64_t body_id = 0;
  std::string period;
  std::string activity;  // e.g. "home_care_hours"
  double volume = 0;     // >= 0, in the activity's own unit
  double unit_cost = 0;  // > 0, £ nominal per unit of volume
  double quality = 1;    // > 0, quality multiplier (1 = not adjusted)
};
nlohmann::json to_json(const StoredActivity& a);  // {period,activity,volume,unit_cost,quality}

struct StoredInput {
  int64_t body_id = 0;
  std::string period;
  std::string input;       // input line ("staff", ...); "" = one undivided total
  double expenditure = 0;  // >= 0, £ nominal
  double deflator = 0;     // > 0, price index (any base, one series per line)
};
nlohmann::json to_json(const StoredInput& i);  // {period,input,expenditure,deflator}

// Columns body,period,activity,volume,unit_cost[,quality] (as `pvf productivity` reads them);
// upsert by (body, period, activity). An empty quality cell means 1. A body's activity periods
// must all be of one kind, counting those stored (the index is chain-linked along them).
Result<ImportSummary> import_activity(Database& db, const Actor& actor, const csv::Table& table,
                                      std::string_view sha256 = {});
// Columns body,period,expenditure,deflator[,input]; upsert by (body, period, input). Without an
// input column each row is the body's undivided total for the period (input ""); with it every
// cell must name a line. A body may not mix totals and named lines, nor periods of two kinds,
// counting what is stored.
Result<ImportSummary> import_inputs(Database& db, const Actor& actor, const csv::Table& table,
                                    std::string_view sha256 = {});

// Ordered by period, then activity / input. O(rows of the body).
Result<std::vector<StoredActivity>> activity_for_body(Database& db, int64_t body_id);
Result<std::vector<StoredInput>> inputs_for_body(Database& db, int64_t body_id);

// ---- citizen surveys (surveys_repo.cpp) ----

struct StoredSurveyQuestion {
  int64_t id = 0;
  std::string key;
  std::string text;
  std::vector<std::string> levels;  // answer labels, worst first; at least 2
  int top_levels = 1;               // the best `top_levels` levels count as positive
  std::string area_key;             // framework area it informs; may be empty
  int64_t responses = 0;            // stored responses to it, all bodies
  std::string created_at;
  std::string updated_at;
};
// {id,key,text,levels,top_levels,area,responses,created_at,updated_at}
nlohmann::json to_json(const StoredSurveyQuestion& q);

// One answer. `respondent` is the survey's own pseudonymous id: never log it or put it in an
// error message or audit entry.
struct StoredSurveyResponse {
  std::string question_key;
  std::string period;
  std::string respondent;
  int level = 0;  // 1 = the worst level
  double weight = 1;
};

// Columns question,text,levels,top_levels[,area]; upsert by question key. `levels`: labels
// separated by '|', worst first, at least 2, none empty, distinct ignoring case, each at most
// 200 characters; top_levels a whole number in 1..levels-1; area empty or a framework area
// key (at most 64 of a-z 0-9 _). Changing the levels of a question
// that has responses is a conflict (the stored levels would change meaning); its text,
// top_levels and area may change. Without an area column an updated question keeps its area.
Result<ImportSummary> import_survey_questions(Database& db, const Actor& actor,
                                              const csv::Table& table,
                                              std::string_view sha256 = {});
// Columns respondent,body,period,question,answer[,weight]; upsert by (question, body, period,
// respondent). `question` names a stored question; `answer` is one of its level labels
// (ignoring case), else a whole number 1..levels; weight empty = 1, else finite and > 0.
// A respondent answering one question twice for one body and period is a problem (reported
// without the respondent id).
Result<ImportSummary> import_survey_responses(Database& db, const Actor& actor,
                                              const csv::Table& table,
                                              std::string_view sha256 = {});

// Ordered by key.
Result<std::vector<StoredSurveyQuestion>> list_survey_questions(Database& db);
// Ordered by question key, period, respondent. O(responses of the body).
Result<std::vector<StoredSurveyResponse>> survey_responses_for_body(Database& db, int64_t body_id);

}  // namespace pvf::store
