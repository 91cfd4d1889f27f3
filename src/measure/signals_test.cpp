#include "measure/signals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace pvf::measure {
namespace {

// "I1", "T2", ...: built by appending, because GCC 12 -O3 warns falsely (-Wrestrict, bug 105329)
// on "literal" + std::string&&.
std::string numbered(char prefix, size_t n) {
  std::string s(1, prefix);
  s += std::to_string(n);
  return s;
}

Period period(const char* text) { return *Period::parse(text); }

// The shipped framework's scale (data/frameworks/pvf-2017.yaml), as the server passes it.
const Scale kPvfScale{1, 4, {"Emerging", "Developing", "Established", "Leading"}};

GoalSignalInput goal(const std::string& id, GoalStatus status) {
  return {id, "Goal " + id, "IND_" + id, status};
}

std::vector<GoalSignalInput> goals(int on, int at_risk, int off, int early) {
  std::vector<GoalSignalInput> out;
  int n = 0;
  for (int i = 0; i < on; ++i) out.push_back(goal(std::to_string(++n), GoalStatus::on_track));
  for (int i = 0; i < at_risk; ++i) out.push_back(goal(std::to_string(++n), GoalStatus::at_risk));
  for (int i = 0; i < off; ++i) out.push_back(goal(std::to_string(++n), GoalStatus::off_track));
  for (int i = 0; i < early; ++i) out.push_back(goal(std::to_string(++n), GoalStatus::too_early));
  return out;
}

PositionSignalInput position(const std::string& key, const std::string& area, int quartile,
                             Polarity polarity = Polarity::higher_is_better) {
  return {key,      "Indicator " + key, area, polarity, period("2022-23"),
          quartile, quartile * 30,      152,  -1.5,     "all councils"};
}

TrendSignalInput trend(const std::string& key, const std::string& area, double slope,
                       Polarity polarity = Polarity::higher_is_better,
                       std::optional<double> relative_change = 0.1) {
  return {key,
          "Indicator " + key,
          area,
          polarity,
          slope,
          period("2018-19"),
          period("2022-23"),
          relative_change};
}

SurveySignalInput survey(const std::string& key, const std::string& area,
                         std::optional<double> change, std::optional<bool> significant) {
  return {key,    "How satisfied are you?",
          area,   period("2024-25"),
          0.62,   change ? std::optional(period("2023-24")) : std::nullopt,
          change, significant};
}

ProductivitySignalInput productivity(double change_pct) {
  return {period("2023-24"), period("2022-23"), change_pct, 4.1, 1.8};
}

// Derives signals for one area and returns it.
AreaSignals one(const std::string& area, std::optional<int> level, const SignalInputs& in,
                const Scale& scale = kPvfScale) {
  const std::vector<AreaRatingInput> areas{{area, level}};
  auto r = derive_signals(areas, scale, in);
  EXPECT_TRUE(r) << r.error().to_text();
  return r && r->size() == 1 ? r->front() : AreaSignals{};
}

// ---- routing ----------------------------------------------------------------------------------

TEST(SignalRoutes, TableRoutesEachKindAsDocumented) {
  const auto routes = signal_routes();
  ASSERT_EQ(routes.size(), 9u);
  EXPECT_EQ(routes[0].kind, SignalKind::goals);
  EXPECT_EQ(routes[0].area_key, "progress_towards_goals");
  EXPECT_EQ(routes[1].kind, SignalKind::ambition);
  EXPECT_EQ(routes[1].area_key, "degree_of_ambition");
  EXPECT_EQ(routes[3].kind, SignalKind::comparison);
  EXPECT_TRUE(routes[3].summary);
  EXPECT_EQ(routes[3].area_key, "benchmarking");
  EXPECT_EQ(routes[5].kind, SignalKind::efficiency);
  EXPECT_EQ(routes[5].area_key, "benchmarking");
  EXPECT_EQ(routes[6].kind, SignalKind::productivity);
  EXPECT_EQ(routes[6].area_key, "cost_control_and_shifting");
  EXPECT_EQ(routes[7].kind, SignalKind::malmquist);
  EXPECT_EQ(routes[7].area_key, "cost_control_and_shifting");
  for (size_t i : {2u, 4u, 8u}) {
    EXPECT_FALSE(routes[i].summary);
    EXPECT_EQ(routes[i].area_key, "");  // the indicator's or question's own area
  }
  for (const SignalRoute& r : routes) EXPECT_FALSE(r.description.empty());
}

TEST(DeriveSignals, RoutesEverySignalToItsAreaAndDropsAreasNotListed) {
  SignalInputs in;
  in.goals = goals(1, 0, 0, 0);
  in.ambitions = {{"g1", "Goal 1", 1.2, 1.1}};
  in.positions = {position("ASC1", "quality_of_data", 1), position("ASC9", "not_an_area_here", 4),
                  position("ASC8", "", 4)};
  in.trends = {trend("ASC1", "quality_of_data", 0.5)};
  in.productivity = productivity(2.0);
  in.surveys = {survey("sat", "user_experience_and_participation", 0.08, true)};
  const std::vector<AreaRatingInput> areas{{"user_experience_and_participation", 3},
                                           {"progress_towards_goals", 3},
                                           {"degree_of_ambition", std::nullopt},
                                           {"benchmarking", 2},
                                           {"quality_of_data", 3},
                                           {"cost_control_and_shifting", 3},
                                           {"innovation", 2}};
  auto r = derive_signals(areas, kPvfScale, in);
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->size(), 7u);
  auto kinds = [&](size_t i) {
    std::vector<SignalKind> out;
    for (const Signal& s : (*r)[i].signals) out.push_back(s.kind);
    return out;
  };
  // In the given order of areas.
  EXPECT_EQ((*r)[0].area_key, "user_experience_and_participation");
  EXPECT_EQ((*r)[0].level, 3);
  EXPECT_EQ(kinds(0), std::vector<SignalKind>{SignalKind::survey});
  EXPECT_EQ(kinds(1), std::vector<SignalKind>{SignalKind::goals});
  EXPECT_EQ(kinds(2), std::vector<SignalKind>{SignalKind::ambition});
  EXPECT_EQ(kinds(3), std::vector<SignalKind>{SignalKind::comparison});  // the summary
  EXPECT_EQ(kinds(4), (std::vector<SignalKind>{SignalKind::comparison, SignalKind::trend}));
  EXPECT_EQ((*r)[4].signals[0].subject, "ASC1");
  EXPECT_EQ(kinds(5), std::vector<SignalKind>{SignalKind::productivity});
  EXPECT_TRUE((*r)[6].signals.empty());
  // The benchmarking summary still counts the indicators whose own area is not listed.
  EXPECT_EQ((*r)[3].signals[0].headline,
            "1 of 3 indicators in the top quarter, 2 in the bottom quarter");
}

