// Assessments: a body's ratings against one framework version for one period, and the
// workflow that takes them from draft to agreed.
#include <algorithm>
#include <unordered_map>

#include "core/period.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using framework::AssessmentStatus;

constexpr std::string_view kAssessmentColumns =
    "SELECT a.id, a.body_id, b.name, a.framework_id, f.key, f.version, a.period, a.status, "
    "a.created_by, a.created_at, a.updated_at "
    "FROM assessments a JOIN bodies b ON b.id = a.body_id "
    "JOIN frameworks f ON f.id = a.framework_id";

Assessment read_assessment(Statement& s) {
  Assessment a;
  a.id = s.int64(0);
  a.body_id = s.int64(1);
  a.body_name = s.text(2);
  a.framework_id = s.int64(3);
  a.framework_key = s.text(4);
  a.framework_version = s.text(5);
  a.period = s.text(6);
  a.status = framework::parse_status(s.text(7)).value_or(AssessmentStatus::draft);
  a.created_by = s.int64(8);
  a.created_at = s.text(9);
  a.updated_at = s.text(10);
  return a;
}

constexpr std::string_view kRatingColumns =
    "SELECT r.area_key, r.level, r.rationale, r.confidence, r.evidence_json, r.updated_by, "
    "CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END, r.updated_at "
    "FROM ratings r JOIN users u ON u.id = r.updated_by";

Rating read_rating(Statement& s) {
  Rating r;
  r.area_key = s.text(0);
  r.level = static_cast<int>(s.int64(1));
  r.rationale = s.text(2);
  r.confidence = s.text(3);
  auto ev = nlohmann::json::parse(s.text(4), nullptr, /*allow_exceptions=*/false);
  if (ev.is_array())
    for (const auto& e : ev) {
      if (!e.is_object()) continue;
      Evidence item;
      if (auto u = e.find("url"); u != e.end() && u->is_string()) item.url = u->get<std::string>();
      if (auto n = e.find("note"); n != e.end() && n->is_string())
        item.note = n->get<std::string>();
      r.evidence.push_back(std::move(item));
    }
  r.updated_by = s.int64(5);
  r.updated_by_name = s.text(6);
  r.updated_at = s.text(7);
  return r;
}

std::string framework_name(const Assessment& a) {
  return a.framework_key + " " + a.framework_version;
}

Status check_editable(const Assessment& a) {
  if (framework::is_editable(a.status)) return {};
  if (a.status == AssessmentStatus::agreed)
    return fail(Error::conflict("assessment is agreed and read-only"));
  return fail(Error::conflict("assessment is " + std::string(framework::to_string(a.status)) +
                              ": it can be changed only after it is returned"));
}

Result<std::optional<Rating>> find_rating(Database& db, int64_t assessment_id,
                                          std::string_view area_key) {
  PVF_TRY(auto st, db.prepare(std::string(kRatingColumns) +
                              " WHERE r.assessment_id = ? AND r.area_key = ?"));
  st.bind(1, assessment_id).bind(2, area_key);
  return detail::fetch_one<Rating>(st, read_rating);
}

Status touch(Database& db, int64_t assessment_id, const std::string& now) {
  PVF_TRY(auto st, db.prepare("UPDATE assessments SET updated_at = ? WHERE id = ?"));
  st.bind_all(now, assessment_id);
  PVF_CHECK(st.run());
  return {};
}

// Every assessment of the body on any version of the framework key.
Result<std::vector<Assessment>> same_body_and_key(Database& db, int64_t body_id,
                                                  std::string_view key) {
  PVF_TRY(auto st, db.prepare(std::string(kAssessmentColumns) +
                              " WHERE a.body_id = ? AND f.key = ? ORDER BY a.id"));
  st.bind(1, body_id).bind(2, key);
  return detail::fetch_all<Assessment>(st, read_assessment);
}

}  // namespace

