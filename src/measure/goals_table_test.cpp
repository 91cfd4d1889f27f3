#include "measure/goals_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pvf::measure {
namespace {

csv::Table table(const std::string& text, const std::string& name) {
  auto t = csv::parse(text, name);
  EXPECT_TRUE(t) << t.error().to_text();
  return *t;
}

std::vector<std::string> wheres(const Error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details) out.push_back(d.where);
  return out;
}

TEST(ReadGoals, ReadsEveryColumnInAnyOrderAndCase) {
  auto t = table(
      "Target_Value,GOAL,body,indicator,polarity,baseline_period,baseline_value,target_period,"
      "note\n"
      "65,g1,Leeds,ASC1,higher,2020-21,45,2025-26,x\n"
      "+20,g2,York,ASC6,Lower is better,2019,30.5,2023,\n",
      "goals.csv");
  auto goals = read_goals(t);
  ASSERT_TRUE(goals) << goals.error().to_text();
  ASSERT_EQ(goals->size(), 2u);
  const GoalSpec& a = (*goals)[0];
  EXPECT_EQ(a.id, "g1");
  EXPECT_EQ(a.body, "Leeds");
  EXPECT_EQ(a.indicator, "ASC1");
  EXPECT_EQ(a.polarity, Polarity::higher_is_better);
  EXPECT_EQ(a.baseline_period.to_string(), "2020-21");
  EXPECT_EQ(a.baseline_value, 45);
  EXPECT_EQ(a.target_period.to_string(), "2025-26");
  EXPECT_EQ(a.target_value, 65);
  const GoalSpec& b = (*goals)[1];
  EXPECT_EQ(b.id, "g2");
  EXPECT_EQ(b.polarity, Polarity::lower_is_better);
  EXPECT_EQ(b.baseline_period.kind(), Period::Kind::calendar_year);
  EXPECT_EQ(b.baseline_value, 30.5);
  EXPECT_EQ(b.target_value, 20);
}

TEST(ReadGoals, NamesEveryMissingColumn) {
  auto t = table("goal,body,indicator,polarity,baseline_period,target_period\n", "goals.csv");
  auto goals = read_goals(t);
  ASSERT_FALSE(goals);
  EXPECT_EQ(wheres(goals.error()),
            (std::vector<std::string>{"goals.csv:1:baseline_value", "goals.csv:1:target_value"}));
  EXPECT_EQ(goals.error().where, "goals.csv:1:baseline_value");
  EXPECT_NE(goals.error().message.find("missing column"), std::string::npos);
}

TEST(ReadGoals, ReportsEveryBadCellByLineAndColumn) {
  auto t = table(
      "goal,body,indicator,polarity,baseline_period,baseline_value,target_period,target_value\n"
      "g1,Leeds,ASC1,higher,2020-21,45,2025-26,65\n"  // line 2: fine
      "g1,,ASC1,sideways,2020/21,abc,2025-26,inf\n"   // line 3
      "g3,York,ASC1,neutral,2020-21,1,2025,2\n"       // line 4
      "g4,York,ASC1,lower,2024-25,1,2020-21,\n",      // line 5
      "goals.csv");
  auto goals = read_goals(t);
  ASSERT_FALSE(goals);
  EXPECT_EQ(wheres(goals.error()), (std::vector<std::string>{
                                       "goals.csv:3:body",
                                       "goals.csv:3:goal",  // duplicate of line 2
                                       "goals.csv:3:polarity", "goals.csv:3:baseline_period",
                                       "goals.csv:3:baseline_value", "goals.csv:3:target_value",
                                       "goals.csv:4:polarity",       // neutral
                                       "goals.csv:4:target_period",  // other kind
                                       "goals.csv:5:target_period",  // before the baseline
                                       "goals.csv:5:target_value",   // empty
                                   }));
  const auto& d = goals.error().details;
  EXPECT_NE(d[1].message.find("line 2"), std::string::npos) << d[1].message;
  EXPECT_NE(d[2].message.find("sideways"), std::string::npos) << d[2].message;
  EXPECT_NE(d[4].message.find("not a number"), std::string::npos) << d[4].message;
  EXPECT_NE(d[5].message.find("not a finite number"), std::string::npos) << d[5].message;
  EXPECT_NE(d[6].message.find("direction"), std::string::npos) << d[6].message;
  EXPECT_NE(d[8].message.find("after"), std::string::npos) << d[8].message;
  EXPECT_EQ(goals.error().where, "goals.csv:3:body");
}