// ---- goals ------------------------------------------------------------------------------------

TEST(GoalsSignal, MajorityOffTrackIsNegative) {
  SignalInputs in;
  in.goals = goals(1, 0, 3, 0);
  const AreaSignals a = one("progress_towards_goals", std::nullopt, in);
  ASSERT_EQ(a.signals.size(), 1u);
  EXPECT_EQ(a.signals[0].direction, Direction::negative);
  EXPECT_EQ(a.signals[0].headline, "3 of 4 goals off track");
  EXPECT_EQ(a.signals[0].detail, "Off track: Goal 2, Goal 3, Goal 4. On track: Goal 1.");
  EXPECT_EQ(a.signals[0].subject, "");
}

TEST(GoalsSignal, MajorityOnTrackIsPositive) {
  SignalInputs in;
  in.goals = goals(3, 1, 1, 0);
  const AreaSignals a = one("progress_towards_goals", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::positive);
  EXPECT_EQ(a.signals[0].headline, "3 of 5 goals on track");
}

TEST(GoalsSignal, ExactlyHalfOffTrackIsMixed) {
  SignalInputs in;
  in.goals = goals(2, 0, 2, 0);
  const AreaSignals a = one("progress_towards_goals", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::mixed);
  EXPECT_EQ(a.signals[0].headline, "2 of 4 goals on track, 0 at risk, 2 off track");
}

TEST(GoalsSignal, NoMajorityIsMixed) {
  SignalInputs in;
  in.goals = goals(1, 2, 1, 0);  // at risk is the largest group, but not more than half
  EXPECT_EQ(one("progress_towards_goals", std::nullopt, in).signals[0].direction, Direction::mixed);
}

TEST(GoalsSignal, TooEarlyGoalsAreLeftOutOfTheCount) {
  SignalInputs in;
  in.goals = goals(1, 0, 2, 3);  // 2 of the 3 that can be judged are off track
  const AreaSignals a = one("progress_towards_goals", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::negative);
  EXPECT_EQ(a.signals[0].headline, "2 of 3 goals off track (3 more too early to judge)");
}

