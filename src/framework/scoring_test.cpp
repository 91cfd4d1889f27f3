#include "framework/scoring.h"

#include <gtest/gtest.h>

namespace pvf::framework {
namespace {

using nlohmann::json;

Area area(const std::string& key) {
  return Area{key, "Area " + key, {"Q1?", "Q2?"}, {{1, "d1"}, {2, "d2"}, {3, "d3"}, {4, "d4"}}};
}

// Pillar p1 has areas a1..a4, pillar p2 has b1, b2; a 1..4 scale.
Framework fixture(Aggregation area_to_pillar = Aggregation::mean,
                  Aggregation pillar_to_overall = Aggregation::mean) {
  Framework f;
  f.key = "t";
  f.version = "1";
  f.title = "Test";
  f.scale = {{1, "One", ""}, {2, "Two", ""}, {3, "Three", ""}, {4, "Four", ""}};
  f.scoring = {area_to_pillar, pillar_to_overall};
  f.pillars = {{"p1", "Pillar one", {area("a1"), area("a2"), area("a3"), area("a4")}},
               {"p2", "Pillar two", {area("b1"), area("b2")}}};
  return f;
}

const LevelMap kAllRated{{"a1", 1}, {"a2", 2}, {"a3", 4}, {"a4", 4}, {"b1", 3}, {"b2", 2}};

TEST(Aggregate, EmptyListHasNoValue) {
  EXPECT_FALSE(aggregate(Aggregation::mean, {}));
  EXPECT_FALSE(aggregate(Aggregation::median, {}));
  EXPECT_FALSE(aggregate(Aggregation::min, {}));
}

TEST(Aggregate, MeanMedianAndMinOfHandPickedValues) {
  EXPECT_DOUBLE_EQ(*aggregate(Aggregation::mean, {1, 2, 4, 4}), 2.75);
  EXPECT_DOUBLE_EQ(*aggregate(Aggregation::median, {4, 1, 3}), 3.0);       // odd count
  EXPECT_DOUBLE_EQ(*aggregate(Aggregation::median, {4, 1, 2, 4}), 3.0);    // (2 + 4) / 2
  EXPECT_DOUBLE_EQ(*aggregate(Aggregation::median, {3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(*aggregate(Aggregation::min, {3, 1.5, 2}), 1.5);
  EXPECT_DOUBLE_EQ(*aggregate(Aggregation::mean, {3}), 3.0);
}

TEST(Scorecard, MeanOfMeansWhenEveryAreaIsRated) {
  Scorecard s = compute_scorecard(fixture(), kAllRated);
  ASSERT_EQ(s.pillars.size(), 2u);
  EXPECT_DOUBLE_EQ(*s.pillars[0].score, 2.75);  // (1 + 2 + 4 + 4) / 4
  EXPECT_DOUBLE_EQ(*s.pillars[1].score, 2.5);   // (3 + 2) / 2
  EXPECT_DOUBLE_EQ(*s.overall, 2.625);          // (2.75 + 2.5) / 2
  EXPECT_EQ(s.pillars[0].rated, 4);
  EXPECT_EQ(s.pillars[1].rated, 2);
  EXPECT_TRUE(s.complete);
  EXPECT_FALSE(s.previous_overall);
  EXPECT_FALSE(s.change);
  EXPECT_FALSE(s.pillars[0].areas[0].previous_level);
}

TEST(Scorecard, AreasAppearInFrameworkOrderWithTitles) {
  Scorecard s = compute_scorecard(fixture(), kAllRated);
  ASSERT_EQ(s.pillars[0].areas.size(), 4u);
  EXPECT_EQ(s.pillars[0].key, "p1");
  EXPECT_EQ(s.pillars[0].title, "Pillar one");
  EXPECT_EQ(s.pillars[0].areas[2].key, "a3");
  EXPECT_EQ(s.pillars[0].areas[2].title, "Area a3");
  EXPECT_EQ(s.pillars[0].areas[2].level, 4);
}

TEST(Scorecard, MedianWithEvenCountAveragesTheMiddleTwo) {
  Scorecard s = compute_scorecard(fixture(Aggregation::median, Aggregation::median), kAllRated);
  EXPECT_DOUBLE_EQ(*s.pillars[0].score, 3.0);  // sorted 1 2 4 4 -> (2 + 4) / 2
  EXPECT_DOUBLE_EQ(*s.pillars[1].score, 2.5);  // (2 + 3) / 2
  EXPECT_DOUBLE_EQ(*s.overall, 2.75);          // (2.5 + 3) / 2
}

TEST(Scorecard, MinIsTheWeakestLink) {
  Scorecard s = compute_scorecard(fixture(Aggregation::min, Aggregation::min), kAllRated);
  EXPECT_DOUBLE_EQ(*s.pillars[0].score, 1.0);
  EXPECT_DOUBLE_EQ(*s.pillars[1].score, 2.0);
  EXPECT_DOUBLE_EQ(*s.overall, 1.0);
}

TEST(Scorecard, MixedRulesApplyEachAtItsOwnStep) {
  Scorecard s = compute_scorecard(fixture(Aggregation::min, Aggregation::mean), kAllRated);
  EXPECT_DOUBLE_EQ(*s.overall, 1.5);  // (1 + 2) / 2
}

TEST(Scorecard, PartiallyRatedUsesOnlyRatedAreasAndScoredPillars) {
  Scorecard s = compute_scorecard(fixture(), {{"a1", 3}, {"a3", 2}});
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.pillars[0].rated, 2);
  EXPECT_DOUBLE_EQ(*s.pillars[0].score, 2.5);
  EXPECT_EQ(s.pillars[1].rated, 0);
  EXPECT_FALSE(s.pillars[1].score);
  EXPECT_DOUBLE_EQ(*s.overall, 2.5);  // only p1 has a score
  EXPECT_FALSE(s.pillars[0].areas[1].level);
}

TEST(Scorecard, NothingRatedHasNoOverall) {
  Scorecard s = compute_scorecard(fixture(), {});
  EXPECT_FALSE(s.overall);
  EXPECT_FALSE(s.complete);
  EXPECT_FALSE(s.pillars[0].score);
}

TEST(Scorecard, RatingsForUnknownAreasAreIgnored) {
  LevelMap levels = kAllRated;
  levels["not_an_area"] = 1;
  Scorecard s = compute_scorecard(fixture(), levels);
  EXPECT_DOUBLE_EQ(*s.overall, 2.625);
  EXPECT_TRUE(s.complete);
}

TEST(Scorecard, PreviousAssessmentGivesChanges) {
  LevelMap previous{{"a1", 1}, {"a2", 1}, {"a3", 3}, {"a4", 2}, {"b1", 3}};
  Scorecard s = compute_scorecard(fixture(), kAllRated, &previous);
  const auto& a = s.pillars[0].areas;
  EXPECT_EQ(a[0].change, 0);
  EXPECT_EQ(a[1].change, 1);
  EXPECT_EQ(a[2].change, 1);
  EXPECT_EQ(a[3].previous_level, 2);
  EXPECT_EQ(a[3].change, 2);
  EXPECT_EQ(s.pillars[1].areas[0].change, 0);
  EXPECT_FALSE(s.pillars[1].areas[1].previous_level);  // b2 was not rated before
  EXPECT_FALSE(s.pillars[1].areas[1].change);
  EXPECT_DOUBLE_EQ(*s.pillars[0].previous_score, 1.75);  // (1 + 1 + 3 + 2) / 4
  EXPECT_DOUBLE_EQ(*s.pillars[0].change, 1.0);           // 2.75 - 1.75
  EXPECT_DOUBLE_EQ(*s.pillars[1].previous_score, 3.0);
  EXPECT_DOUBLE_EQ(*s.pillars[1].change, -0.5);          // 2.5 - 3
  EXPECT_DOUBLE_EQ(*s.previous_overall, 2.375);          // (1.75 + 3) / 2
  EXPECT_DOUBLE_EQ(*s.change, 0.25);                     // 2.625 - 2.375
}

TEST(Scorecard, PreviousFromAFrameworkWithDifferentAreasMatchesByKey) {
  // The previous assessment used an older framework: a1 survives, the others are gone.
  LevelMap previous{{"a1", 2}, {"old_area", 1}, {"retired", 4}};
  LevelMap current{{"a1", 4}, {"a2", 2}, {"b1", 2}};
  Scorecard s = compute_scorecard(fixture(), current, &previous);
  EXPECT_EQ(s.pillars[0].areas[0].previous_level, 2);
  EXPECT_EQ(s.pillars[0].areas[0].change, 2);
  EXPECT_FALSE(s.pillars[0].areas[1].previous_level);
  EXPECT_DOUBLE_EQ(*s.pillars[0].score, 3.0);           // (4 + 2) / 2
  EXPECT_DOUBLE_EQ(*s.pillars[0].previous_score, 2.0);  // only a1 matched
  EXPECT_DOUBLE_EQ(*s.pillars[0].change, 1.0);
  EXPECT_FALSE(s.pillars[1].previous_score);
  EXPECT_FALSE(s.pillars[1].change);
  EXPECT_DOUBLE_EQ(*s.overall, 2.5);            // (3 + 2) / 2
  EXPECT_DOUBLE_EQ(*s.previous_overall, 2.0);   // only p1 had a previous score
  EXPECT_DOUBLE_EQ(*s.change, 0.5);
  for (const auto& p : s.pillars)
    for (const auto& a : p.areas) EXPECT_NE(a.key, "old_area");
}

TEST(ScorecardJson, RoundsToTwoDecimalsAndWritesNulls) {
  // p1: (1 + 2 + 2) / 3 = 1.6667; p2 unrated; overall 1.6667.
  Scorecard s = compute_scorecard(fixture(), {{"a1", 1}, {"a2", 2}, {"a3", 2}});
  EXPECT_NEAR(*s.pillars[0].score, 5.0 / 3.0, 1e-12);  // unrounded in the struct
  json j = to_json(s);
  EXPECT_EQ(j["complete"], false);
  EXPECT_DOUBLE_EQ(j["overall"].get<double>(), 1.67);
  EXPECT_TRUE(j["previous_overall"].is_null());
  EXPECT_TRUE(j["change"].is_null());
  ASSERT_EQ(j["pillars"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["pillars"][0]["score"].get<double>(), 1.67);
  EXPECT_EQ(j["pillars"][0]["rated"], 3);
  EXPECT_TRUE(j["pillars"][1]["score"].is_null());
  const json& a4 = j["pillars"][0]["areas"][3];
  EXPECT_EQ(a4["key"], "a4");
  EXPECT_EQ(a4["title"], "Area a4");
  EXPECT_TRUE(a4["level"].is_null());
  EXPECT_TRUE(a4["previous_level"].is_null());
  EXPECT_TRUE(a4["change"].is_null());
  EXPECT_EQ(j["pillars"][0]["areas"][1]["level"], 2);
}

TEST(ScorecardJson, RoundsHalfAwayFromZeroAndShowsChanges) {
  LevelMap previous{{"a1", 1}, {"a2", 1}, {"a3", 3}, {"a4", 2}, {"b1", 3}};
  json j = to_json(compute_scorecard(fixture(), kAllRated, &previous));
  EXPECT_DOUBLE_EQ(j["overall"].get<double>(), 2.63);           // 2.625
  EXPECT_DOUBLE_EQ(j["previous_overall"].get<double>(), 2.38);  // 2.375
  EXPECT_DOUBLE_EQ(j["change"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(j["pillars"][1]["change"].get<double>(), -0.5);
  EXPECT_EQ(j["pillars"][0]["areas"][3]["change"], 2);
  EXPECT_EQ(j["pillars"][0]["areas"][3]["previous_level"], 2);
  EXPECT_EQ(j["complete"], true);
}

TEST(CheckLevels, ReportsUnknownAreasAndLevelsOffTheScale) {
  auto problems = check_levels(fixture(), {{"a1", 4}, {"a2", 5}, {"zz", 1}, {"b1", 0}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].where, "a2");
  EXPECT_NE(problems[0].message.find("not on the scale"), std::string::npos);
  EXPECT_EQ(problems[1].where, "b1");
  EXPECT_EQ(problems[2].where, "zz");
  EXPECT_NE(problems[2].message.find("not an area"), std::string::npos);
  EXPECT_TRUE(check_levels(fixture(), kAllRated).empty());
}

}  // namespace
}  // namespace pvf::framework
