#include "measure/survey.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace pvf::measure {
namespace {

// Published tables give 4 decimals.
constexpr double kTable = 0.5e-4;

Period period(const char* text) { return *Period::parse(text); }

// A five-level satisfaction question whose top two levels count as positive.
SurveyQuestion satisfaction() {
  return {
      "sat",
      "Overall, how satisfied are you?",
      {"Very dissatisfied", "Fairly dissatisfied", "Neither", "Fairly satisfied", "Very satisfied"},
      2,
      "user_experience_and_participation"};
}

// `total` unweighted responses from `body` in `when`, of which `top` are "Very satisfied" (5) and
// the rest "Neither" (3).
void add(std::vector<SurveyResponse>& rows, const std::string& body, const char* when, int top,
         int total) {
  for (int i = 0; i < total; ++i) {
    std::string respondent = "r";  // appended: GCC 12 -O3 warns falsely on "r" + std::string&&
    respondent += std::to_string(i);
    rows.push_back({respondent, body, period(when), "sat", i < top ? 5 : 3});
  }
}

// Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of
// seven methods", Stat Med 17:857-872, Table II, method 3 (Wilson score, no continuity
// correction).
TEST(WilsonInterval, MatchesNewcombe1998SingleProportionTableII) {
  struct Case {
    int x, n;
    double low, high;
  };
  for (const Case c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605},
                       Case{0, 20, 0.0, 0.1611}, Case{1, 29, 0.0061, 0.1718}}) {
    const Interval ci = wilson_interval(double(c.x) / c.n, c.n);
    EXPECT_NEAR(ci.low, c.low, kTable) << c.x << "/" << c.n;
    EXPECT_NEAR(ci.high, c.high, kTable) << c.x << "/" << c.n;
  }
}

TEST(WilsonInterval, BoundIsExactlyZeroOrOneAtTheExtremes) {
  EXPECT_EQ(wilson_interval(0.0, 20).low, 0.0);
  EXPECT_EQ(wilson_interval(1.0, 20).high, 1.0);
  // By symmetry, 20/20 mirrors 0/20 (0 to 0.1611 in Newcombe's Table II).
  EXPECT_NEAR(wilson_interval(1.0, 20).low, 1 - 0.1611, kTable);
}

// z(0.90) = 1.6448536; for p = 0.5, n = 100: z²/n = 0.0270554,
// half-width = z/(1 + z²/n) · sqrt(0.25/100 + z²/(4n²)) = 1.6015237 · 0.0506719 = 0.0811522.
TEST(WilsonInterval, UsesTheRequestedConfidenceLevel) {
  const Interval ci = wilson_interval(0.5, 100, 0.90);
  EXPECT_NEAR(ci.low, 0.4188478, 1e-7);
  EXPECT_NEAR(ci.high, 0.5811522, 1e-7);
}

TEST(WilsonInterval, AcceptsAFractionalEffectiveSize) {
  // Between the intervals on 10 and 11 responses.
  const Interval on10 = wilson_interval(0.5, 10), on105 = wilson_interval(0.5, 10.5),
                 on11 = wilson_interval(0.5, 11);
  EXPECT_LT(on10.low, on105.low);
  EXPECT_LT(on105.low, on11.low);
}

TEST(WilsonInterval, NoResponsesMeansNoInformation) {
  const Interval ci = wilson_interval(0.0, 0);
  EXPECT_EQ(ci.low, 0.0);
  EXPECT_EQ(ci.high, 1.0);
}

TEST(WilsonInterval, ConfidenceOrShareOutOfRangeGivesNaNInsteadOfThrowing) {
  EXPECT_TRUE(std::isnan(wilson_interval(0.5, 10, 0.0).low));
  EXPECT_TRUE(std::isnan(wilson_interval(0.5, 10, 1.0).high));
  EXPECT_TRUE(std::isnan(wilson_interval(0.5, 10, -3).low));
  EXPECT_TRUE(std::isnan(wilson_interval(1.5, 10).low));
  EXPECT_TRUE(std::isnan(wilson_interval(std::nan(""), 10).low));
}

