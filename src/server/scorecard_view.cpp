#include "server/scorecard_view.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace pvf::server {
namespace {

nlohmann::json score(std::optional<double> v) {
  if (!v) return nullptr;
  return std::round(*v * 100.0) / 100.0;
}

nlohmann::json framework_summary(const store::StoredFramework& f) {
  return {{"id", f.id},
          {"key", f.key},
          {"version", f.version},
          {"title", f.title},
          {"scale", scale_json(*f.definition)}};
}

}  // namespace

nlohmann::json scale_json(const framework::Framework& f) {
  nlohmann::json scale = nlohmann::json::array();
  for (const auto& l : f.scale)
    scale.push_back({{"level", l.level}, {"label", l.label}, {"colour", l.colour}});
  return scale;
}

Result<ScorecardView> build_scorecard_view(store::Database& db, int64_t assessment_id) {
  ScorecardView v;
  auto a = store::get_assessment(db, assessment_id);
  if (!a) return fail(a.error());
  v.assessment = *a;
  auto body = store::get_body(db, a->body_id);
  if (!body) return fail(body.error());
  v.body = *body;
  auto fw = store::get_framework(db, a->framework_id);
  if (!fw) return fail(fw.error());
  v.framework = *fw;
  auto prev = store::previous_assessment(db, *a);
  if (!prev) return fail(prev.error());
  v.previous = *prev;
  auto history = store::body_history(db, a->body_id, a->framework_key);
  if (!history) return fail(history.error());

  // Every level the card needs (this assessment, the previous one, the whole history) in one query.
  std::vector<int64_t> ids{a->id};
  if (v.previous) ids.push_back(v.previous->id);
  for (const auto& h : *history) ids.push_back(h.id);
  auto all_levels = store::levels_for(db, ids);
  if (!all_levels) return fail(all_levels.error());
  auto levels_of = [&](int64_t id) -> const framework::LevelMap& {
    static const framework::LevelMap kNone;
    auto it = all_levels->find(id);
    return it == all_levels->end() ? kNone : it->second;
  };
  v.card = framework::compute_scorecard(*fw->definition, levels_of(a->id),
                                        v.previous ? &levels_of(v.previous->id) : nullptr);

  std::map<int64_t, std::shared_ptr<const framework::Framework>> frameworks{
      {fw->id, fw->definition}};
  for (const auto& h : *history) {
    auto& def = frameworks[h.framework_id];
    if (!def) {
      auto other = store::get_framework(db, h.framework_id);
      if (!other) return fail(other.error());
      def = other->definition;
    }
    v.history.push_back({h.id, h.period, h.status, framework::compute_scorecard(*def, levels_of(h.id))});
  }
  return v;
}

nlohmann::json to_json(const ScorecardView& v) {
  nlohmann::json previous = nullptr;
  if (v.previous)
    previous = {{"id", v.previous->id},
                {"period", v.previous->period},
                {"status", std::string(framework::to_string(v.previous->status))}};
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : v.history) {
    nlohmann::json pillars = nlohmann::json::object();
    for (const auto& p : h.card.pillars) pillars[p.key] = score(p.score);
    history.push_back({{"assessment_id", h.assessment_id},
                       {"period", h.period},
                       {"status", std::string(framework::to_string(h.status))},
                       {"overall", score(h.card.overall)},
                       {"pillars", pillars}});
  }
  return {{"assessment", store::to_json(v.assessment)},
          {"framework", framework_summary(v.framework)},
          {"previous", previous},
          {"scorecard", framework::to_json(v.card)},
          {"history", history}};
}

Result<Comparison> build_comparison(store::Database& db, int64_t framework_id,
                                    const std::string& period) {
  Comparison c;
  auto fw = store::get_framework(db, framework_id);
  if (!fw) return fail(fw.error());
  c.framework = *fw;
  c.period = period;
  auto bodies = store::list_bodies(db);
  if (!bodies) return fail(bodies.error());
  std::map<int64_t, store::Body> by_id;
  for (auto& b : *bodies) by_id.emplace(b.id, std::move(b));

  store::AssessmentFilter filter;
  filter.framework_id = framework_id;
  filter.period = period;
  filter.limit = 1000;
  for (;;) {
    auto page = store::list_assessments(db, filter);
    if (!page) return fail(page.error());
    std::vector<int64_t> ids;
    for (const auto& a : *page) ids.push_back(a.id);
    auto page_levels = store::levels_for(db, ids);
    if (!page_levels) return fail(page_levels.error());
    for (const auto& a : *page) {
      ComparisonRow row;
      row.body = by_id.count(a.body_id) ? by_id.at(a.body_id) : store::Body{};
      row.assessment = a;
      row.levels = std::move((*page_levels)[a.id]);
      row.card = framework::compute_scorecard(*fw->definition, row.levels);
      c.rows.push_back(std::move(row));
    }
    if (static_cast<int>(page->size()) < filter.limit) break;
    filter.after_id = page->back().id;
  }
  std::sort(c.rows.begin(), c.rows.end(),
            [](const ComparisonRow& x, const ComparisonRow& y) { return x.body.name < y.body.name; });
  return c;
}

nlohmann::json to_json(const Comparison& c) {
  const auto& def = *c.framework.definition;
  nlohmann::json pillars = nlohmann::json::array(), areas = nlohmann::json::array();
  for (const auto& p : def.pillars) {
    pillars.push_back({{"key", p.key}, {"title", p.title}});
    for (const auto& a : p.areas)
      areas.push_back({{"key", a.key}, {"title", a.title}, {"pillar", p.key}});
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : c.rows) {
    nlohmann::json levels = nlohmann::json::object(), pillar_scores = nlohmann::json::object();
    for (const auto& p : r.card.pillars) {
      pillar_scores[p.key] = score(p.score);
      for (const auto& a : p.areas) levels[a.key] = a.level ? nlohmann::json(*a.level) : nullptr;
    }
    rows.push_back({{"body_id", r.body.id},
                    {"body_name", r.body.name},
                    {"body_type", r.body.type},
                    {"region", r.body.region ? nlohmann::json(*r.body.region) : nullptr},
                    {"assessment_id", r.assessment.id},
                    {"status", std::string(framework::to_string(r.assessment.status))},
                    {"levels", levels},
                    {"pillar_scores", pillar_scores},
                    {"overall", score(r.card.overall)}});
  }
  return {{"framework", framework_summary(c.framework)},
          {"period", c.period},
          {"pillars", pillars},
          {"areas", areas},
          {"rows", rows}};
}

}  // namespace pvf::server
