#include "measure/survey.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_set>

namespace pvf::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The two-sided standard normal quantile z_{1-(1-c)/2}; NaN outside (0, 1). The range check
// keeps Boost's domain error (an exception) from ever being raised.
double two_sided_z(double confidence) {
  if (!(confidence > 0 && confidence < 1)) return kNaN;
  const boost::math::normal_distribution<double> standard;
  return boost::math::quantile(standard, 0.5 + confidence / 2);
}

Interval wilson_with_z(double p, double n, double z) {
  if (std::isnan(z) || !(p >= 0 && p <= 1)) return {kNaN, kNaN};
  if (!(n > 0)) return {0, 1};
  const double z2n = z * z / n;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z / (1 + z2n) * std::sqrt(p * (1 - p) / n + z2n / (4 * n));
  // At p = 0 or 1 the formula's bound is exactly the boundary; rounding must not move it.
  Interval ci{p == 0 ? 0.0 : centre - half, p == 1 ? 1.0 : centre + half};
  ci.low = std::clamp(ci.low, 0.0, 1.0);
  ci.high = std::clamp(ci.high, 0.0, 1.0);
  return ci;
}

Interval newcombe_with_z(double p1, double n1, double p2, double n2, double z) {
  const Interval w1 = wilson_with_z(p1, n1, z);
  const Interval w2 = wilson_with_z(p2, n2, z);
  const double d = p2 - p1;
  return {d - std::hypot(p2 - w2.low, w1.high - p1), d + std::hypot(w2.high - p2, p1 - w1.low)};
}

std::string at(std::string_view list, size_t i, std::string_view field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + std::string(field);
}

constexpr const char* kKeyRule = "use 1-64 letters, digits, '_', '.' or '-'";

bool is_key(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One error listing every problem; the first names `where` and, when alone, the message.
Error invalid(std::vector<ErrorDetail> problems, std::string_view what) {
  Error e = Error::invalid(problems.size() == 1 ? problems.front().message
                                                : std::string(what) + " have " +
                                                      std::to_string(problems.size()) + " problems",
                           problems.front().where);
  e.details = std::move(problems);
  return e;
}

}  // namespace

Interval wilson_interval(double share, double n, double confidence) {
  return wilson_with_z(share, n, two_sided_z(confidence));
}

double kish_effective_n(std::span<const double> weights) {
  double sum = 0, sum_sq = 0;
  for (double w : weights) {
    sum += w;
    sum_sq += w * w;
  }
  return sum_sq > 0 ? sum * sum / sum_sq : 0.0;
}

Interval newcombe_difference(double p1, double n1, double p2, double n2, double confidence) {
  return newcombe_with_z(p1, n1, p2, n2, two_sided_z(confidence));
}

Status validate_questions(std::span<const SurveyQuestion> questions) {
  std::vector<ErrorDetail> problems;
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < questions.size(); ++i) {
    const SurveyQuestion& q = questions[i];
    if (!is_key(q.key)) {
      problems.push_back(
          {at("questions", i, "key"), "\"" + q.key + "\" is not a key: " + kKeyRule});
    } else if (auto [it, fresh] = seen.emplace(q.key, i); !fresh) {
      problems.push_back({at("questions", i, "key"), "question \"" + q.key +
                                                         "\" is defined twice (also questions[" +
                                                         std::to_string(it->second) + "])"});
    }
    const int n_levels = static_cast<int>(q.levels.size());
    if (n_levels < 2) {
      problems.push_back({at("questions", i, "levels"),
                          "a scale needs at least 2 levels, got " + std::to_string(n_levels)});
    }
    std::unordered_set<std::string> labels;
    for (const std::string& label : q.levels) {
      if (label.empty()) {
        problems.push_back({at("questions", i, "levels"), "a level label is empty"});
      } else if (!labels.insert(lower(label)).second) {
        // Answers are matched to labels ignoring case, so labels must differ beyond case.
        problems.push_back({at("questions", i, "levels"), "level \"" + label + "\" appears twice"});
      }
    }
    if (n_levels >= 2 && (q.top_levels < 1 || q.top_levels >= n_levels)) {
      problems.push_back({at("questions", i, "top_levels"),
                          "top_levels must be between 1 and " + std::to_string(n_levels - 1) +
                              " (the number of levels less one), got " +
                              std::to_string(q.top_levels)});
    }
    if (!q.area_key.empty() && !is_key(q.area_key)) {
      problems.push_back(
          {at("questions", i, "area_key"), "\"" + q.area_key + "\" is not a key: " + kKeyRule});
    }
  }
  if (problems.empty()) return {};
  return fail(invalid(std::move(problems), "the survey questions"));
}

