#include "measure/goals.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace pvf::measure {
namespace {

Period P(const char* text) { return *Period::parse(text); }

// Higher is better, 40 in 2020-21 to 60 in 2025-26: planned change 20 over 5 years (4 a year),
// so at_risk allows a shortfall up to 0.2 * 20 = 4.
GoalSpec rising_goal() {
  return GoalSpec{"g1",         "Leeds", "ASC1",       Polarity::higher_is_better,
                  P("2020-21"), 40,      P("2025-26"), 60};
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(LeastSquaresSlope, IsTheHandWorkedSlopeInAnyOrder) {
  // x = 0, 1, 2 years; y = 10, 14, 15: means 1 and 13; Sxy = (-1)(-3) + 0 + (1)(2) = 5,
  // Sxx = 2: slope 2.5 a year.
  std::vector<PeriodValue> points{{P("2022-23"), 15}, {P("2020-21"), 10}, {P("2021-22"), 14}};
  auto slope = least_squares_slope(points);
  ASSERT_TRUE(slope);
  EXPECT_DOUBLE_EQ(*slope, 2.5);
  // Intercept: 13 - 2.5 * 1 = 10.5 at 2020-21, so 15.5 at 2022-23.
  auto line = least_squares_line(points);
  ASSERT_TRUE(line);
  EXPECT_DOUBLE_EQ(line->at(P("2020-21")), 10.5);
  EXPECT_DOUBLE_EQ(line->at(P("2022-23")), 15.5);
  // Quarters are a quarter of a year apart: the same rise over a quarter of the time.
  std::vector<PeriodValue> quarters{{P("2024-25 Q1"), 10}, {P("2024-25 Q2"), 14}, {P("2024-25 Q3"), 15}};
  ASSERT_TRUE(least_squares_slope(quarters));
  EXPECT_DOUBLE_EQ(*least_squares_slope(quarters), 10);
}

TEST(LeastSquaresSlope, NeedsTwoDifferentPeriods) {
  EXPECT_FALSE(least_squares_slope(std::vector<PeriodValue>{}));
  EXPECT_FALSE(least_squares_slope(std::vector<PeriodValue>{{P("2020-21"), 1}}));
  EXPECT_FALSE(least_squares_slope(std::vector<PeriodValue>{{P("2020-21"), 1}, {P("2020-21"), 3}}));
}

TEST(GoalStatus, HasTheContractNames) {
  EXPECT_STREQ(to_string(GoalStatus::on_track), "on_track");
  EXPECT_STREQ(to_string(GoalStatus::at_risk), "at_risk");
  EXPECT_STREQ(to_string(GoalStatus::off_track), "off_track");
  EXPECT_STREQ(to_string(GoalStatus::too_early), "too_early");
}

// x = 2021, 2022, 2023 (mean 2022), y = 44, 48, 52 (mean 48):
// Sxx = 1 + 0 + 1 = 2, Sxy = (-1)(-4) + 0 + (1)(4) = 8, slope 4;
// projection at 2025: 48 + 4 * 3 = 60 = target -> on_track, exactly.
// Planned at 2023-24: 40 + 20 * 3/5 = 52.
TEST(AssessGoal, ProjectionExactlyOnTargetIsOnTrack) {
  const std::vector<PeriodValue> obs{{P("2021-22"), 44}, {P("2022-23"), 48}, {P("2023-24"), 52}};
  auto g = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(g) << g.error().to_text();
  EXPECT_EQ(g->status, GoalStatus::on_track);
  EXPECT_DOUBLE_EQ(*g->projected_value, 60);
  EXPECT_DOUBLE_EQ(*g->trend_per_year, 4);
  EXPECT_EQ(g->latest_period, P("2023-24"));
  EXPECT_DOUBLE_EQ(*g->latest_value, 52);
  EXPECT_DOUBLE_EQ(*g->planned_value_latest, 52);
  EXPECT_EQ(g->observations_used, 3);
  EXPECT_EQ(g->explanation, "Projected 60.0 in 2025-26 against a target of 60.0: meets it.");
}

// y = 46, 49, 53 (mean 148/3 = 49.333): Sxy = (-1)(-3.333) + (1)(3.667) = 7, slope 3.5;
// projection 49.333 + 3.5 * 3 = 59.833 < 60: short by 0.167 <= 4 -> at_risk.
// y = 46, 50, 55 (mean 151/3 = 50.333): Sxy = 4.333 + 4.667 = 9, slope 4.5;
// projection 50.333 + 13.5 = 63.833 -> on_track with 3.8 to spare.
TEST(AssessGoal, ProjectionAboveTargetIsOnTrackAndJustBelowIsAtRisk) {
  const std::vector<PeriodValue> below{{P("2021-22"), 46}, {P("2022-23"), 49}, {P("2023-24"), 53}};
  auto b = assess_goal(rising_goal(), below);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, GoalStatus::at_risk);
  EXPECT_NEAR(*b->projected_value, 59.0 + 5.0 / 6.0, 1e-9);
  const std::vector<PeriodValue> above{{P("2021-22"), 46}, {P("2022-23"), 50}, {P("2023-24"), 55}};
  auto a = assess_goal(rising_goal(), above);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, GoalStatus::on_track);
  EXPECT_NEAR(*a->projected_value, 63.0 + 5.0 / 6.0, 1e-9);
  EXPECT_EQ(a->explanation,
            "Projected 63.8 in 2025-26 against a target of 60.0: meets it with 3.8 to spare.");
}

