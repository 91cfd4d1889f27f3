// Citizen surveys (pillar 3, "engaging users and citizens"): the weighted share of respondents
// answering in the top levels of an ordered scale, its confidence interval, and the change since
// the previous period with whether it is significant. Pure values, no I/O.
//
// Method. With survey weights w_i the share is p = Σ w_i·[top] / Σ w_i. Weights widen the
// uncertainty, so the interval is a Wilson score interval computed on the Kish effective sample
// size n_eff = (Σw)² / Σw² instead of the raw count (with all weights equal, n_eff is the count
// and the interval is the plain Wilson interval). The change p_now − p_before gets Newcombe's
// hybrid score interval (his method 10) from the two Wilson intervals; the change is called
// significant when that interval excludes 0. The two periods are treated as independent samples,
// which is right for repeated cross-sections and conservative for a panel (a positive
// correlation between a respondent's answers would narrow the true interval).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/period.h"
#include "core/result.h"

namespace pvf::measure {

struct SurveyQuestion {
  std::string key;                  // e.g. "satisfaction_overall"; 1-64 of [A-Za-z0-9_.-]
  std::string text;                 // the question as asked
  std::vector<std::string> levels;  // answer labels ordered worst -> best; at least 2
  int top_levels = 1;               // how many of the best levels count as positive; 1..levels-1
  std::string area_key;             // framework area it informs; may be empty
};

// One answer. Non-response and "don't know" are not rows: they are left out of every estimate.
struct SurveyResponse {
  std::string respondent;  // the survey's own (pseudonymous) respondent id
  std::string body;
  Period period;
  std::string question;  // SurveyQuestion::key
  int level = 0;         // 1..levels.size(), 1 = the worst level
  double weight = 1.0;   // survey weight; > 0 and finite
};

struct Interval {
  double low = 0;
  double high = 0;
};

// Two-sided Wilson score interval for a proportion `share` in [0, 1] observed on `n` > 0
// (possibly non-integer: an effective sample size). The bounds are exactly 0 when share is 0 and
// exactly 1 when share is 1. With n <= 0 (no information) the interval is [0, 1]; a share or
// confidence outside [0, 1] / (0, 1) gives NaN bounds. O(1).
Interval wilson_interval(double share, double n, double confidence = 0.95);

// Kish effective sample size (Σw)² / Σw²: the number of equally weighted responses that would
// give the same variance. 0 for no weights. Weights are expected > 0 (unchecked here).
double kish_effective_n(std::span<const double> weights);

// Newcombe's hybrid score interval for the difference p2 − p1 of two independent proportions
// (Newcombe 1998, Stat Med 17:873-890, method 10), built from the Wilson intervals [l1, u1] of
// p1 on n1 and [l2, u2] of p2 on n2:
//   low  = (p2 − p1) − sqrt((p2 − l2)² + (u1 − p1)²)
//   high = (p2 − p1) + sqrt((u2 − p2)² + (p1 − l1)²)
Interval newcombe_difference(double p1, double n1, double p2, double n2, double confidence = 0.95);

// Every problem with the question definitions, each named "questions[i].field": key not 1-64
// letters, digits, '_', '.', '-', or used twice; fewer than 2 levels, an empty level, two levels
// equal ignoring case (answers are matched to labels ignoring case); top_levels outside
// 1..levels-1 (all levels "top" would measure nothing); area_key neither empty nor a key.
Status validate_questions(std::span<const SurveyQuestion> questions);

struct ShareEstimate {
  std::string body;
  std::string question;
  Period period;
  int respondents = 0;      // responses counted (rows), unweighted
  double weight_total = 0;  // Σw
  double effective_n = 0;   // Kish (Σw)² / Σw²
  double share = 0;         // weighted share in the top levels, 0..1
  Interval ci{};            // Wilson interval on effective_n
  // The latest earlier period of the same kind (financial year, quarter or calendar year) with
  // responses from this body to this question; the fields below are empty without one.
  std::optional<Period> previous_period{};
  std::optional<double> change{};       // share − previous share (proportion, not points)
  std::optional<Interval> change_ci{};  // Newcombe method 10 on the two effective sizes
  std::optional<bool> significant{};    // change_ci excludes 0
};

// One estimate per (body, question, period) that has responses, sorted by body, question, then
// period. Errors (all listed in details, named "questions[i].field" / "responses[i].field"):
// an invalid question; a response to an unknown question, with a level outside 1..levels, a
// weight that is not finite and > 0, an empty respondent or body, or a second response by the
// same respondent to the same question for the same body and period; a confidence outside (0, 1).
// O(n log n) in the number of responses.
Result<std::vector<ShareEstimate>> estimate_shares(std::span<const SurveyQuestion> questions,
                                                   std::span<const SurveyResponse> responses,
                                                   double confidence = 0.95);

}  // namespace pvf::measure