Result<std::vector<Assessment>> list_assessments(Database& db, const AssessmentFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 1000);
  std::optional<std::string> status;
  if (filter.status) status = std::string(framework::to_string(*filter.status));
  PVF_TRY(auto st,
          db.prepare(std::string(kAssessmentColumns) + " WHERE (?1 IS NULL OR a.body_id = ?1)"
                                                       " AND (?2 IS NULL OR a.framework_id = ?2)"
                                                       " AND (?3 IS NULL OR a.period = ?3)"
                                                       " AND (?4 IS NULL OR a.status = ?4)"
                                                       " AND (?5 IS NULL OR a.id > ?5)"
                                                       " ORDER BY a.id LIMIT ?6"));
  std::optional<std::string> period;
  if (filter.period) period = detail::trim(*filter.period);
  st.bind(1, filter.body_id)
      .bind(2, filter.framework_id)
      .bind(3, period)
      .bind(4, status)
      .bind(5, filter.after_id)
      .bind(6, limit);
  return detail::fetch_all<Assessment>(st, read_assessment);
}

Result<Assessment> get_assessment(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare(std::string(kAssessmentColumns) + " WHERE a.id = ?"));
  st.bind(1, id);
  PVF_TRY(auto a, detail::fetch_one<Assessment>(st, read_assessment));
  if (!a) return fail(Error::not_found("assessment " + std::to_string(id) + " not found"));
  return std::move(*a);
}

Result<std::vector<Rating>> list_ratings(Database& db, int64_t assessment_id) {
  PVF_TRY(auto a, get_assessment(db, assessment_id));
  PVF_TRY(auto st, db.prepare(std::string(kRatingColumns) +
                              " WHERE r.assessment_id = ? ORDER BY r.area_key"));
  st.bind(1, assessment_id);
  PVF_TRY(auto ratings, detail::fetch_all<Rating>(st, read_rating));
  // In the framework's order, as people read it.
  PVF_TRY(auto fw, get_framework(db, a.framework_id));
  std::unordered_map<std::string, size_t> order;
  for (const auto& p : fw.definition->pillars)
    for (const auto& area : p.areas) order.emplace(area.key, order.size());
  auto rank = [&](const Rating& r) {
    auto it = order.find(r.area_key);
    return it == order.end() ? order.size() : it->second;
  };
  std::stable_sort(ratings.begin(), ratings.end(),
                   [&](const Rating& x, const Rating& y) { return rank(x) < rank(y); });
  return ratings;
}

Result<std::vector<TransitionRecord>> list_transitions(Database& db, int64_t assessment_id) {
  PVF_TRY(auto a, get_assessment(db, assessment_id));
  (void)a;
  PVF_TRY(auto st, db.prepare("SELECT t.from_status, t.to_status, t.user_id, u.username, t.note, "
                              "t.at FROM assessment_transitions t JOIN users u ON u.id = t.user_id "
                              "WHERE t.assessment_id = ? ORDER BY t.id"));
  st.bind(1, assessment_id);
  return detail::fetch_all<TransitionRecord>(st, [](Statement& s) {
    TransitionRecord t;
    t.from = framework::parse_status(s.text(0)).value_or(AssessmentStatus::draft);
    t.to = framework::parse_status(s.text(1)).value_or(AssessmentStatus::draft);
    t.user_id = s.int64(2);
    t.username = s.text(3);
    t.note = s.text(4);
    t.at = s.text(5);
    return t;
  });
}

