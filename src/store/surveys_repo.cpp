// Citizen survey questions and responses (measure/survey.h), and their CSV imports.
// Respondent ids are the survey's pseudonyms: they are stored, never written to a message,
// log or audit entry.
#include <algorithm>
#include <map>
#include <tuple>

#include "store/measure_import_detail.h"
#include "store/measure_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using measure_detail::BodyResolver;
using measure_detail::Columns;
using measure_detail::Problems;

constexpr size_t kMaxTextLength = 1000;
constexpr size_t kMaxLabelLength = 200;
constexpr size_t kMaxAreaLength = 64;
constexpr size_t kMaxRespondentLength = 128;

// A framework area key, e.g. "user_experience_and_participation".
bool valid_area(std::string_view area) {
  if (area.empty() || area.size() > kMaxAreaLength) return false;
  return std::all_of(area.begin(), area.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A whole number written with digits only ("3"), else nullopt.
std::optional<int> whole_number(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<std::string> parse_levels_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

struct QuestionRow {
  std::string key, text;
  std::vector<std::string> levels;
  int top_levels = 1;
  std::optional<std::string> area;  // nullopt: keep the stored area (no area column)
};

constexpr std::string_view kQuestionColumns =
    "SELECT q.id, q.key, q.text, q.levels_json, q.top_levels, coalesce(q.area_key, ''), "
    "(SELECT count(*) FROM survey_responses r WHERE r.question_id = q.id), q.created_at, "
    "q.updated_at FROM survey_questions q";

StoredSurveyQuestion read_question(Statement& s) {
  StoredSurveyQuestion q;
  q.id = s.int64(0);
  q.key = s.text(1);
  q.text = s.text(2);
  q.levels = parse_levels_json(s.text(3));
  q.top_levels = static_cast<int>(s.int64(4));
  q.area_key = s.text(5);
  q.responses = s.int64(6);
  q.created_at = s.text(7);
  q.updated_at = s.text(8);
  return q;
}

Result<std::optional<StoredSurveyQuestion>> stored_question(Database& db, const std::string& key) {
  PVF_TRY(auto st, db.prepare(std::string(kQuestionColumns) + " WHERE q.key = ?"));
  st.bind(1, key);
  return detail::fetch_one<StoredSurveyQuestion>(st, read_question);
}

std::string levels_text(const std::vector<std::string>& levels) {
  std::string out;
  for (const auto& l : levels) out += (out.empty() ? "" : "|") + l;
  return out;
}

// The levels of a `levels` cell; adds a problem for each rule broken.
std::vector<std::string> read_levels(const std::string& cell, const std::string& where,
                                     Problems& problems) {
  std::vector<std::string> levels;
  if (cell.empty()) {
    problems.add(where, "levels is empty: give the answer labels, worst first, separated by '|'");
    return levels;
  }
  size_t start = 0;
  for (;;) {
    const size_t bar = cell.find('|', start);
    levels.push_back(
        detail::trim(cell.substr(start, bar == std::string::npos ? bar : bar - start)));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  bool ok = true;
  if (levels.size() < 2) {
    problems.add(where, "levels needs at least 2 labels separated by '|'");
    ok = false;
  }
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].empty()) {
      problems.add(where, "level " + std::to_string(i + 1) + " is empty");
      ok = false;
    } else if (detail::utf8_length(levels[i]) > kMaxLabelLength) {
      problems.add(where, "level " + std::to_string(i + 1) + " is longer than " +
                              std::to_string(kMaxLabelLength) + " characters");
      ok = false;
    } else if (auto [it, fresh] = seen.emplace(detail::lower(levels[i]), i); !fresh) {
      problems.add(where, "level '" + levels[i] + "' repeats level " +
                              std::to_string(it->second + 1) +
                              " (labels must differ, ignoring case)");
      ok = false;
    }
  }
  if (!ok) levels.clear();
  return levels;
}

struct QuestionInfo {
  int64_t id = 0;
  std::vector<std::string> levels;
  std::vector<std::string> lowered;
};

// The 1-based level of an answer: a label ignoring case, else a whole number 1..levels.
std::optional<int> answer_level(const QuestionInfo& q, const std::string& answer) {
  const std::string a = detail::lower(answer);
  for (size_t i = 0; i < q.lowered.size(); ++i)
    if (q.lowered[i] == a) return static_cast<int>(i) + 1;
  if (auto n = whole_number(answer); n && *n >= 1 && *n <= static_cast<int>(q.levels.size()))
    return *n;
  return std::nullopt;
}

}  // namespace

