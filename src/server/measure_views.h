// JSON views of the measurement layer (docs/api-outline.md, "Measurement"): each gathers what
// it needs from the store, runs the pure engines of src/measure, and shapes the result. Called
// inside the request's read transaction, so every view is one consistent snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "measure/goals.h"
#include "measure/productivity.h"
#include "measure/survey.h"
#include "store/db.h"
#include "store/indicators_repo.h"

namespace pvf::server {

// A finite double as a JSON number, anything else (absent, NaN, ±inf) as null.
nlohmann::json number_or_null(std::optional<double> value);

// ---- comparison groups ----
// The `group`, `group_id` and `body` query parameters (see docs/api-outline.md); `fallback` is
// the scope used when `group` is absent. Errors name the parameter.
Result<store::GroupSelector> group_selector(const std::optional<std::string>& group,
                                            const std::optional<std::string>& group_id,
                                            std::optional<int64_t> body_id,
                                            store::GroupScope fallback);
// GroupRef: {"scope","group_id","label","body_count"}.
nlohmann::json group_ref(const store::GroupSelector& selector, const store::ResolvedGroup& group);

// ---- indicators ----
// Every body by id, for naming the bodies of a comparison (loaded once per measure generation).
struct BodyDirectory {
  std::unordered_map<int64_t, store::Body> by_id;
};
Result<BodyDirectory> load_body_directory(store::Database& db);

// An IndicatorComparison serialised once for every body that asks (the comparison endpoint
// caches it by measure generation): with_body(id) is the response text, the chosen body's
// place filled in (null when it has no value that period). Serialising the ~400 rows is most
// of a comparison's cost, so a cached one answers in microseconds.
struct ComparisonText {
  std::string head;  // the members before "body", as `{"bodies":[...]`
  std::string tail;  // the members after it, as `,"distribution":...}`
  std::unordered_map<int64_t, std::string> places;  // body id -> its place, serialised
  std::string with_body(std::optional<int64_t> body_id) const;
};
// `period`: "2023-24" (any form Period::parse takes), or absent/empty for the latest with data.
// `group` is `selector` resolved (store::resolve_group); `directory` names the bodies.
Result<ComparisonText> comparison_text(store::Database& db, const store::IndicatorSummary& ind,
                                       const std::optional<std::string>& period,
                                       const store::GroupSelector& selector,
                                       const store::ResolvedGroup& group,
                                       const BodyDirectory& directory);
Result<nlohmann::json> series_view(store::Database& db, std::string_view indicator_key,
                                   int64_t body_id, const store::GroupSelector& selector);

// ---- goals ----
// Each of the body's goals assessed from its observations up to `as_of` (all when absent),
// with the degree of ambition against the group (GoalView list).
struct AssessedGoal {
  int64_t id = 0;
  std::string key, title;
  int64_t body_id = 0;
  store::Indicator indicator;
  measure::GoalSpec spec;  // Period has no default constructor: build with designated initialisers
  measure::GoalProgress progress;
  std::vector<measure::PeriodValue> observations;  // the body's, oldest first (all periods)
  std::optional<measure::Ambition> ambition;
};
Result<std::vector<AssessedGoal>> assess_body_goals(store::Database& db, int64_t body_id,
                                                    const store::GroupSelector& selector,
                                                    std::optional<Period> as_of = std::nullopt);
nlohmann::json to_json(const AssessedGoal& goal);
Result<nlohmann::json> goals_view(store::Database& db, int64_t body_id,
                                  const store::GroupSelector& selector);

// ---- productivity (ONS method) and surveys, per body ----
// The engines' results for one body (productivity: activity and input spending as stored;
// surveys: every question's estimates from the body's responses). not_found for no such body.
Result<measure::ProductivityResult> body_productivity(store::Database& db, int64_t body_id);
struct BodySurveys {
  std::vector<measure::SurveyQuestion> questions;  // those the body has responses to
  std::vector<measure::ShareEstimate> estimates;
};
Result<BodySurveys> body_surveys(store::Database& db, int64_t body_id);

Result<nlohmann::json> productivity_view(store::Database& db, int64_t body_id);  // ProductivityView
Result<nlohmann::json> survey_view(store::Database& db, int64_t body_id);        // SurveyView

// ---- data signals beside a scorecard ----
// Everything the data says about each area of an assessment's framework, as at the
// assessment's period (observations after it are ignored), compared within `selector`'s group.
Result<nlohmann::json> signals_view(store::Database& db, int64_t assessment_id,
                                    const store::GroupSelector& selector);  // SignalsView

}  // namespace pvf::server