// The issue's own example. Baseline 45 (2020-21), target 65 (2025-26): planned change 20.
// y = 45.2, 49.2, 53.2 at x = 2021..2023: slope 8/2 = 4, mean 49.2 at 2022;
// projection 49.2 + 4 * 3 = 61.2: short by 3.8 <= 0.2 * 20 = 4 -> at_risk.
TEST(AssessGoal, ShortfallWithinTwentyPercentOfThePlannedChangeIsAtRisk) {
  const GoalSpec goal{"g",          "b", "i",          Polarity::higher_is_better,
                      P("2020-21"), 45,  P("2025-26"), 65};
  const std::vector<PeriodValue> obs{
      {P("2021-22"), 45.2}, {P("2022-23"), 49.2}, {P("2023-24"), 53.2}};
  auto g = assess_goal(goal, obs);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, GoalStatus::at_risk);
  EXPECT_NEAR(*g->projected_value, 61.2, 1e-9);
  EXPECT_EQ(g->explanation,
            "Projected 61.2 in 2025-26 against a target of 65.0: short by 3.8, within 20% of the "
            "planned change of 20.0.");
}

// y = 44, 47, 50: slope 3, mean 47; projection 47 + 9 = 56: short by exactly 4 = 20% -> at_risk.
TEST(AssessGoal, ShortfallOfExactlyTwentyPercentIsStillAtRisk) {
  const std::vector<PeriodValue> obs{{P("2021-22"), 44}, {P("2022-23"), 47}, {P("2023-24"), 50}};
  auto g = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, GoalStatus::at_risk);
  EXPECT_DOUBLE_EQ(*g->projected_value, 56);
}

// y = 41, 42, 43: slope 1, mean 42; projection 42 + 3 = 45: short by 15 > 4 -> off_track.
TEST(AssessGoal, ShortfallBeyondTwentyPercentIsOffTrack) {
  const std::vector<PeriodValue> obs{{P("2021-22"), 41}, {P("2022-23"), 42}, {P("2023-24"), 43}};
  auto g = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, GoalStatus::off_track);
  EXPECT_DOUBLE_EQ(*g->projected_value, 45);
  EXPECT_DOUBLE_EQ(*g->trend_per_year, 1);
  EXPECT_EQ(g->explanation,
            "Projected 45.0 in 2025-26 against a target of 60.0: short by 15.0, more than 20% of "
            "the planned change of 20.0.");
}