Result<std::vector<ShareEstimate>> estimate_shares(std::span<const SurveyQuestion> questions,
                                                   std::span<const SurveyResponse> responses,
                                                   double confidence) {
  const double z = two_sided_z(confidence);
  if (std::isnan(z)) {
    return fail(
        Error::invalid("the confidence level must be between 0 and 1 (exclusive)", "confidence"));
  }
  if (auto ok = validate_questions(questions); !ok) return fail(std::move(ok.error()));
  std::map<std::string_view, const SurveyQuestion*> by_key;
  for (const SurveyQuestion& q : questions) by_key.emplace(q.key, &q);

  std::vector<ErrorDetail> problems;
  for (size_t i = 0; i < responses.size(); ++i) {
    const SurveyResponse& r = responses[i];
    if (r.respondent.empty()) problems.push_back({at("responses", i, "respondent"), "empty"});
    if (r.body.empty()) problems.push_back({at("responses", i, "body"), "empty"});
    const auto q = by_key.find(r.question);
    if (q == by_key.end()) {
      problems.push_back(
          {at("responses", i, "question"), "unknown question \"" + r.question + "\""});
    } else if (r.level < 1 || r.level > static_cast<int>(q->second->levels.size())) {
      problems.push_back(
          {at("responses", i, "level"), "level " + std::to_string(r.level) + " is outside 1.." +
                                            std::to_string(q->second->levels.size())});
    }
    if (!(std::isfinite(r.weight) && r.weight > 0)) {
      problems.push_back({at("responses", i, "weight"), "the weight must be a finite number > 0"});
    }
  }

  // Sorting indices by (body, question, period, respondent) makes each estimate's responses one
  // run and puts duplicates next to each other.
  std::vector<size_t> order(responses.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [&](size_t i) {
    const SurveyResponse& r = responses[i];
    return std::tie(r.body, r.question, r.period, r.respondent);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  for (size_t k = 1; k < order.size(); ++k) {
    if (key(order[k]) == key(order[k - 1])) {
      const SurveyResponse& r = responses[order[k]];
      problems.push_back({at("responses", order[k], "respondent"),
                          // The identifier is personal data: the indices locate it instead.
                          "the same respondent answered question \"" + r.question + "\" for " +
                              r.body + " in " + r.period.to_string() +
                              " twice (also responses[" + std::to_string(order[k - 1]) + "])"});
    }
  }
  if (!problems.empty()) return fail(invalid(std::move(problems), "the survey responses"));

  std::vector<ShareEstimate> out;
  std::vector<double> weights;
  for (size_t begin = 0; begin < order.size();) {
    const SurveyResponse& first = responses[order[begin]];
    const SurveyQuestion& question = *by_key.at(first.question);
    // Levels top_from..levels.size() are the top levels (1 is the worst).
    const int top_from = static_cast<int>(question.levels.size()) - question.top_levels + 1;
    size_t end = begin;
    double top_weight = 0;
    weights.clear();
    while (end < order.size()) {
      const SurveyResponse& r = responses[order[end]];
      if (r.body != first.body || r.question != first.question || r.period != first.period) break;
      weights.push_back(r.weight);
      if (r.level >= top_from) top_weight += r.weight;
      ++end;
    }
    ShareEstimate e{.body = first.body, .question = first.question, .period = first.period};
    e.respondents = static_cast<int>(end - begin);
    e.weight_total = std::accumulate(weights.begin(), weights.end(), 0.0);
    e.effective_n = kish_effective_n(weights);
    // Clamped because a sum of a subset of weights may exceed the total by a rounding error.
    e.share = std::clamp(top_weight / e.weight_total, 0.0, 1.0);
    e.ci = wilson_with_z(e.share, e.effective_n, z);
    // Estimates arrive sorted by (body, question, period), so the previous one of the same
    // body, question and period kind is the latest earlier one.
    for (auto prev = out.rbegin(); prev != out.rend(); ++prev) {
      if (prev->body != e.body || prev->question != e.question) break;
      if (prev->period.kind() != e.period.kind()) continue;
      e.previous_period = prev->period;
      e.change = e.share - prev->share;
      e.change_ci = newcombe_with_z(prev->share, prev->effective_n, e.share, e.effective_n, z);
      e.significant = e.change_ci->low > 0 || e.change_ci->high < 0;
      break;
    }
    out.push_back(std::move(e));
    begin = end;
  }
  return out;
}

}  // namespace pvf::measure