// Newcombe RG (1998) "Interval estimation for the difference between independent proportions:
// comparison of eleven methods", Stat Med 17:873-890, Table II, method 10 (score interval from
// the two Wilson intervals, no continuity correction). The paper's differences are x1/n1 − x2/n2;
// newcombe_difference(p1, n1, p2, n2) gives p2 − p1, so the paper's first sample goes second.
// Example (c), 6/7 vs 2/7, is 0.0582 to 0.8062 in the paper. (The brief quoted 0.0166 to 0.8347;
// that reproduces neither from method 10 nor, worked by hand, from method 11 (-0.0290 to 0.8423)
// or the Mee / Miettinen-Nurminen score intervals, while (a), (b) and (d) from the same formula
// match to 4 decimals.)
TEST(NewcombeDifference, MatchesNewcombe1998DifferenceTableIIMethod10) {
  struct Case {
    int x1, n1, x2, n2;
    double difference, low, high;
  };
  for (const Case c :
       {Case{56, 70, 48, 80, 0.2000, 0.0524, 0.3339}, Case{9, 10, 3, 10, 0.6000, 0.1705, 0.8090},
        Case{6, 7, 2, 7, 0.5714, 0.0582, 0.8062}, Case{5, 56, 0, 29, 0.0893, -0.0381, 0.1926},
        Case{0, 10, 0, 20, 0.0000, -0.1611, 0.2775}, Case{10, 10, 0, 20, 1.0000, 0.6791, 1.0000}}) {
    const double p_paper_first = double(c.x1) / c.n1, p_paper_second = double(c.x2) / c.n2;
    EXPECT_NEAR(p_paper_first - p_paper_second, c.difference, kTable);
    const Interval ci = newcombe_difference(p_paper_second, c.n2, p_paper_first, c.n1);
    EXPECT_NEAR(ci.low, c.low, kTable) << c.x1 << "/" << c.n1 << " vs " << c.x2 << "/" << c.n2;
    EXPECT_NEAR(ci.high, c.high, kTable) << c.x1 << "/" << c.n1 << " vs " << c.x2 << "/" << c.n2;
  }
}

TEST(NewcombeDifference, SwappingTheSamplesNegatesTheInterval) {
  const Interval ab = newcombe_difference(48.0 / 80, 80, 56.0 / 70, 70);
  const Interval ba = newcombe_difference(56.0 / 70, 70, 48.0 / 80, 80);
  EXPECT_NEAR(ab.low, -ba.high, 1e-12);
  EXPECT_NEAR(ab.high, -ba.low, 1e-12);
}

// (Σw)² / Σw²: {1, 2, 3} -> 36 / 14 = 2.5714286; {2, 2, 2, 2} -> 64 / 16 = 4;
// {1, 1, 2, 4} -> 64 / 22 = 2.9090909.
TEST(KishEffectiveN, MatchesHandWorkedWeights) {
  const std::vector<double> a{1, 2, 3}, b{2, 2, 2, 2}, c{1, 1, 2, 4};
  EXPECT_NEAR(kish_effective_n(a), 36.0 / 14.0, 1e-12);
  EXPECT_DOUBLE_EQ(kish_effective_n(b), 4.0);
  EXPECT_NEAR(kish_effective_n(c), 64.0 / 22.0, 1e-12);
  EXPECT_EQ(kish_effective_n({}), 0.0);
}

TEST(EstimateShares, UnweightedEstimateIsThePlainWilsonInterval) {
  // 15 of 148 in the top levels: Newcombe (1998, single proportion) Table II gives 0.0624-0.1605.
  std::vector<SurveyResponse> rows;
  add(rows, "Leeds", "2024-25", 15, 148);
  const std::vector<SurveyQuestion> qs{satisfaction()};
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  ASSERT_EQ(est->size(), 1u);
  const ShareEstimate& e = est->front();
  EXPECT_EQ(e.body, "Leeds");
  EXPECT_EQ(e.question, "sat");
  EXPECT_EQ(e.period, period("2024-25"));
  EXPECT_EQ(e.respondents, 148);
  EXPECT_DOUBLE_EQ(e.weight_total, 148.0);
  EXPECT_DOUBLE_EQ(e.effective_n, 148.0);
  EXPECT_NEAR(e.share, 15.0 / 148, 1e-15);
  EXPECT_NEAR(e.ci.low, 0.0624, kTable);
  EXPECT_NEAR(e.ci.high, 0.1605, kTable);
  EXPECT_FALSE(e.previous_period);
  EXPECT_FALSE(e.change);
  EXPECT_FALSE(e.change_ci);
  EXPECT_FALSE(e.significant);
}