TEST(GoalsSignal, AllTooEarlyIsNeutral) {
  SignalInputs in;
  in.goals = goals(0, 0, 0, 2);
  const AreaSignals a = one("progress_towards_goals", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::neutral);
  EXPECT_EQ(a.signals[0].headline, "2 goals, all too early to judge");
  EXPECT_EQ(a.data_view, Direction::neutral);
}

// ---- ambition ---------------------------------------------------------------------------------

TEST(AmbitionSignal, MostGoalsMatchingTheGroupsBestQuarterIsPositive) {
  SignalInputs in;
  in.ambitions = {{"g1", "Cut delays", 1.5, 1.0},      // exactly the best quarter's rate: ambitious
                  {"g2", "", std::nullopt, 1.2},       // no own trend: ambitious
                  {"g3", "Raise reviews", 0.8, 0.5}};  // coasting
  const AreaSignals a = one("degree_of_ambition", std::nullopt, in);
  ASSERT_EQ(a.signals.size(), 1u);
  EXPECT_EQ(a.signals[0].kind, SignalKind::ambition);
  EXPECT_EQ(a.signals[0].direction, Direction::positive);
  EXPECT_EQ(a.signals[0].headline,
            "2 of 3 goals at least as ambitious as the group's best quarter");
  EXPECT_NE(a.signals[0].detail.find("g2: 1.20 times the group's best-quarter rate."),
            std::string::npos)
      << a.signals[0].detail;
}

TEST(AmbitionSignal, MostGoalsBelowTheirOwnPastTrendIsNegative) {
  SignalInputs in;
  in.ambitions = {{"g1", "", 0.5, std::nullopt}, {"g2", "", 0.99, 0.3}, {"g3", "", 1.5, 0.9}};
  const AreaSignals a = one("degree_of_ambition", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::negative);
  EXPECT_EQ(a.signals[0].headline, "2 of 3 goals plan less improvement than the past trend");
}

TEST(AmbitionSignal, ConflictingOrMiddlingGoalsAreMixed) {
  SignalInputs in;
  // g1 beats the group's best quarter but plans less than its own (even better) past trend;
  // g2 is between its own trend and the group's best: both moderate.
  in.ambitions = {{"g1", "", 0.8, 1.1}, {"g2", "", 1.2, 0.7}};
  EXPECT_EQ(one("degree_of_ambition", std::nullopt, in).signals[0].direction, Direction::mixed);
}

TEST(AmbitionSignal, NoBenchmarkIsNeutral) {
  SignalInputs in;
  in.ambitions = {{"g1", "", std::nullopt, std::nullopt}};
  const AreaSignals a = one("degree_of_ambition", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::neutral);
  EXPECT_EQ(a.signals[0].headline, "No benchmark for the ambition of 1 goal");
}

// ---- comparison -------------------------------------------------------------------------------

TEST(ComparisonSignal, BestQuarterPositiveWorstNegativeMiddleNeutral) {
  SignalInputs in;
  for (int q = 1; q <= 4; ++q) in.positions.push_back(position(numbered('I', q), "x", q));
  const AreaSignals a = one("x", std::nullopt, in);
  ASSERT_EQ(a.signals.size(), 4u);
  EXPECT_EQ(a.signals[0].direction, Direction::positive);
  EXPECT_EQ(a.signals[1].direction, Direction::neutral);
  EXPECT_EQ(a.signals[2].direction, Direction::neutral);
  EXPECT_EQ(a.signals[3].direction, Direction::negative);
  EXPECT_EQ(a.signals[3].headline,
            "Indicator I4: bottom quarter among all councils (rank 120 of 152)");
  EXPECT_EQ(a.signals[3].detail, "2022-23. 1.5 median absolute deviations below the median.");
}

TEST(ComparisonSignal, LowerIsBetterQuarterOneIsStillTheBest) {
  // comparison.h already takes polarity into account: quartile 1 is the best quarter.
  SignalInputs in;
  in.positions = {position("DTOC", "x", 1, Polarity::lower_is_better)};
  EXPECT_EQ(one("x", std::nullopt, in).signals[0].direction, Direction::positive);
}