// Lower is better: 30 in 2020-21 to 20 in 2024-25 (change 10, at_risk up to 2). Observations in
// any order. x = 2021, 2022, 2023 (mean 2022):
//   27, 25, 22 (mean 74/3 = 24.667): Sxy = (-1)(2.333) + (1)(-2.667) = -5, slope -2.5;
//     projection at 2024: 24.667 - 2.5 * 2 = 19.667 <= 20 -> on_track.
//   28, 26, 24: slope -2, mean 26; projection 26 - 4 = 22, short by 2 = 20% -> at_risk.
//   29, 29, 28 (mean 28.667): Sxy = (-1)(0.333) + (1)(-0.667) = -1, slope -0.5;
//     projection 28.667 - 1 = 27.667, short by 7.667 > 2 -> off_track.
TEST(AssessGoal, LowerIsBetterMeetsTheTargetFromAbove) {
  const GoalSpec goal{"g", "b", "i", Polarity::lower_is_better, P("2020-21"), 30, P("2024-25"), 20};
  const std::vector<PeriodValue> on{{P("2023-24"), 22}, {P("2021-22"), 27}, {P("2022-23"), 25}};
  auto a = assess_goal(goal, on);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, GoalStatus::on_track);
  EXPECT_NEAR(*a->projected_value, 19.0 + 2.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(*a->trend_per_year, -2.5);
  EXPECT_EQ(a->latest_period, P("2023-24"));  // the latest, not the last given
  EXPECT_DOUBLE_EQ(*a->latest_value, 22);
  EXPECT_DOUBLE_EQ(*a->planned_value_latest, 22.5);  // 30 - 10 * 3/4

  const std::vector<PeriodValue> risk{{P("2021-22"), 28}, {P("2022-23"), 26}, {P("2023-24"), 24}};
  auto b = assess_goal(goal, risk);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, GoalStatus::at_risk);
  EXPECT_DOUBLE_EQ(*b->projected_value, 22);

  const std::vector<PeriodValue> off{{P("2021-22"), 29}, {P("2022-23"), 29}, {P("2023-24"), 28}};
  auto c = assess_goal(goal, off);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, GoalStatus::off_track);
  EXPECT_NEAR(*c->projected_value, 27.0 + 2.0 / 3.0, 1e-9);
}

// Uneven spacing: x = 2021, 2022, 2024 (x - 2021 = 0, 1, 3, mean 4/3), y = 50, 52, 57 (mean 53).
// Sxx = 16/9 + 1/9 + 25/9 = 14/3; Sxy = (-4/3)(-3) + (-1/3)(-1) + (5/3)(4) = 11; slope 33/14.
// Projection at 2025 (x - 2021 = 4): 53 + (33/14)(8/3) = 53 + 44/7 = 59.2857 -> at_risk (0.71).
TEST(AssessGoal, FitsUnevenlySpacedYears) {
  const std::vector<PeriodValue> obs{{P("2021-22"), 50}, {P("2022-23"), 52}, {P("2024-25"), 57}};
  auto g = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(g);
  EXPECT_NEAR(*g->trend_per_year, 33.0 / 14.0, 1e-12);
  EXPECT_NEAR(*g->projected_value, 53.0 + 44.0 / 7.0, 1e-9);
  EXPECT_EQ(g->status, GoalStatus::at_risk);
}

// 2019-20 is before the baseline and left out (with it the slope would be negative). The
// observation for the baseline period itself counts: x = 2020, 2021, y = 40, 44: slope 4,
// mean 42 at 2020.5; projection 42 + 4 * 4.5 = 60 -> on_track. An observation after the target
// period counts too: adding 2026-27 = 64 keeps the line (64 = 40 + 4 * 6) and the status.
TEST(AssessGoal, UsesObservationsFromTheBaselinePeriodOnward) {
  std::vector<PeriodValue> obs{{P("2019-20"), 100}, {P("2020-21"), 40}, {P("2021-22"), 44}};
  auto g = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->observations_used, 2);
  EXPECT_DOUBLE_EQ(*g->trend_per_year, 4);
  EXPECT_DOUBLE_EQ(*g->projected_value, 60);
  EXPECT_EQ(g->status, GoalStatus::on_track);
  obs.push_back({P("2026-27"), 64});
  auto later = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->observations_used, 3);
  EXPECT_EQ(later->latest_period, P("2026-27"));
  EXPECT_NEAR(*later->projected_value, 60, 1e-9);
  EXPECT_EQ(later->status, GoalStatus::on_track);
}

// One observation: 47 in 2022-23, planned 40 + 20 * 2/5 = 48 there.
TEST(AssessGoal, OneObservationIsTooEarlyButReportsTheLatest) {
  const std::vector<PeriodValue> obs{{P("2018-19"), 30}, {P("2022-23"), 47}};
  auto g = assess_goal(rising_goal(), obs);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, GoalStatus::too_early);
  EXPECT_EQ(g->observations_used, 1);
  EXPECT_EQ(g->latest_period, P("2022-23"));
  EXPECT_DOUBLE_EQ(*g->latest_value, 47);
  EXPECT_DOUBLE_EQ(*g->planned_value_latest, 48);
  EXPECT_FALSE(g->projected_value);
  EXPECT_FALSE(g->trend_per_year);
  EXPECT_TRUE(mentions(g->explanation, "one observation")) << g->explanation;
}

