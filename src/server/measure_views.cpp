#include "server/measure_views.h"

#include <cmath>
#include <set>

#include "store/measure_repo.h"
#include "store/repositories.h"

namespace pvf::server {

using nlohmann::json;

json number_or_null(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return *value;
}

namespace {

// Stored period text -> Period; the store only holds parsed-and-formatted periods, so a failure
// here is corruption, reported as internal.
Result<Period> stored_period(const std::string& text) {
  auto p = Period::parse(text);
  if (!p) return fail(Error::internal("stored period '" + text + "' does not parse"));
  return *p;
}

}  // namespace

Result<measure::ProductivityResult> body_productivity(store::Database& db, int64_t body_id) {
  auto body = store::get_body(db, body_id);
  if (!body) return fail(body.error());
  auto activity = store::activity_for_body(db, body_id);
  if (!activity) return fail(activity.error());
  auto inputs = store::inputs_for_body(db, body_id);
  if (!inputs) return fail(inputs.error());
  std::vector<measure::ActivityRecord> acts;
  acts.reserve(activity->size());
  for (const auto& a : *activity) {
    auto p = stored_period(a.period);
    if (!p) return fail(p.error());
    acts.push_back({body->name, *p, a.activity, a.volume, a.unit_cost, a.quality});
  }
  std::vector<measure::InputRecord> ins;
  ins.reserve(inputs->size());
  for (const auto& i : *inputs) {
    auto p = stored_period(i.period);
    if (!p) return fail(p.error());
    ins.push_back({body->name, *p, i.input, i.expenditure, i.deflator});
  }
  if (acts.empty() && ins.empty()) return measure::ProductivityResult{};
  return measure::compute_productivity(acts, ins);
}

Result<BodySurveys> body_surveys(store::Database& db, int64_t body_id) {
  auto body = store::get_body(db, body_id);
  if (!body) return fail(body.error());
  auto stored_questions = store::list_survey_questions(db);
  if (!stored_questions) return fail(stored_questions.error());
  auto responses = store::survey_responses_for_body(db, body_id);
  if (!responses) return fail(responses.error());
  std::set<std::string> asked;
  for (const auto& r : *responses) asked.insert(r.question_key);
  BodySurveys out;
  for (const auto& q : *stored_questions)
    if (asked.count(q.key)) out.questions.push_back({q.key, q.text, q.levels, q.top_levels, q.area_key});
  if (responses->empty()) return out;
  std::vector<measure::SurveyResponse> rs;
  rs.reserve(responses->size());
  for (const auto& r : *responses) {
    auto p = stored_period(r.period);
    if (!p) return fail(p.error());
    rs.push_back({r.respondent, body->name, *p, r.question_key, r.level, r.weight});
  }
  auto estimates = measure::estimate_shares(out.questions, rs);
  if (!estimates) return fail(estimates.error());
  out.estimates = std::move(*estimates);
  return out;
}

Result<json> productivity_view(store::Database& db, int64_t body_id) {
  auto r = body_productivity(db, body_id);
  if (!r) return fail(r.error());
  json indices = json::array(), contributions = json::array(), unit_costs = json::array(),
       trends = json::array(), warnings = json::array();
  for (const auto& i : r->indices)
    indices.push_back({{"period", i.period.to_string()},
                       {"output_index", number_or_null(i.output_index)},
                       {"input_index", number_or_null(i.input_index)},
                       {"productivity_index", number_or_null(i.productivity_index)}});
  for (const auto& c : r->contributions)
    contributions.push_back({{"period", c.period.to_string()},
                             {"activity", c.activity},
                             {"cost_share_previous", c.cost_share_previous},
                             {"growth", c.growth},
                             {"contribution_points", c.contribution_points}});
  for (const auto& u : r->unit_costs)
    unit_costs.push_back({{"activity", u.activity},
                          {"period", u.period.to_string()},
                          {"unit_cost", u.unit_cost},
                          {"change_from_previous", number_or_null(u.change_from_previous)}});
  for (const auto& t : r->unit_cost_trends)
    trends.push_back({{"activity", t.activity},
                      {"first_period", t.first.to_string()},
                      {"last_period", t.last.to_string()},
                      {"first_cost", t.first_cost},
                      {"last_cost", t.last_cost},
                      {"annual_change", number_or_null(t.annual_change)}});
  for (const auto& w : r->warnings) warnings.push_back({{"period", w.period}, {"message", w.message}});
  return json{{"body_id", body_id},         {"money", "nominal"},
              {"indices", indices},         {"contributions", contributions},
              {"unit_costs", unit_costs},   {"unit_cost_trends", trends},
              {"warnings", warnings}};
}

Result<json> survey_view(store::Database& db, int64_t body_id) {
  auto s = body_surveys(db, body_id);
  if (!s) return fail(s.error());
  json questions = json::array(), estimates = json::array();
  for (const auto& q : s->questions)
    questions.push_back({{"key", q.key},
                         {"text", q.text},
                         {"levels", q.levels},
                         {"top_levels", q.top_levels},
                         {"area_key", q.area_key.empty() ? json(nullptr) : json(q.area_key)}});
  for (const auto& e : s->estimates) {
    json change_lo = nullptr, change_hi = nullptr;
    if (e.change_ci) {
      change_lo = number_or_null(e.change_ci->low);
      change_hi = number_or_null(e.change_ci->high);
    }
    estimates.push_back(
        {{"question", e.question},
         {"period", e.period.to_string()},
         {"respondents", e.respondents},
         {"effective_n", e.effective_n},
         {"share", e.share},
         {"ci_low", e.ci.low},
         {"ci_high", e.ci.high},
         {"previous_period", e.previous_period ? json(e.previous_period->to_string()) : json(nullptr)},
         {"change", number_or_null(e.change)},
         {"change_ci_low", change_lo},
         {"change_ci_high", change_hi},
         {"significant", e.significant ? json(*e.significant) : json(nullptr)}});
  }
  return json{{"body_id", body_id}, {"questions", questions}, {"estimates", estimates}};
}

}  // namespace pvf::server