TEST(ComparisonSignal, NeutralPolarityIsNeverJudgedAndLeftOutOfBenchmarking) {
  SignalInputs in;
  in.positions = {position("REQ", "x", 1, Polarity::neutral),
                  position("REQ2", "x", 4, Polarity::neutral)};
  const std::vector<AreaRatingInput> areas{{"x", std::nullopt}, {"benchmarking", 4}};
  auto r = derive_signals(areas, kPvfScale, in);
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ((*r)[0].signals.size(), 2u);
  EXPECT_EQ((*r)[0].signals[0].direction, Direction::neutral);
  EXPECT_EQ((*r)[0].signals[1].direction, Direction::neutral);
  EXPECT_EQ((*r)[0].signals[0].headline,
            "Indicator REQ: highest quarter of values among all councils (rank 30 of 152)");
  EXPECT_NE((*r)[0].signals[0].detail.find("not judged better or worse"), std::string::npos);
  EXPECT_TRUE((*r)[1].signals.empty());  // no ranked indicator: no benchmarking summary
}

TEST(BenchmarkingSignal, BalanceOfTopAndBottomQuarters) {
  auto summary = [](std::vector<int> quartiles) {
    SignalInputs in;
    for (size_t i = 0; i < quartiles.size(); ++i)
      in.positions.push_back(position(numbered('I', i), "", quartiles[i]));
    return one("benchmarking", std::nullopt, in).signals.at(0);
  };
  EXPECT_EQ(summary({1, 1, 4}).direction, Direction::positive);
  EXPECT_EQ(summary({1, 1, 4}).headline,
            "2 of 3 indicators in the top quarter, 1 in the bottom quarter");
  EXPECT_EQ(summary({1, 1, 4}).detail,
            "Top quarter: Indicator I0, Indicator I1. Bottom quarter: Indicator I2.");
  EXPECT_EQ(summary({4, 2, 4, 1}).direction, Direction::negative);
  EXPECT_EQ(summary({1, 4, 2}).direction, Direction::mixed);  // as many top as bottom
  EXPECT_EQ(summary({2, 3}).direction, Direction::neutral);   // none at either end
  EXPECT_EQ(summary({2}).headline, "0 of 1 indicator in the top quarter, 0 in the bottom quarter");
}

// ---- trend ------------------------------------------------------------------------------------

TEST(TrendSignal, ImprovingByPolarityIsPositiveWorseningNegative) {
  SignalInputs in;
  in.trends = {trend("A", "x", 0.5, Polarity::higher_is_better),
               trend("B", "x", -0.5, Polarity::higher_is_better, -0.1),
               trend("C", "x", 0.5, Polarity::lower_is_better),
               trend("D", "x", -0.5, Polarity::lower_is_better, -0.1)};
  const AreaSignals a = one("x", std::nullopt, in);
  ASSERT_EQ(a.signals.size(), 4u);
  EXPECT_EQ(a.signals[0].direction, Direction::positive);
  EXPECT_EQ(a.signals[0].headline, "Indicator A improving: +10.0% from 2018-19 to 2022-23");
  EXPECT_EQ(a.signals[1].direction, Direction::negative);
  EXPECT_EQ(a.signals[1].headline, "Indicator B worsening: -10.0% from 2018-19 to 2022-23");
  EXPECT_EQ(a.signals[2].direction, Direction::negative);  // lower is better, rising
  EXPECT_EQ(a.signals[3].direction, Direction::positive);  // lower is better, falling
  EXPECT_EQ(a.signals[0].subject, "A");
}

TEST(TrendSignal, NeutralPolarityIsNeverJudged) {
  SignalInputs in;
  in.trends = {trend("N", "x", 3.0, Polarity::neutral, 0.4)};
  const Signal s = one("x", std::nullopt, in).signals.at(0);
  EXPECT_EQ(s.direction, Direction::neutral);
  EXPECT_EQ(s.headline, "Indicator N rising: +40.0% from 2018-19 to 2022-23");
}