Result<framework::LevelMap> levels(Database& db, int64_t assessment_id) {
  PVF_TRY(auto exists, db.prepare("SELECT 1 FROM assessments WHERE id = ?"));
  exists.bind(1, assessment_id);
  PVF_TRY(auto found, detail::fetch_one<int>(exists, [](Statement&) { return 1; }));
  if (!found)
    return fail(Error::not_found("assessment " + std::to_string(assessment_id) + " not found"));
  PVF_TRY(auto st, db.prepare("SELECT area_key, level FROM ratings WHERE assessment_id = ?"));
  st.bind(1, assessment_id);
  auto read_level = [](Statement& s) {
    return std::make_pair(s.text(0), static_cast<int>(s.int64(1)));
  };
  using AreaLevel = std::pair<std::string, int>;
  PVF_TRY(auto rows, detail::fetch_all<AreaLevel>(st, read_level));
  return framework::LevelMap(rows.begin(), rows.end());
}

Result<int64_t> data_generation(Database& db) {
  PVF_TRY(auto st, db.prepare("SELECT generation FROM data_generation WHERE id = 1"));
  PVF_TRY(auto g, detail::fetch_one<int64_t>(st, [](Statement& s) { return s.int64(0); }));
  return g.value_or(0);
}

Result<std::map<int64_t, framework::LevelMap>> levels_for(Database& db,
                                                          const std::vector<int64_t>& ids) {
  std::map<int64_t, framework::LevelMap> out;
  if (ids.empty()) return out;
  nlohmann::json id_list = ids;
  PVF_TRY(auto known, db.prepare("SELECT id FROM assessments WHERE id IN "
                                 "(SELECT value FROM json_each(?))"));
  known.bind(1, id_list.dump());
  PVF_TRY(auto found, detail::fetch_all<int64_t>(known, [](Statement& s) { return s.int64(0); }));
  for (int64_t id : found) out[id];
  PVF_TRY(auto st, db.prepare("SELECT assessment_id, area_key, level FROM ratings WHERE "
                              "assessment_id IN (SELECT value FROM json_each(?))"));
  st.bind(1, id_list.dump());
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    out[st.int64(0)].emplace(st.text(1), static_cast<int>(st.int64(2)));
  }
  return out;
}

Result<Assessment> create_assessment(Database& db, const Actor& actor, int64_t body_id,
                                     int64_t framework_id, std::string_view period_text) {
  auto period = Period::parse(detail::trim(period_text));
  if (!period) return fail(Error::invalid(period.error().message, "period"));
  const std::string canonical = period->to_string();
  PVF_CHECK(detail::check_body_scope(actor, body_id, "body " + std::to_string(body_id)));

  return db.transaction([&]() -> Result<Assessment> {
    PVF_TRY(auto body_st, db.prepare("SELECT name FROM bodies WHERE id = ?"));
    body_st.bind(1, body_id);
    PVF_TRY(auto body_name,
            detail::fetch_one<std::string>(body_st, [](Statement& s) { return s.text(0); }));
    if (!body_name)
      return fail(Error::invalid("body " + std::to_string(body_id) + " does not exist", "body_id"));
    auto fw = get_framework(db, framework_id);
    if (!fw) {
      if (fw.error().code != ErrorCode::not_found) return fail(fw.error());
      return fail(Error::invalid("framework " + std::to_string(framework_id) + " does not exist",
                                 "framework_id"));
    }
    PVF_TRY(auto dup_st, db.prepare("SELECT id FROM assessments WHERE body_id = ? AND "
                                    "framework_id = ? AND period = ?"));
    dup_st.bind(1, body_id).bind(2, framework_id).bind(3, canonical);
    PVF_TRY(auto dup, detail::fetch_one<int64_t>(dup_st, [](Statement& s) { return s.int64(0); }));
    if (dup)
      return fail(Error::conflict(*body_name + " already has an assessment on " + fw->key + " " +
                                  fw->version + " for " + canonical + " (assessment " +
                                  std::to_string(*dup) + ")"));
    PVF_TRY(int64_t user_id, detail::actor_user_id(db, actor));
    const std::string now = now_utc();
    PVF_TRY(auto st, db.prepare("INSERT INTO assessments(body_id, framework_id, period, status, "
                                "created_by, created_at, updated_at) "
                                "VALUES (?,?,?,'draft',?,?,?)"));
    st.bind_all(body_id, framework_id, canonical, user_id, now, now);
    PVF_CHECK(st.run());
    PVF_TRY(Assessment a, get_assessment(db, db.last_insert_id()));
    PVF_CHECK(append_audit(db, actor, "assessment.create", "assessment", std::to_string(a.id),
                           nullptr, to_json(a)));
    return a;
  });
}