nlohmann::json to_json(const StoredSurveyQuestion& q) {
  return {{"id", q.id},
          {"key", q.key},
          {"text", q.text},
          {"levels", q.levels},
          {"top_levels", q.top_levels},
          {"area", q.area_key},
          {"responses", q.responses},
          {"created_at", q.created_at},
          {"updated_at", q.updated_at}};
}

Result<ImportSummary> import_survey_questions(Database& db, const Actor& actor,
                                              const csv::Table& table, std::string_view sha256) {
  Problems problems;
  const Columns cols(table, {"question", "text", "levels", "top_levels"}, {"area"}, problems);
  if (!problems.empty()) return fail(problems.error(table.source));

  return db.transaction([&]() -> Result<ImportSummary> {
    struct Planned {
      QuestionRow row;
      std::optional<StoredSurveyQuestion> stored;
    };
    std::vector<Planned> plan;
    std::map<std::string, int> seen;
    for (const auto& row : table.rows) {
      QuestionRow q;
      q.key = cols.cell(row, "question");
      q.text = cols.cell(row, "text");
      if (cols.has("area")) q.area = cols.cell(row, "area");
      std::optional<StoredSurveyQuestion> stored;
      if (q.key.empty()) {
        problems.add(table.where(row, "question"), "question is empty: give the question's key");
      } else if (!detail::is_key(q.key)) {
        problems.add(table.where(row, "question"),
                     "question key '" + q.key + "' must be 1-64 characters of A-Z a-z 0-9 _ . -");
      } else {
        if (auto [it, fresh] = seen.emplace(q.key, row.line); !fresh)
          problems.add(table.where(row, "question"),
                       "question '" + q.key + "' is also on line " + std::to_string(it->second));
        PVF_TRY(stored, stored_question(db, q.key));
      }
      if (q.text.empty())
        problems.add(table.where(row, "text"), "text is empty: give the question as asked");
      else if (detail::utf8_length(q.text) > kMaxTextLength)
        problems.add(table.where(row, "text"),
                     "text is longer than " + std::to_string(kMaxTextLength) + " characters");
      if (q.area && !q.area->empty() && !valid_area(*q.area))
        problems.add(table.where(row, "area"),
                     "area '" + *q.area + "' must be a framework area key: at most " +
                         std::to_string(kMaxAreaLength) + " of a-z 0-9 _");
      q.levels = read_levels(cols.cell(row, "levels"), table.where(row, "levels"), problems);

      const std::string top = cols.cell(row, "top_levels");
      const auto top_n = whole_number(top);
      if (!top_n)
        problems.add(table.where(row, "top_levels"),
                     "top_levels '" + top + "' is not a whole number");
      else if (!q.levels.empty() && (*top_n < 1 || *top_n >= static_cast<int>(q.levels.size())))
        problems.add(table.where(row, "top_levels"),
                     "top_levels must be between 1 and " + std::to_string(q.levels.size() - 1) +
                         " (fewer than the " + std::to_string(q.levels.size()) + " levels)");
      else
        q.top_levels = *top_n;

      if (stored && !q.levels.empty() && stored->levels != q.levels && stored->responses > 0)
        problems.add(table.where(row, "levels"),
                     "question '" + q.key + "' has " + std::to_string(stored->responses) +
                         " stored responses on the levels " + levels_text(stored->levels) +
                         ": changing them would change what those answers mean (give the "
                         "new wording a new question key)",
                     ErrorCode::conflict);
      plan.push_back(Planned{std::move(q), std::move(stored)});
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(table.rows.size());
    const std::string now = now_utc();
    for (auto& p : plan) {
      const QuestionRow& q = p.row;
      const nlohmann::json levels = q.levels;
      if (!p.stored) {
        PVF_TRY(auto st, db.prepare("INSERT INTO survey_questions(key, text, levels_json, "
                                    "top_levels, area_key, created_at, updated_at) "
                                    "VALUES (?,?,?,?,?,?,?)"));
        const std::optional<std::string> area = q.area && !q.area->empty() ? q.area : std::nullopt;
        st.bind_all(q.key, q.text, levels.dump(), q.top_levels, area, now, now);
        PVF_CHECK(st.run());
        ++summary.inserted;
        continue;
      }
      const StoredSurveyQuestion& s = *p.stored;
      const std::string area = q.area.value_or(s.area_key);
      if (s.text == q.text && s.levels == q.levels && s.top_levels == q.top_levels &&
          s.area_key == area) {
        ++summary.unchanged;
        continue;
      }
      PVF_TRY(auto st, db.prepare("UPDATE survey_questions SET text = ?, levels_json = ?, "
                                  "top_levels = ?, area_key = ?, updated_at = ? WHERE id = ?"));
      st.bind_all(q.text, levels.dump(), q.top_levels,
                  area.empty() ? std::nullopt : std::optional<std::string>(area), now, s.id);
      PVF_CHECK(st.run());
      ++summary.updated;
    }
    PVF_CHECK(
        measure_detail::record_import(db, actor, "survey_questions", table, sha256, summary, true));
    return summary;
  });
}

Result<ImportSummary> import_survey_responses(Database& db, const Actor& actor,
                                              const csv::Table& table, std::string_view sha256) {
  Problems problems;
  const Columns cols(table, {"respondent", "body", "period", "question", "answer"}, {"weight"},
                     problems);
  if (!problems.empty()) return fail(problems.error(table.source));

  return db.transaction([&]() -> Result<ImportSummary> {
    PVF_TRY(auto bodies, BodyResolver::load(db));
    std::map<std::string, QuestionInfo> questions;
    {
      PVF_TRY(auto st, db.prepare("SELECT id, key, levels_json FROM survey_questions"));
      for (;;) {
        PVF_TRY(bool more, st.step());
        if (!more) break;
        QuestionInfo q{.id = st.int64(0), .levels = parse_levels_json(st.text(2)), .lowered = {}};
        for (const auto& l : q.levels) q.lowered.push_back(detail::lower(l));
        questions.emplace(st.text(1), std::move(q));
      }
    }
    // Every member initialised: GCC 12 has reported -Wmaybe-uninitialized on this struct's
    // copies when `level` and `weight` had no initialiser.
    struct Planned {
      int64_t question_id = 0, body_id = 0;
      std::string period, respondent;
      int level = 0;
      double weight = 1;
    };
    std::vector<Planned> plan;
    plan.reserve(table.rows.size());
    std::map<std::tuple<int64_t, int64_t, std::string, std::string>, int> seen;
    for (const auto& row : table.rows) {
      auto where = [&](std::string_view column) { return table.where(row, column); };
      const std::string respondent = cols.cell(row, "respondent");
      bool respondent_ok = true;
      if (respondent.empty()) {
        problems.add(where("respondent"), "respondent is empty: give the survey's respondent id");
        respondent_ok = false;
      } else if (detail::utf8_length(respondent) > kMaxRespondentLength) {
        problems.add(where("respondent"), "respondent id is longer than " +
                                              std::to_string(kMaxRespondentLength) + " characters");
        respondent_ok = false;
      }

      const std::optional<int64_t> body =
          bodies.resolve(cols.cell(row, "body"), where("body"), problems);
      if (body)
        measure_detail::check_scope(actor, *body, bodies.name(*body), where("body"), problems);

      const std::optional<Period> period =
          measure_detail::read_period(cols.cell(row, "period"), where("period"), problems);

      const std::string question_key = cols.cell(row, "question");
      const QuestionInfo* question = nullptr;
      if (question_key.empty()) {
        problems.add(where("question"), "question is empty: give a stored question's key");
      } else if (auto it = questions.find(question_key); it == questions.end()) {
        problems.add(where("question"),
                     "question '" + question_key + "' is not stored (import the questions first)");
      } else {
        question = &it->second;
      }

      const std::string answer = cols.cell(row, "answer");
      std::optional<int> level;
      if (answer.empty()) {
        problems.add(where("answer"),
                     "answer is empty (leave non-responses and \"don't know\" out of the file)");
      } else if (question && !(level = answer_level(*question, answer))) {
        problems.add(where("answer"), "answer '" + answer + "' is not one of question " +
                                          question_key + "'s levels (" +
                                          levels_text(question->levels) + ") nor a number 1-" +
                                          std::to_string(question->levels.size()));
      }

      double weight = 1.0;  // a plain double: GCC 12 misreads an optional<double> here
      bool weight_ok = true;
      if (const std::string w = cols.cell(row, "weight"); !w.empty()) {
        std::string why;
        const auto parsed = measure_detail::parse_number(w, why);
        weight_ok = parsed && *parsed > 0;
        if (!parsed)
          problems.add(where("weight"), "weight " + why);
        else if (!weight_ok)
          problems.add(where("weight"), "weight '" + w + "' must be positive");
        else
          weight = *parsed;
      }

      if (respondent_ok && body && period && question) {
        auto [it, fresh] = seen.emplace(
            std::tuple(question->id, *body, period->to_string(), respondent), row.line);
        if (!fresh)  // the id itself is not repeated in the message
          problems.add(where("respondent"), "the same respondent answers question " + question_key +
                                                " for " + bodies.name(*body) + " in " +
                                                period->to_string() + " on line " +
                                                std::to_string(it->second) + " too");
      }
      if (respondent_ok && body && period && question && level && weight_ok)
        plan.push_back(Planned{.question_id = question->id,
                               .body_id = *body,
                               .period = period->to_string(),
                               .respondent = respondent,
                               .level = *level,
                               .weight = weight});
    }
    if (!problems.empty()) return fail(problems.error(table.source));

    ImportSummary summary;
    summary.rows = static_cast<int64_t>(table.rows.size());
    for (const auto& p : plan) {
      PVF_TRY(auto find, db.prepare("SELECT level, weight FROM survey_responses WHERE "
                                    "question_id = ? AND body_id = ? AND period = ? AND "
                                    "respondent = ?"));
      find.bind_all(p.question_id, p.body_id, p.period, p.respondent);
      using Stored = std::pair<int64_t, double>;  // level, weight
      PVF_TRY(auto before, detail::fetch_one<Stored>(find, [](Statement& s) {
                return Stored{s.int64(0), s.real(1)};
              }));
      if (before && before->first == p.level && before->second == p.weight) {
        ++summary.unchanged;
        continue;
      }
      PVF_TRY(auto st, db.prepare("INSERT INTO survey_responses(question_id, body_id, period, "
                                  "respondent, level, weight) VALUES (?,?,?,?,?,?) "
                                  "ON CONFLICT(question_id, body_id, period, respondent) DO "
                                  "UPDATE SET level = excluded.level, weight = excluded.weight"));
      st.bind_all(p.question_id, p.body_id, p.period, p.respondent, p.level, p.weight);
      PVF_CHECK(st.run());
      ++(before ? summary.updated : summary.inserted);
    }
    PVF_CHECK(
        measure_detail::record_import(db, actor, "survey_responses", table, sha256, summary, true));
    return summary;
  });
}

Result<std::vector<StoredSurveyQuestion>> list_survey_questions(Database& db) {
  PVF_TRY(auto st, db.prepare(std::string(kQuestionColumns) + " ORDER BY q.key"));
  return detail::fetch_all<StoredSurveyQuestion>(st, read_question);
}

Result<std::vector<StoredSurveyResponse>> survey_responses_for_body(Database& db, int64_t body_id) {
  PVF_TRY(auto st, db.prepare("SELECT q.key, r.period, r.respondent, r.level, r.weight "
                              "FROM survey_responses r JOIN survey_questions q "
                              "ON q.id = r.question_id WHERE r.body_id = ? "
                              "ORDER BY q.key, r.period, r.respondent"));
  st.bind(1, body_id);
  return detail::fetch_all<StoredSurveyResponse>(st, [](Statement& s) {
    return StoredSurveyResponse{s.text(0), s.text(1), s.text(2), static_cast<int>(s.int64(3)),
                                s.real(4)};
  });
}

}  // namespace pvf::store