TEST(TrendSignal, UnderOnePercentOverTheSpanIsFlat) {
  SignalInputs in;
  in.trends = {trend("F", "x", 0.01, Polarity::higher_is_better, 0.0099),
               trend("E", "x", 0.01, Polarity::higher_is_better, 0.01),  // the boundary moves
               trend("Z", "x", 0.0, Polarity::higher_is_better, std::nullopt),
               trend("U", "x", 0.2, Polarity::higher_is_better, std::nullopt)};
  const AreaSignals a = one("x", std::nullopt, in);
  EXPECT_EQ(a.signals[0].direction, Direction::neutral);
  EXPECT_EQ(a.signals[0].headline, "Indicator F broadly flat: +1.0% from 2018-19 to 2022-23");
  EXPECT_EQ(a.signals[1].direction, Direction::positive);
  EXPECT_EQ(a.signals[2].direction, Direction::neutral);   // zero slope
  EXPECT_EQ(a.signals[3].direction, Direction::positive);  // no relative change: slope decides
  EXPECT_EQ(a.signals[3].headline, "Indicator U improving from 2018-19 to 2022-23");
}

// ---- productivity -----------------------------------------------------------------------------

TEST(ProductivitySignal, HalfAPercentEitherWayIsAChange) {
  auto signal = [](double pct) {
    SignalInputs in;
    in.productivity = productivity(pct);
    return one("cost_control_and_shifting", std::nullopt, in).signals.at(0);
  };
  EXPECT_EQ(signal(2.34).direction, Direction::positive);
  EXPECT_EQ(signal(2.34).headline, "Productivity up 2.3% in 2023-24");
  EXPECT_EQ(signal(2.34).detail,
            "Since 2022-23: output +4.1%, inputs +1.8%. ONS warns that productivity is not a "
            "value-for-money judgement.");
  EXPECT_EQ(signal(0.5).direction, Direction::positive);
  EXPECT_EQ(signal(0.49).direction, Direction::neutral);
  EXPECT_EQ(signal(0.49).headline, "Productivity broadly flat in 2023-24 (+0.5%)");
  EXPECT_EQ(signal(-0.49).direction, Direction::neutral);
  EXPECT_EQ(signal(-0.5).direction, Direction::negative);
  EXPECT_EQ(signal(-1.8).headline, "Productivity down 1.8% in 2023-24");
}

// ---- survey -----------------------------------------------------------------------------------

TEST(SurveySignal, OnlyASignificantChangeIsJudged) {
  SignalInputs in;
  in.surveys = {survey("up", "x", 0.05, true), survey("down", "x", -0.061, true),
                survey("noise", "x", 0.04, false),
                survey("first", "x", std::nullopt, std::nullopt)};
  const AreaSignals a = one("x", std::nullopt, in);
  ASSERT_EQ(a.signals.size(), 4u);
  EXPECT_EQ(a.signals[0].direction, Direction::positive);
  EXPECT_EQ(a.signals[0].headline,
            "\"How satisfied are you?\": 62% in the top levels, up 5.0 points since 2023-24 "
            "(significant)");
  EXPECT_EQ(a.signals[0].subject, "up");
  EXPECT_EQ(a.signals[1].direction, Direction::negative);
  EXPECT_EQ(a.signals[2].direction, Direction::neutral);
  EXPECT_EQ(a.signals[2].headline,
            "\"How satisfied are you?\": 62% in the top levels, up 4.0 points since 2023-24 "
            "(not significant)");
  EXPECT_EQ(a.signals[3].direction, Direction::neutral);
  EXPECT_EQ(a.signals[3].headline, "\"How satisfied are you?\": 62% in the top levels");
}

// ---- data view --------------------------------------------------------------------------------

TEST(DataView, IsTheBalanceOfPositiveAndNegativeSignals) {
  auto view = [](std::vector<double> slopes) {
    SignalInputs in;
    for (size_t i = 0; i < slopes.size(); ++i)
      in.trends.push_back(trend(numbered('T', i), "x", slopes[i], Polarity::higher_is_better,
                                slopes[i] == 0 ? 0.0 : (slopes[i] > 0 ? 0.1 : -0.1)));
    return one("x", std::nullopt, in).data_view;
  };
  EXPECT_EQ(view({1, 1, -1}), Direction::positive);
  EXPECT_EQ(view({1, -1, -1, 0}), Direction::negative);
  EXPECT_EQ(view({1, -1}), Direction::mixed);
  EXPECT_EQ(view({0, 0}), Direction::neutral);
  EXPECT_EQ(view({}), Direction::neutral);
}

TEST(DataView, OnlyMixedSignalsGiveAMixedView) {
  SignalInputs in;
  in.goals = goals(1, 0, 1, 0);
  EXPECT_EQ(one("progress_towards_goals", std::nullopt, in).data_view, Direction::mixed);
}

// ---- disagreement -----------------------------------------------------------------------------