TEST(AssessGoal, NoObservationsIsTooEarlyWithNothingElse) {
  auto g = assess_goal(rising_goal(), {});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, GoalStatus::too_early);
  EXPECT_EQ(g->observations_used, 0);
  EXPECT_FALSE(g->latest_period);
  EXPECT_FALSE(g->latest_value);
  EXPECT_FALSE(g->planned_value_latest);
  EXPECT_FALSE(g->projected_value);
  EXPECT_TRUE(mentions(g->explanation, "no observations")) << g->explanation;
}

// Quarters: x = 2020.25 and 2020.5 (Q2, Q3 of 2020-21), y = 11, 12 -> slope 1 / 0.25 = 4 a year;
// mean 11.5 at 2020.375; projection at 2021.0 (2021-22 Q1): 11.5 + 4 * 0.625 = 14 = target.
TEST(AssessGoal, QuartersUseFractionalYearsSoTrendsArePerYear) {
  const GoalSpec goal{
      "q", "b", "i", Polarity::higher_is_better, P("2020-21 Q1"), 10, P("2021-22 Q1"), 14};
  const std::vector<PeriodValue> obs{{P("2020-21 Q2"), 11}, {P("2020-21 Q3"), 12}};
  auto g = assess_goal(goal, obs);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(*g->trend_per_year, 4);
  EXPECT_DOUBLE_EQ(*g->projected_value, 14);
  EXPECT_EQ(g->status, GoalStatus::on_track);
}

TEST(AssessGoal, RefusesANeutralGoalAndATargetNotAfterTheBaselineListingBoth) {
  GoalSpec goal = rising_goal();
  goal.polarity = Polarity::neutral;
  goal.target_period = P("2020-21");
  auto g = assess_goal(goal, {});
  ASSERT_FALSE(g);
  ASSERT_EQ(g.error().details.size(), 2u);
  EXPECT_EQ(g.error().details[0].where, "polarity");
  EXPECT_EQ(g.error().details[1].where, "target_period");
  EXPECT_EQ(g.error().where, "polarity");
}

TEST(AssessGoal, RefusesPeriodsOfDifferentKinds) {
  GoalSpec goal = rising_goal();
  goal.target_period = P("2025");
  auto g = assess_goal(goal, {});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().where, "target_period");

  const std::vector<PeriodValue> obs{{P("2021-22"), 44}, {P("2022"), 48}};
  auto h = assess_goal(rising_goal(), obs);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().where, "observations[1]");
  EXPECT_TRUE(mentions(h.error().message, "calendar year")) << h.error().message;
}

TEST(AssessGoal, RefusesTwoValuesForOnePeriodAndNonFiniteNumbers) {
  const std::vector<PeriodValue> dup{{P("2021-22"), 44}, {P("2021-22"), 45}};
  auto d = assess_goal(rising_goal(), dup);
  ASSERT_FALSE(d);
  EXPECT_TRUE(mentions(d.error().message, "2021-22")) << d.error().message;

  GoalSpec goal = rising_goal();
  goal.target_value = std::numeric_limits<double>::infinity();
  const std::vector<PeriodValue> nan{{P("2021-22"), std::numeric_limits<double>::quiet_NaN()}};
  auto n = assess_goal(goal, nan);
  ASSERT_FALSE(n);
  ASSERT_EQ(n.error().details.size(), 2u);
  EXPECT_EQ(n.error().details[0].where, "target_value");
  EXPECT_EQ(n.error().details[1].where, "observations[0]");
}

// Planned: (60 - 40) / 5 = 4 a year. Own history up to 2020-21: 34, 36, 38, 40 at x = 2017..2020,
// slope 2 (the 2021-22 point is after the baseline and left out); ratio 4 / 2 = 2.
// Group trends 0.5, 1, 1.5, 2, 3, 6: QUARTILE.INC q3 -> h = 5 * 0.75 = 3.75 -> 2 + 0.75 * 1 = 2.75;
// ratio 4 / 2.75 = 1.4545.
TEST(AssessAmbition, ComparesThePlannedChangeWithOwnTrendAndTheGroupsBestQuartile) {
  const std::vector<PeriodValue> own{{P("2017-18"), 34},
                                     {P("2018-19"), 36},
                                     {P("2019-20"), 38},
                                     {P("2020-21"), 40},
                                     {P("2021-22"), 99}};
  const std::vector<double> group{3, 0.5, 6, 1, 2, 1.5};
  auto a = assess_ambition(rising_goal(), own, group);
  ASSERT_TRUE(a) << a.error().to_text();
  EXPECT_DOUBLE_EQ(a->planned_change_per_year, 4);
  EXPECT_DOUBLE_EQ(*a->own_trend_per_year, 2);
  EXPECT_DOUBLE_EQ(*a->ratio_to_own_trend, 2);
  EXPECT_DOUBLE_EQ(*a->group_best_quartile_per_year, 2.75);
  EXPECT_DOUBLE_EQ(*a->ratio_to_group_best, 4 / 2.75);
  EXPECT_TRUE(mentions(a->summary, "Plans +4.00 a year")) << a->summary;
  EXPECT_TRUE(mentions(a->summary, "more ambitious")) << a->summary;
}