Result<Rating> put_rating(Database& db, const Actor& actor, int64_t assessment_id,
                          std::string_view area_key, const RatingInput& input) {
  return db.transaction([&]() -> Result<Rating> {
    PVF_TRY(Assessment a, get_assessment(db, assessment_id));
    PVF_CHECK(detail::check_body_scope(actor, a.body_id, "assessment " + std::to_string(a.id)));
    PVF_CHECK(check_editable(a));
    PVF_TRY(auto fw, get_framework(db, a.framework_id));
    const framework::Framework& def = *fw.definition;
    if (!def.find_area(area_key))
      return fail(Error::invalid(
          "area '" + std::string(area_key) + "' is not in framework " + framework_name(a), "area"));
    if (!def.find_level(input.level)) {
      std::string allowed;
      for (const auto& l : def.scale) {
        if (!allowed.empty()) allowed += ", ";
        allowed += std::to_string(l.level);
        if (!l.label.empty()) allowed += " (" + l.label + ")";
      }
      return fail(Error::invalid("level " + std::to_string(input.level) +
                                     " is not on the scale of " + framework_name(a) +
                                     ": the allowed levels are " + allowed,
                                 "level"));
    }
    if (input.confidence != "low" && input.confidence != "medium" && input.confidence != "high")
      return fail(Error::invalid(
          "confidence '" + input.confidence + "' is not one of low, medium, high", "confidence"));
    nlohmann::json evidence = nlohmann::json::array();
    for (size_t i = 0; i < input.evidence.size(); ++i) {
      const Evidence& e = input.evidence[i];
      const std::string where = "evidence[" + std::to_string(i) + "]";
      const std::string url = detail::trim(e.url);
      if (url.empty() && detail::trim(e.note).empty())
        return fail(Error::invalid("an evidence item needs a url or a note", where));
      if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return fail(
            Error::invalid("an evidence url must start with http:// or https://", where + ".url"));
      evidence.push_back({{"url", url}, {"note", e.note}});
    }
    PVF_TRY(auto before, find_rating(db, a.id, area_key));
    PVF_TRY(int64_t user_id, detail::actor_user_id(db, actor));
    const std::string now = now_utc();
    PVF_TRY(auto st,
            db.prepare("INSERT INTO ratings(assessment_id, area_key, level, rationale, "
                       "confidence, evidence_json, updated_by, updated_at) "
                       "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(assessment_id, area_key) DO UPDATE "
                       "SET level = excluded.level, rationale = excluded.rationale, "
                       "confidence = excluded.confidence, evidence_json = excluded.evidence_json, "
                       "updated_by = excluded.updated_by, updated_at = excluded.updated_at"));
    st.bind_all(a.id, area_key, input.level, input.rationale, input.confidence,
                evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), user_id,
                now);
    PVF_CHECK(st.run());
    PVF_CHECK(touch(db, a.id, now));
    PVF_TRY(auto after, find_rating(db, a.id, area_key));
    if (!after) return fail(Error::internal("the rating was not stored"));
    PVF_CHECK(append_audit(db, actor, "assessment.rate", "assessment", std::to_string(a.id),
                           before ? to_json(*before) : nlohmann::json(), to_json(*after)));
    return std::move(*after);
  });
}