// The example: "progress made towards goals" rated at the top level while most goals
// are off track. Two improving indicators in the same area outweigh the goals in the data view,
// but the specific rule still flags it.
TEST(Disagreement, TopLevelWhileMostGoalsAreOffTrack) {
  SignalInputs in;
  in.goals = goals(1, 0, 3, 0);
  in.trends = {trend("A", "progress_towards_goals", 1.0),
               trend("B", "progress_towards_goals", 1.0)};
  const AreaSignals a = one("progress_towards_goals", 4, in);
  EXPECT_EQ(a.data_view, Direction::positive);
  EXPECT_TRUE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason, "Rated Leading (4 of 4), but 3 of 4 goals are off track.");
}

TEST(Disagreement, TopLevelWithExactlyHalfOffTrackIsNotFlagged) {
  SignalInputs in;
  in.goals = goals(2, 0, 2, 0);
  const AreaSignals a = one("progress_towards_goals", 4, in);
  EXPECT_FALSE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason, "");
}

TEST(Disagreement, GoalsRuleSaysWhenSomeGoalsAreTooEarly) {
  SignalInputs in;
  in.goals = goals(0, 1, 2, 1);
  const AreaSignals a = one("progress_towards_goals", 4, in);
  EXPECT_TRUE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason,
            "Rated Leading (4 of 4), but 2 of the 3 goals that can be judged are off track.");
}

TEST(Disagreement, TopHalfRatingWithANegativeDataView) {
  SignalInputs in;
  in.positions = {position("ASC1", "user_experience_and_participation", 4)};
  in.surveys = {survey("sat", "user_experience_and_participation", -0.061, true),
                survey("trust", "user_experience_and_participation", 0.01, false)};
  const AreaSignals a = one("user_experience_and_participation", 3, in);
  EXPECT_EQ(a.data_view, Direction::negative);
  EXPECT_TRUE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason,
            "Rated Established (3 of 4), but 2 of 3 data signals are negative: Indicator ASC1: "
            "bottom quarter among all councils (rank 120 of 152); \"How satisfied are you?\": 62% "
            "in the top levels, down 6.1 points since 2023-24 (significant).");
}

TEST(Disagreement, BottomHalfRatingWithAPositiveDataView) {
  SignalInputs in;
  in.productivity = productivity(3.0);
  const AreaSignals a = one("cost_control_and_shifting", 2, in);
  EXPECT_TRUE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason,
            "Rated Developing (2 of 4), but 1 of 1 data signal is positive: Productivity up 3.0% "
            "in 2023-24.");
}

TEST(Disagreement, AgreeingOrMixedDataIsNotFlagged) {
  SignalInputs in;
  in.productivity = productivity(3.0);
  EXPECT_FALSE(one("cost_control_and_shifting", 3, in).disagreement);  // top half, positive
  EXPECT_FALSE(one("cost_control_and_shifting", 4, in).disagreement);
  in.productivity = productivity(-3.0);
  EXPECT_FALSE(one("cost_control_and_shifting", 1, in).disagreement);  // bottom half, negative
  SignalInputs mixed;
  mixed.trends = {trend("A", "x", 1.0), trend("B", "x", -1.0, Polarity::higher_is_better, -0.1)};
  EXPECT_FALSE(one("x", 4, mixed).disagreement);
  EXPECT_FALSE(one("x", 1, mixed).disagreement);
}

TEST(Disagreement, TheMiddleLevelOfAnOddScaleIsInNeitherHalf) {
  const Scale five{1, 5, {}};
  SignalInputs up, down;
  up.productivity = productivity(3.0);
  down.productivity = productivity(-3.0);
  EXPECT_FALSE(one("cost_control_and_shifting", 3, up, five).disagreement);
  EXPECT_FALSE(one("cost_control_and_shifting", 3, down, five).disagreement);
  EXPECT_TRUE(one("cost_control_and_shifting", 2, up, five).disagreement);
  EXPECT_TRUE(one("cost_control_and_shifting", 4, down, five).disagreement);
  // Without labels the sentence gives the number only.
  EXPECT_EQ(one("cost_control_and_shifting", 4, down, five).disagreement_reason,
            "Rated 4 of 5, but 1 of 1 data signal is negative: Productivity down 3.0% in "
            "2023-24.");
}