// Lower is better: 30 -> 20 over 2020-21..2025-26 = -2 a year.
// Group -3, -1, 0, 1, 2: q1 (h = 1) = -1, the best quarter's fall; ratio (-2) / (-1) = 2.
// Own trend 30, 31, 32 at 2018..2020 = +1 a year, i.e. worsening: P/B would be -2; in the good
// direction p = 2, b = -1, ratio = 1 + (2 - (-1)) / 1 = 4 (more ambitious, as it should read).
TEST(AssessAmbition, LowerIsBetterUsesTheFirstQuartileAndSignsRatiosByDirection) {
  const GoalSpec goal{"g", "b", "i", Polarity::lower_is_better, P("2020-21"), 30, P("2025-26"), 20};
  const std::vector<PeriodValue> own{{P("2018-19"), 30}, {P("2019-20"), 31}, {P("2020-21"), 32}};
  const std::vector<double> group{-3, -1, 0, 1, 2};
  auto a = assess_ambition(goal, own, group);
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(a->planned_change_per_year, -2);
  EXPECT_DOUBLE_EQ(*a->own_trend_per_year, 1);
  EXPECT_DOUBLE_EQ(*a->ratio_to_own_trend, 4);
  EXPECT_DOUBLE_EQ(*a->group_best_quartile_per_year, -1);
  EXPECT_DOUBLE_EQ(*a->ratio_to_group_best, 2);
}

// Own trend worsening by 1 a year (higher is better: slope -1); the goal plans to worsen by only
// 0.5 a year (40 -> 37.5 over 5 years). p = -0.5, b = -1: ratio 1 + 0.5 / 1 = 1.5 (more
// ambitious than the trend). A group whose best quartile is +0.5 a year gives 1 + (-1) / 0.5 = -1
// = P/B.
TEST(AssessAmbition, PlanningToWorsenLessThanTheTrendIsMoreAmbitious) {
  GoalSpec goal = rising_goal();
  goal.target_value = 37.5;
  const std::vector<PeriodValue> own{{P("2019-20"), 41}, {P("2020-21"), 40}};
  const std::vector<double> group{0.5};
  auto a = assess_ambition(goal, own, group);
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(*a->ratio_to_own_trend, 1.5);
  EXPECT_DOUBLE_EQ(*a->ratio_to_group_best, -1);
}

TEST(AssessAmbition, MissingOrZeroBenchmarksGiveNoRatio) {
  const std::vector<PeriodValue> one{{P("2020-21"), 40}};
  auto a = assess_ambition(rising_goal(), one, {});
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->own_trend_per_year);
  EXPECT_FALSE(a->ratio_to_own_trend);
  EXPECT_FALSE(a->group_best_quartile_per_year);
  EXPECT_FALSE(a->ratio_to_group_best);
  EXPECT_TRUE(mentions(a->summary, "no own trend")) << a->summary;

  const std::vector<PeriodValue> flat{{P("2019-20"), 40}, {P("2020-21"), 40}};
  const std::vector<double> zero{0};
  auto b = assess_ambition(rising_goal(), flat, zero);
  ASSERT_TRUE(b);
  EXPECT_DOUBLE_EQ(*b->own_trend_per_year, 0);
  EXPECT_FALSE(b->ratio_to_own_trend);
  EXPECT_DOUBLE_EQ(*b->group_best_quartile_per_year, 0);
  EXPECT_FALSE(b->ratio_to_group_best);
}

TEST(AssessAmbition, RefusesNeutralGoalsAndNonFiniteGroupTrends) {
  GoalSpec goal = rising_goal();
  goal.polarity = Polarity::neutral;
  const std::vector<double> group{1, std::numeric_limits<double>::quiet_NaN()};
  auto a = assess_ambition(goal, {}, group);
  ASSERT_FALSE(a);
  ASSERT_EQ(a.error().details.size(), 2u);
  EXPECT_EQ(a.error().details[0].where, "polarity");
  EXPECT_EQ(a.error().details[1].where, "group_trends_per_year[1]");
}

}  // namespace
}  // namespace pvf::measure