// Weights 1, 1, 2, 4; the weight-2 and weight-4 respondents are satisfied.
// share = (2 + 4) / 8 = 0.75; n_eff = 8² / (1 + 1 + 4 + 16) = 64/22 = 2.9090909;
// Wilson on n_eff: z²/n = 3.8414588/2.9090909 = 1.3205015, centre = (0.75 + 0.6602507)/2.3205015
// = 0.6077353, half = (1.959964/2.3205015)·sqrt(0.1875/2.9090909 + 1.3205015/11.636364)
// = 0.3562832, so 0.2514521 to 0.9640186 (a raw n of 4 would give 0.3006418 to 0.9544127).
TEST(EstimateShares, WeightsShrinkTheEffectiveSizeAndWidenTheInterval) {
  const std::vector<SurveyQuestion> qs{satisfaction()};
  const std::vector<SurveyResponse> rows{
      {"a", "Leeds", period("2024-25"), "sat", 1, 1.0},
      {"b", "Leeds", period("2024-25"), "sat", 3, 1.0},
      {"c", "Leeds", period("2024-25"), "sat", 4, 2.0},
      {"d", "Leeds", period("2024-25"), "sat", 5, 4.0},
  };
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  ASSERT_EQ(est->size(), 1u);
  const ShareEstimate& e = est->front();
  EXPECT_EQ(e.respondents, 4);
  EXPECT_DOUBLE_EQ(e.weight_total, 8.0);
  EXPECT_NEAR(e.effective_n, 64.0 / 22.0, 1e-12);
  EXPECT_DOUBLE_EQ(e.share, 0.75);
  EXPECT_NEAR(e.ci.low, 0.2514521, 1e-7);
  EXPECT_NEAR(e.ci.high, 0.9640186, 1e-7);
}

TEST(EstimateShares, OnlyTheTopLevelsCount) {
  SurveyQuestion q = satisfaction();
  q.top_levels = 1;  // only "Very satisfied"
  const std::vector<SurveyQuestion> qs{q};
  const std::vector<SurveyResponse> rows{{"a", "Leeds", period("2024-25"), "sat", 5},
                                         {"b", "Leeds", period("2024-25"), "sat", 4},
                                         {"c", "Leeds", period("2024-25"), "sat", 4},
                                         {"d", "Leeds", period("2024-25"), "sat", 1}};
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  EXPECT_DOUBLE_EQ(est->front().share, 0.25);
  q.top_levels = 2;  // "Fairly" and "Very satisfied"
  const std::vector<SurveyQuestion> qs2{q};
  EXPECT_DOUBLE_EQ(estimate_shares(qs2, rows)->front().share, 0.75);
}

// Newcombe (1998, difference) Table II example (a): 48/80 before, 56/70 now -> change 0.2000,
// 0.0524 to 0.3339: significant. Example (d): 0/29 before, 5/56 now -> 0.0893, -0.0381 to
// 0.1926: not significant.
TEST(EstimateShares, ChangeSincePreviousPeriodUsesNewcombeAndFlagsSignificance) {
  std::vector<SurveyResponse> rows;
  add(rows, "Leeds", "2023-24", 48, 80);
  add(rows, "Leeds", "2024-25", 56, 70);
  add(rows, "York", "2023-24", 0, 29);
  add(rows, "York", "2024-25", 5, 56);
  const std::vector<SurveyQuestion> qs{satisfaction()};
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  ASSERT_EQ(est->size(), 4u);
  const ShareEstimate& leeds = (*est)[1];
  ASSERT_EQ(leeds.body, "Leeds");
  ASSERT_EQ(leeds.period, period("2024-25"));
  ASSERT_TRUE(leeds.previous_period);
  EXPECT_EQ(*leeds.previous_period, period("2023-24"));
  EXPECT_NEAR(*leeds.change, 0.2000, kTable);
  EXPECT_NEAR(leeds.change_ci->low, 0.0524, kTable);
  EXPECT_NEAR(leeds.change_ci->high, 0.3339, kTable);
  EXPECT_EQ(leeds.significant, true);
  const ShareEstimate& york = (*est)[3];
  ASSERT_EQ(york.body, "York");
  EXPECT_NEAR(*york.change, 0.0893, kTable);
  EXPECT_NEAR(york.change_ci->low, -0.0381, kTable);
  EXPECT_NEAR(york.change_ci->high, 0.1926, kTable);
  EXPECT_EQ(york.significant, false);
}