TEST(Disagreement, AScaleNotStartingAtOneIsNamedInFull) {
  const Scale zero_based{0, 3, {"None", "Some", "Most", "All"}};
  SignalInputs in;
  in.productivity = productivity(-3.0);
  const AreaSignals a = one("cost_control_and_shifting", 2, in, zero_based);  // 2 > 1.5
  EXPECT_TRUE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason.rfind("Rated Most (2 on the scale 0 to 3), but 1 of 1", 0), 0u)
      << a.disagreement_reason;
}

TEST(Disagreement, AnUnratedAreaIsNeverFlagged) {
  SignalInputs in;
  in.goals = goals(0, 0, 4, 0);
  const AreaSignals a = one("progress_towards_goals", std::nullopt, in);
  EXPECT_EQ(a.data_view, Direction::negative);
  EXPECT_FALSE(a.disagreement);
  EXPECT_EQ(a.disagreement_reason, "");
}

TEST(Disagreement, AnAreaWithNoDataHasNoSignalsAndNoDisagreement) {
  SignalInputs in;
  in.goals = goals(0, 0, 4, 0);  // all routed elsewhere
  for (int level : {1, 4}) {
    const AreaSignals a = one("innovation", level, in);
    EXPECT_TRUE(a.signals.empty());
    EXPECT_EQ(a.data_view, Direction::neutral);
    EXPECT_FALSE(a.disagreement);
  }
}

// ---- errors -----------------------------------------------------------------------------------

TEST(DeriveSignals, ListsEveryBadInput) {
  SignalInputs in;
  PositionSignalInput bad_quartile = position("A", "x", 1);
  bad_quartile.quartile = 5;
  PositionSignalInput bad_rank = position("B", "x", 1);
  bad_rank.rank = 153;
  PositionSignalInput no_count = position("C", "x", 1);
  no_count.count = 0;
  no_count.rank = 0;
  in.positions = {bad_quartile, bad_rank, no_count};
  in.trends = {trend("T", "x", std::nan(""))};
  in.surveys = {survey("s", "x", 0.1, true)};
  in.surveys[0].share = 1.5;
  in.productivity = productivity(std::numeric_limits<double>::infinity());
  in.ambitions = {{"g", "", std::nan(""), 1.0}};
  const std::vector<AreaRatingInput> areas{{"x", 5}, {"x", 1}, {"", std::nullopt}, {"y", 0}};
  auto r = derive_signals(areas, kPvfScale, in);
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  std::vector<std::string> where;
  for (const auto& d : e.details) where.push_back(d.where);
  EXPECT_EQ(where,
            (std::vector<std::string>{
                "areas[0].level", "areas[1].area_key", "areas[2].area_key", "areas[3].level",
                "ambitions[0].ratio_to_own_trend", "positions[0].quartile", "positions[1].rank",
                "positions[2].count", "positions[2].rank", "trends[0].slope_per_year",
                "productivity.productivity_change_pct", "surveys[0].share"}))
      << e.to_text();
  EXPECT_EQ(e.where, "areas[0].level");
}

TEST(DeriveSignals, RejectsABadScale) {
  SignalInputs in;
  const std::vector<AreaRatingInput> areas{{"x", std::nullopt}};
  auto upside_down = derive_signals(areas, Scale{4, 1, {}}, in);
  ASSERT_FALSE(upside_down);
  EXPECT_EQ(upside_down.error().where, "scale");
  auto labels = derive_signals(areas, Scale{1, 4, {"Low", "High"}}, in);
  ASSERT_FALSE(labels);
  EXPECT_EQ(labels.error().where, "scale.labels");
}

TEST(SignalNames, HaveTheirApiForms) {
  EXPECT_STREQ(to_string(SignalKind::goals), "goals");
  EXPECT_STREQ(to_string(SignalKind::ambition), "ambition");
  EXPECT_STREQ(to_string(SignalKind::comparison), "comparison");
  EXPECT_STREQ(to_string(SignalKind::trend), "trend");
  EXPECT_STREQ(to_string(SignalKind::productivity), "productivity");
  EXPECT_STREQ(to_string(SignalKind::survey), "survey");
  EXPECT_STREQ(to_string(Direction::positive), "positive");
  EXPECT_STREQ(to_string(Direction::negative), "negative");
  EXPECT_STREQ(to_string(Direction::mixed), "mixed");
  EXPECT_STREQ(to_string(Direction::neutral), "neutral");
}

}  // namespace
}  // namespace pvf::measure
