#include "measure/survey_table.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace pvf::measure {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Collects every problem of one table; the first becomes the error's where/message.
class Problems {
 public:
  explicit Problems(const csv::Table& table) : table_(table) {}
  void add(const csv::Row& row, std::string_view column, std::string message) {
    list_.push_back({table_.where(row, column), std::move(message)});
  }
  void missing(std::string_view column) {
    list_.push_back({table_.source + ":1:" + std::string(column), "missing column"});
  }
  bool empty() const { return list_.empty(); }
  Error error() && {
    Error e = Error::invalid(list_.front().message, list_.front().where);
    e.details = std::move(list_);
    return e;
  }

 private:
  const csv::Table& table_;
  std::vector<ErrorDetail> list_;
};

// Column positions by name; nullopt for an optional column that is absent. Reports each missing
// required column.
std::map<std::string_view, std::optional<size_t>> find_columns(
    const csv::Table& table, std::initializer_list<std::string_view> required,
    std::initializer_list<std::string_view> optional, Problems& problems) {
  std::map<std::string_view, std::optional<size_t>> out;
  for (std::string_view name : required) {
    out[name] = table.column(name);
    if (!out[name]) problems.missing(name);
  }
  for (std::string_view name : optional) out[name] = table.column(name);
  return out;
}

std::string_view cell(const csv::Row& row, const std::optional<size_t>& column) {
  return column ? trim(row.fields[*column]) : std::string_view{};
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> split_levels(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    const size_t bar = text.find('|');
    out.emplace_back(trim(text.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return out;
}

// survey.h names fields after the struct ("questions[0].area_key"); the file names columns.
std::string_view column_of_field(std::string_view where) {
  const std::string_view field = where.substr(where.rfind('.') + 1);
  if (field == "key") return "question";
  if (field == "area_key") return "area";
  return field;
}

}  // namespace

Result<std::vector<SurveyQuestion>> read_questions(const csv::Table& table) {
  Problems problems(table);
  auto col = find_columns(table, {"question", "text", "levels", "top_levels"}, {"area"}, problems);
  if (!problems.empty()) return fail(std::move(problems).error());

  std::vector<SurveyQuestion> out;
  std::map<std::string, int> line_of_key;
  for (const csv::Row& row : table.rows) {
    SurveyQuestion q;
    q.key = cell(row, col["question"]);
    q.text = cell(row, col["text"]);
    q.levels = split_levels(cell(row, col["levels"]));
    q.area_key = cell(row, col["area"]);
    const std::string_view top = cell(row, col["top_levels"]);
    if (auto n = parse_int(top)) {
      q.top_levels = *n;
    } else {
      problems.add(row, "top_levels", "\"" + std::string(top) + "\" is not a whole number");
      q.top_levels = 1;  // so the checks below do not report the same cell twice
    }
    if (q.text.empty()) problems.add(row, "text", "the question text is empty");
    // The record rules live in one place (validate_questions); here they get file positions.
    if (auto ok = validate_questions(std::span<const SurveyQuestion>(&q, 1)); !ok) {
      for (const ErrorDetail& d : ok.error().details) {
        problems.add(row, column_of_field(d.where), d.message);
      }
    } else if (auto [it, fresh] = line_of_key.emplace(q.key, row.line); !fresh) {
      problems.add(row, "question",
                   "question \"" + q.key + "\" is defined twice (also line " +
                       std::to_string(it->second) + ")");
    }
    out.push_back(std::move(q));
  }
  if (!problems.empty()) return fail(std::move(problems).error());
  return out;
}

Result<std::vector<SurveyResponse>> read_responses(const csv::Table& table,
                                                   std::span<const SurveyQuestion> questions) {
  Problems problems(table);
  auto col = find_columns(table, {"respondent", "body", "period", "question", "answer"}, {"weight"},
                          problems);
  if (!problems.empty()) return fail(std::move(problems).error());

  std::map<std::string, const SurveyQuestion*, std::less<>> by_key;
  for (const SurveyQuestion& q : questions) by_key.emplace(q.key, &q);
  // (respondent, body, period text, question) -> line of its first answer.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, int> first_line;

  std::vector<SurveyResponse> out;
  for (const csv::Row& row : table.rows) {
    bool row_ok = true;
    auto bad = [&](std::string_view column, std::string message) {
      problems.add(row, column, std::move(message));
      row_ok = false;
    };
    const std::string_view respondent = cell(row, col["respondent"]);
    const std::string_view body = cell(row, col["body"]);
    const std::string_view period_text = cell(row, col["period"]);
    const std::string_view question = cell(row, col["question"]);
    const std::string_view answer = cell(row, col["answer"]);
    const std::string_view weight_text = cell(row, col["weight"]);

    if (respondent.empty()) bad("respondent", "the respondent is empty");
    if (body.empty()) bad("body", "the body is empty");
    auto period = Period::parse(period_text);
    if (!period) bad("period", period.error().message);

    int level = 0;
    const auto q = by_key.find(question);
    if (q == by_key.end()) {
      bad("question", question.empty() ? "the question is empty"
                                       : "unknown question \"" + std::string(question) +
                                             "\" (not in the questions file)");
    } else if (answer.empty()) {
      bad("answer", "the answer is empty (leave a non-response out of the file)");
    } else {
      const std::vector<std::string>& levels = q->second->levels;
      const std::string wanted = lower(answer);
      for (size_t i = 0; i < levels.size() && level == 0; ++i) {
        if (lower(levels[i]) == wanted) level = static_cast<int>(i) + 1;
      }
      if (level == 0) {
        if (auto n = parse_int(answer); n && *n >= 1 && *n <= static_cast<int>(levels.size())) {
          level = *n;
        } else {
          std::string labels;
          for (const std::string& l : levels) labels += (labels.empty() ? "" : ", ") + l;
          bad("answer", "\"" + std::string(answer) + "\" is not an answer to \"" + q->second->key +
                            "\": give one of " + labels + ", or a number 1-" +
                            std::to_string(levels.size()));
        }
      }
    }

    double weight = 1.0;
    if (!weight_text.empty()) {
      const auto w = parse_double(weight_text);
      if (!w || !std::isfinite(*w) || *w <= 0) {
        bad("weight", "\"" + std::string(weight_text) + "\" is not a weight: give a number > 0");
      } else {
        weight = *w;
      }
    }

    if (!respondent.empty() && !body.empty() && period && q != by_key.end()) {
      auto [it, fresh] = first_line.emplace(std::tuple(std::string(respondent), std::string(body),
                                                       period->to_string(), std::string(question)),
                                            row.line);
      if (!fresh) {
        // The respondent's identifier is personal data: the line numbers locate it instead.
        bad("respondent", "this respondent already answered \"" + std::string(question) +
                              "\" for " + std::string(body) + " in " + period->to_string() +
                              " (line " + std::to_string(it->second) + ")");
      }
    }
    if (row_ok) {
      out.push_back({std::string(respondent), std::string(body), *period, std::string(question),
                     level, weight});
    }
  }
  if (!problems.empty()) return fail(std::move(problems).error());
  return out;
}

}  // namespace pvf::measure