TEST(EstimateShares, ASignificantFallHasAnIntervalBelowZero) {
  // Example (a) the other way round: 56/70 before, 48/80 now -> -0.3339 to -0.0524.
  std::vector<SurveyResponse> rows;
  add(rows, "Leeds", "2023-24", 56, 70);
  add(rows, "Leeds", "2024-25", 48, 80);
  const std::vector<SurveyQuestion> qs{satisfaction()};
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  EXPECT_NEAR(*est->back().change, -0.2, 1e-12);
  EXPECT_NEAR(est->back().change_ci->high, -0.0524, kTable);
  EXPECT_EQ(est->back().significant, true);
}

TEST(EstimateShares, PreviousPeriodIsTheLatestEarlierOneWithResponses) {
  std::vector<SurveyResponse> rows;
  add(rows, "Leeds", "2024-25", 3, 10);
  add(rows, "Leeds", "2021-22", 5, 10);  // no survey in 2022-23 or 2023-24
  add(rows, "Leeds", "2019-20", 9, 10);
  const std::vector<SurveyQuestion> qs{satisfaction()};
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  ASSERT_EQ(est->size(), 3u);
  EXPECT_EQ((*est)[0].period, period("2019-20"));
  EXPECT_FALSE((*est)[0].previous_period);
  EXPECT_EQ((*est)[1].previous_period, period("2019-20"));
  EXPECT_EQ((*est)[2].period, period("2024-25"));
  EXPECT_EQ((*est)[2].previous_period, period("2021-22"));
  EXPECT_NEAR(*(*est)[2].change, 0.3 - 0.5, 1e-12);
}

TEST(EstimateShares, PreviousPeriodIsNeverOfAnotherKindOrBodyOrQuestion) {
  SurveyQuestion other = satisfaction();
  other.key = "trust";
  const std::vector<SurveyQuestion> qs{satisfaction(), other};
  std::vector<SurveyResponse> rows;
  add(rows, "Leeds", "2023", 5, 10);  // a calendar year: not comparable with 2024-25
  add(rows, "Leeds", "2024-25", 6, 10);
  add(rows, "Bradford", "2023-24", 6, 10);                        // another body
  rows.push_back({"x", "Leeds", period("2023-24"), "trust", 2});  // another question
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  ASSERT_EQ(est->size(), 4u);
  for (const ShareEstimate& e : *est) EXPECT_FALSE(e.previous_period) << e.body << e.question;
}

TEST(EstimateShares, OutputIsSortedByBodyQuestionThenPeriod) {
  SurveyQuestion a = satisfaction();
  a.key = "a_first";
  const std::vector<SurveyQuestion> qs{satisfaction(), a};
  std::vector<SurveyResponse> rows;
  add(rows, "York", "2024-25", 1, 2);
  add(rows, "Leeds", "2024-25", 1, 2);
  add(rows, "Leeds", "2023-24", 1, 2);
  rows.push_back({"z", "Leeds", period("2024-25"), "a_first", 5});
  auto est = estimate_shares(qs, rows);
  ASSERT_TRUE(est) << est.error().to_text();
  ASSERT_EQ(est->size(), 4u);
  EXPECT_EQ((*est)[0].question, "a_first");
  EXPECT_EQ((*est)[1].period, period("2023-24"));
  EXPECT_EQ((*est)[2].period, period("2024-25"));
  EXPECT_EQ((*est)[3].body, "York");
}

TEST(EstimateShares, TheSameRespondentMayAnswerInAnotherPeriodOrForAnotherBody) {
  const std::vector<SurveyQuestion> qs{satisfaction()};
  const std::vector<SurveyResponse> rows{{"a", "Leeds", period("2023-24"), "sat", 5},
                                         {"a", "Leeds", period("2024-25"), "sat", 5},
                                         {"a", "York", period("2024-25"), "sat", 5}};
  EXPECT_TRUE(estimate_shares(qs, rows));
}