TEST(ReadObservations, GroupsByBodyAndIndicatorSortedByPeriod) {
  auto t = table(
      "indicator,body,value,period\n"
      "ASC1,Leeds,7.4,2022-23\n"
      "ASC1,Leeds,7.1,2020-21\n"
      "ASC1,York,-0.5,2022-23\n"
      "ASC2,Leeds,1e3,2021\n",
      "obs.csv");
  auto obs = read_observations(t);
  ASSERT_TRUE(obs) << obs.error().to_text();
  ASSERT_EQ(obs->size(), 3u);
  const auto& leeds = obs->at({"Leeds", "ASC1"});
  ASSERT_EQ(leeds.size(), 2u);
  EXPECT_EQ(leeds[0].period.to_string(), "2020-21");
  EXPECT_EQ(leeds[0].value, 7.1);
  EXPECT_EQ(leeds[1].period.to_string(), "2022-23");
  EXPECT_EQ(leeds[1].value, 7.4);
  EXPECT_EQ(obs->at({"York", "ASC1"})[0].value, -0.5);
  EXPECT_EQ(obs->at({"Leeds", "ASC2"})[0].value, 1000);
  EXPECT_EQ(obs->at({"Leeds", "ASC2"})[0].period.kind(), Period::Kind::calendar_year);
}

TEST(ReadObservations, ReportsDuplicatesMixedKindsAndBadCells) {
  auto t = table(
      "body,indicator,period,value\n"
      "Leeds,ASC1,2020-21,7\n"    // line 2
      "Leeds,ASC1,2020-21,8\n"    // line 3: same period again
      "Leeds,ASC1,2021,8\n"       // line 4: calendar year in a financial-year series
      "York,,2020-21Q1,\n"        // line 5: empty indicator, bad period, empty value
      "York,ASC1,2020-21,nan\n",  // line 6
      "obs.csv");
  auto obs = read_observations(t);
  ASSERT_FALSE(obs);
  EXPECT_EQ(wheres(obs.error()), (std::vector<std::string>{
                                     "obs.csv:3:period",
                                     "obs.csv:4:period",
                                     "obs.csv:5:indicator",
                                     "obs.csv:5:period",
                                     "obs.csv:5:value",
                                     "obs.csv:6:value",
                                 }));
  const auto& d = obs.error().details;
  EXPECT_NE(d[0].message.find("line 2"), std::string::npos) << d[0].message;
  EXPECT_NE(d[1].message.find("line 2"), std::string::npos) << d[1].message;
  EXPECT_NE(d[4].message.find("empty"), std::string::npos) << d[4].message;
  EXPECT_NE(d[5].message.find("finite"), std::string::npos) << d[5].message;
}

TEST(ReadObservations, NamesAMissingColumn) {
  auto t = table("body,indicator,period\nLeeds,ASC1,2020-21\n", "obs.csv");
  auto obs = read_observations(t);
  ASSERT_FALSE(obs);
  EXPECT_EQ(wheres(obs.error()), (std::vector<std::string>{"obs.csv:1:value"}));
}

TEST(ReadObservations, AnEmptyFileHasNoSeries) {
  auto t = table("body,indicator,period,value\n", "obs.csv");
  auto obs = read_observations(t);
  ASSERT_TRUE(obs);
  EXPECT_TRUE(obs->empty());
}

}  // namespace
}  // namespace pvf::measure
