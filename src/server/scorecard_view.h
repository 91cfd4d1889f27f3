// Scorecards as the API, exports and CLI present them: one assessment with its change since
// the body's previous assessment and its history across periods, and the comparison of every
// body's assessment for one framework version and period.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "framework/scoring.h"
#include "store/db.h"
#include "store/records.h"
#include "store/repositories.h"

namespace pvf::server {

struct HistoryPoint {
  int64_t assessment_id = 0;
  std::string period;
  framework::AssessmentStatus status{};
  framework::Scorecard card;
};

struct ScorecardView {
  store::Assessment assessment;
  store::Body body;
  store::StoredFramework framework;
  std::optional<store::Assessment> previous;
  framework::Scorecard card;
  std::vector<HistoryPoint> history;  // oldest period first, this assessment included
};

Result<ScorecardView> build_scorecard_view(store::Database& db, int64_t assessment_id);
nlohmann::json to_json(const ScorecardView& v);  // the API's ScorecardView

struct ComparisonRow {
  store::Body body;
  store::Assessment assessment;
  framework::LevelMap levels;
  framework::Scorecard card;
};

struct Comparison {
  store::StoredFramework framework;
  std::string period;
  std::vector<ComparisonRow> rows;  // by body name
};

// Every assessment on framework version `framework_id` for `period` (canonical text).
Result<Comparison> build_comparison(store::Database& db, int64_t framework_id,
                                    const std::string& period);
nlohmann::json to_json(const Comparison& c);  // the API's Comparison

// The framework's scale as JSON [{level,label,colour}].
nlohmann::json scale_json(const framework::Framework& f);

}  // namespace pvf::server