TEST(EstimateShares, ListsEveryBadResponse) {
  const std::vector<SurveyQuestion> qs{satisfaction()};
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<SurveyResponse> rows{
      {"a", "Leeds", period("2024-25"), "sat", 5},
      {"b", "Leeds", period("2024-25"), "nope", 5},       // unknown question
      {"c", "Leeds", period("2024-25"), "sat", 0},        // below 1
      {"d", "Leeds", period("2024-25"), "sat", 6},        // above 5
      {"e", "Leeds", period("2024-25"), "sat", 5, 0.0},   // weight 0
      {"f", "Leeds", period("2024-25"), "sat", 5, -1.0},  // negative
      {"g", "Leeds", period("2024-25"), "sat", 5, inf},   // infinite
      {"h", "Leeds", period("2024-25"), "sat", 5, std::nan("")},
      {"", "Leeds", period("2024-25"), "sat", 5},   // no respondent
      {"j", "", period("2024-25"), "sat", 5},       // no body
      {"a", "Leeds", period("2024-25"), "sat", 4},  // a's second answer
  };
  auto est = estimate_shares(qs, rows);
  ASSERT_FALSE(est);
  const Error& e = est.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  ASSERT_EQ(e.details.size(), 10u) << e.to_text();
  EXPECT_EQ(e.where, "responses[1].question");
  EXPECT_EQ(e.details[1].where, "responses[2].level");
  EXPECT_EQ(e.details[2].where, "responses[3].level");
  EXPECT_EQ(e.details[3].where, "responses[4].weight");
  EXPECT_EQ(e.details[6].where, "responses[7].weight");
  EXPECT_EQ(e.details[7].where, "responses[8].respondent");
  EXPECT_EQ(e.details[8].where, "responses[9].body");
  EXPECT_EQ(e.details[9].where, "responses[10].respondent");
  EXPECT_NE(e.details[9].message.find("twice (also responses[0])"), std::string::npos)
      << e.details[9].message;
}

TEST(EstimateShares, RejectsAConfidenceOutsideZeroToOne) {
  const std::vector<SurveyQuestion> qs{satisfaction()};
  std::vector<SurveyResponse> rows;
  add(rows, "Leeds", "2024-25", 1, 2);
  for (double c : {0.0, 1.0, 95.0, std::nan("")}) {
    auto est = estimate_shares(qs, rows, c);
    ASSERT_FALSE(est) << c;
    EXPECT_EQ(est.error().where, "confidence");
  }
  EXPECT_TRUE(estimate_shares(qs, rows, 0.99));
}

TEST(EstimateShares, NoResponsesGiveNoEstimates) {
  const std::vector<SurveyQuestion> qs{satisfaction()};
  auto est = estimate_shares(qs, {});
  ASSERT_TRUE(est);
  EXPECT_TRUE(est->empty());
}

TEST(ValidateQuestions, ListsEveryBadDefinition) {
  SurveyQuestion one_level{"one", "t", {"Only"}, 1, ""};
  SurveyQuestion all_top = satisfaction();
  all_top.key = "all_top";
  all_top.top_levels = 5;  // every answer would count: not a measure
  SurveyQuestion none_top = satisfaction();
  none_top.key = "none_top";
  none_top.top_levels = 0;
  SurveyQuestion same_label{"same", "t", {"Yes", "YES"}, 1, ""};
  SurveyQuestion empty_label{"empty", "t", {"No", ""}, 1, ""};
  const std::vector<SurveyQuestion> qs{satisfaction(),
                                       one_level,
                                       all_top,
                                       none_top,
                                       same_label,
                                       empty_label,
                                       satisfaction(),
                                       SurveyQuestion{"", "t", {"No", "Yes"}, 1, ""},
                                       SurveyQuestion{"a b", "t", {"No", "Yes"}, 1, "x y"}};
  auto ok = validate_questions(qs);
  ASSERT_FALSE(ok);
  const auto& d = ok.error().details;
  ASSERT_EQ(d.size(), 9u) << ok.error().to_text();
  EXPECT_EQ(d[0].where, "questions[1].levels");
  EXPECT_EQ(d[1].where, "questions[2].top_levels");
  EXPECT_EQ(d[2].where, "questions[3].top_levels");
  EXPECT_EQ(d[3].where, "questions[4].levels");
  EXPECT_EQ(d[4].where, "questions[5].levels");
  EXPECT_EQ(d[5].where, "questions[6].key");
  EXPECT_EQ(d[6].where, "questions[7].key");
  EXPECT_EQ(d[7].where, "questions[8].key");
  EXPECT_EQ(d[8].where, "questions[8].area_key");
  // estimate_shares refuses the same definitions.
  EXPECT_FALSE(estimate_shares(qs, {}));
}

}  // namespace
}  // namespace pvf::measure