Result<Assessment> transition(Database& db, const Actor& actor, int64_t assessment_id,
                              framework::AssessmentStatus to, std::string_view note) {
  return db.transaction([&]() -> Result<Assessment> {
    PVF_TRY(Assessment a, get_assessment(db, assessment_id));
    PVF_CHECK(detail::check_body_scope(actor, a.body_id, "assessment " + std::to_string(a.id)));
    PVF_CHECK(framework::check_transition(a.status, to, actor.role));
    if (to == AssessmentStatus::submitted) {
      PVF_TRY(auto fw, get_framework(db, a.framework_id));
      PVF_TRY(auto rated, levels(db, a.id));
      std::vector<ErrorDetail> unrated;
      std::string keys;
      for (const auto& p : fw.definition->pillars)
        for (const auto& area : p.areas)
          if (!rated.count(area.key)) {
            unrated.push_back(ErrorDetail{area.key, "not rated"});
            keys += (keys.empty() ? "" : ", ") + area.key;
          }
      if (!unrated.empty()) {
        Error e = Error::invalid(
            "rate every area before submitting: " + std::to_string(unrated.size()) +
                (unrated.size() == 1 ? " area is" : " areas are") + " not rated (" + keys + ")",
            "ratings");
        e.details = std::move(unrated);
        return fail(std::move(e));
      }
    }
    PVF_TRY(int64_t user_id, detail::actor_user_id(db, actor));
    const std::string now = now_utc();
    const std::string from_text(framework::to_string(a.status));
    const std::string to_text(framework::to_string(to));
    PVF_TRY(auto st, db.prepare("UPDATE assessments SET status = ?, updated_at = ? "
                                "WHERE id = ? AND status = ?"));
    st.bind_all(to_text, now, a.id, from_text);
    PVF_TRY(int changed, st.run());
    if (changed != 1)
      return fail(Error::conflict("assessment " + std::to_string(a.id) +
                                  " changed meanwhile: reload it and try again"));
    PVF_TRY(auto ins, db.prepare("INSERT INTO assessment_transitions(assessment_id, from_status, "
                                 "to_status, user_id, note, at) VALUES (?,?,?,?,?,?)"));
    ins.bind_all(a.id, from_text, to_text, user_id, note, now);
    PVF_CHECK(ins.run());
    PVF_TRY(Assessment after, get_assessment(db, a.id));
    nlohmann::json after_json = to_json(after);
    after_json["note"] = std::string(note);
    PVF_CHECK(append_audit(db, actor, "assessment.transition", "assessment", std::to_string(a.id),
                           to_json(a), after_json));
    return after;
  });
}

Result<std::optional<Assessment>> previous_assessment(Database& db, const Assessment& a) {
  auto current = Period::parse(a.period);
  if (!current) return fail(Error::invalid(current.error().message, "period"));
  PVF_TRY(auto all, same_body_and_key(db, a.body_id, a.framework_key));
  std::optional<Assessment> best;
  std::optional<Period> best_period;
  for (auto& x : all) {
    if (x.id == a.id) continue;
    auto p = Period::parse(x.period);
    // Only the same kind of period: a year's previous is a year, a quarter's a quarter.
    if (!p || p->kind() != current->kind() || !(*p < *current)) continue;
    if (!best_period || *best_period < *p || (*best_period == *p && best->id < x.id)) {
      best_period = *p;
      best = std::move(x);
    }
  }
  return best;
}

Result<std::vector<Assessment>> body_history(Database& db, int64_t body_id,
                                             std::string_view framework_key) {
  PVF_TRY(auto all, same_body_and_key(db, body_id, framework_key));
  std::stable_sort(all.begin(), all.end(), [](const Assessment& x, const Assessment& y) {
    auto px = Period::parse(x.period), py = Period::parse(y.period);
    if (px && py && !(*px == *py)) return *px < *py;
    if (px.has_value() != py.has_value()) return px.has_value();  // unparsable last
    if (!px && x.period != y.period) return x.period < y.period;
    return x.id < y.id;
  });
  return all;
}

}  // namespace pvf::store
