// Tests of the ONS-style productivity engine against arithmetic worked by hand from the formulas
// in productivity.h (no published worked example with exact figures was to hand, so none is
// quoted). Every expected number below is derived in the comment above its check.
#include "measure/productivity.h"

#include <gtest/gtest.h>

#include <cmath>

namespace pvf::measure {
namespace {

Period P(const char* text) { return *Period::parse(text); }

ActivityRecord act(const char* body, const char* period, const char* activity, double volume,
                   double unit_cost, double quality = 1.0) {
  return {body, P(period), activity, volume, unit_cost, quality};
}
InputRecord in(const char* body, const char* period, double expenditure, double deflator,
               const char* input = "") {
  return {body, P(period), input, expenditure, deflator};
}

bool has_warning(const ProductivityResult& r, const std::string& period,
                 const std::string& fragment) {
  for (const auto& w : r.warnings)
    if (w.period == period && w.message.find(fragment) != std::string::npos) return true;
  return false;
}

// The hand-worked example: body A, three years, three activities.
//
// 2019-20  x: q=100 c=10 (cost 1000)   y: q=50 c=20 s=1   (cost 1000)   z: q=20 c=100 (cost 2000)
//          total cost 4000 -> weights x 0.25, y 0.25, z 0.5
// 2020-21  x: q=110 c=10               y: q=50 c=22 s=1.2                z: q=18 c=100
//          relatives x 110/100 = 1.1; y (50·1.2)/(50·1) = 1.2 (quality only); z 18/20 = 0.9
//          link = 0.25·1.1 + 0.25·1.2 + 0.5·0.9 = 0.275 + 0.3 + 0.45 = 1.025 -> output 102.5
//          contributions (points) x 0.25·0.1·100 = 2.5, y 0.25·0.2·100 = 5, z 0.5·(-0.1)·100 = -5;
//          sum 2.5 = (1.025 - 1)·100
// 2021-22  x: q=121 c=10               y: q=60 c=22 s=1.2                z: (no record)
//          z is left out; 2020-21 costs over {x, y}: x 110·10 = 1100, y 50·22 = 1100 (the weight
//          uses unadjusted volume) -> weights 0.5, 0.5 (renormalised; z's 1800 excluded)
//          relatives x 121/110 = 1.1; y (60·1.2)/(50·1.2) = 1.2
//          link = 0.5·1.1 + 0.5·1.2 = 1.15 -> output 102.5·1.15 = 117.875
std::vector<ActivityRecord> example_activity() {
  return {act("A", "2019-20", "x", 100, 10),     act("A", "2019-20", "y", 50, 20),
          act("A", "2019-20", "z", 20, 100),     act("A", "2020-21", "x", 110, 10),
          act("A", "2020-21", "y", 50, 22, 1.2), act("A", "2020-21", "z", 18, 100),
          act("A", "2021-22", "x", 121, 10),     act("A", "2021-22", "y", 60, 22, 1.2)};
}

// Inputs as one total per year (no input column):
// 2019-20  4000 / 100 = 40;  2020-21  4284 / 102 = 42;  2021-22  4635 / 103 = 45
// links 42/40 = 1.05 and 45/42 -> input 100, 105, 112.5
std::vector<InputRecord> example_total_inputs() {
  return {in("A", "2019-20", 4000, 100), in("A", "2020-21", 4284, 102),
          in("A", "2021-22", 4635, 103)};
}

TEST(Productivity, HandWorkedExampleWithTotalInputs) {
  const auto acts = example_activity();
  const auto ins = example_total_inputs();
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->indices.size(), 3u);
  const auto& y0 = r->indices[0];
  const auto& y1 = r->indices[1];
  const auto& y2 = r->indices[2];
  EXPECT_EQ(y0.period, P("2019-20"));
  EXPECT_EQ(y2.period, P("2021-22"));
  EXPECT_DOUBLE_EQ(*y0.output_index, 100.0);
  EXPECT_DOUBLE_EQ(*y0.input_index, 100.0);
  EXPECT_DOUBLE_EQ(*y0.productivity_index, 100.0);
  EXPECT_NEAR(*y1.output_index, 102.5, 1e-12);
  EXPECT_NEAR(*y1.input_index, 105.0, 1e-12);
  EXPECT_NEAR(*y1.productivity_index, 100.0 * 102.5 / 105.0, 1e-12);  // 97.619...
  EXPECT_NEAR(*y2.output_index, 117.875, 1e-12);
  EXPECT_NEAR(*y2.input_index, 112.5, 1e-12);
  EXPECT_NEAR(*y2.productivity_index, 100.0 * 117.875 / 112.5, 1e-12);  // 104.777...
  // z has no record for 2021-22: left out of that link, with a warning on the link's period.
  EXPECT_TRUE(has_warning(*r, "2021-22", "activity 'z' has no record for 2021-22"));
  EXPECT_TRUE(has_warning(*r, "2021-22", "renormalised"));
}

TEST(Productivity, ContributionsAreWeightTimesGrowthAndSumToTheLinkGrowth) {
  const auto acts = example_activity();
  const auto ins = example_total_inputs();
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->contributions.size(), 5u);  // 3 in the 2020-21 link, 2 in 2021-22 (z left out)
  const auto& c = r->contributions;
  EXPECT_EQ(c[0].activity, "x");
  EXPECT_EQ(c[0].period, P("2020-21"));
  EXPECT_NEAR(c[0].cost_share_previous, 0.25, 1e-15);
  EXPECT_NEAR(c[0].growth, 0.1, 1e-15);
  EXPECT_NEAR(c[0].contribution_points, 2.5, 1e-12);
  EXPECT_EQ(c[1].activity, "y");
  EXPECT_NEAR(c[1].growth, 0.2, 1e-15);  // quality 1 -> 1.2 at constant volume
  EXPECT_NEAR(c[1].contribution_points, 5.0, 1e-12);
  EXPECT_EQ(c[2].activity, "z");
  EXPECT_NEAR(c[2].cost_share_previous, 0.5, 1e-15);
  EXPECT_NEAR(c[2].contribution_points, -5.0, 1e-12);
  EXPECT_NEAR(c[0].contribution_points + c[1].contribution_points + c[2].contribution_points,
              (1.025 - 1) * 100, 1e-12);
  // 2021-22: renormalised weights 0.5 / 0.5; points 0.5·0.1·100 = 5 and 0.5·0.2·100 = 10.
  EXPECT_EQ(c[3].period, P("2021-22"));
  EXPECT_NEAR(c[3].cost_share_previous, 0.5, 1e-15);
  EXPECT_NEAR(c[3].contribution_points, 5.0, 1e-12);
  EXPECT_EQ(c[4].activity, "y");
  EXPECT_NEAR(c[4].cost_share_previous, 0.5, 1e-15);
  EXPECT_NEAR(c[4].contribution_points, 10.0, 1e-12);
}

// Inputs by line (input column):
// labour  2019-20 3000/100 = 30   2020-21 3150/105 = 30   2021-22 3300/110 = 30
// goods   2019-20 1000/100 = 10   2020-21 1100/100 = 11   2021-22 1320/110 = 12
// link 2020-21: weights 3000/4000 = 0.75, 0.25 -> 0.75·1 + 0.25·1.1 = 1.025 -> input 102.5
// link 2021-22: weights 3150/4250, 1100/4250 -> (3150·1 + 1100·12/11)/4250 = 4350/4250
//               -> input 102.5·4350/4250 = 104.91176...
// productivity: 100, 100·102.5/102.5 = 100, 100·117.875/(102.5·4350/4250)
TEST(Productivity, InputLinesAreChainLinkedWithNominalExpenditureWeights) {
  const auto acts = example_activity();
  const std::vector<InputRecord> ins = {
      in("A", "2019-20", 3000, 100, "labour"), in("A", "2019-20", 1000, 100, "goods"),
      in("A", "2020-21", 3150, 105, "labour"), in("A", "2020-21", 1100, 100, "goods"),
      in("A", "2021-22", 3300, 110, "labour"), in("A", "2021-22", 1320, 110, "goods")};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->indices.size(), 3u);
  EXPECT_NEAR(*r->indices[1].input_index, 102.5, 1e-12);
  EXPECT_NEAR(*r->indices[1].productivity_index, 100.0, 1e-12);
  const double input2 = 102.5 * 4350.0 / 4250.0;
  EXPECT_NEAR(*r->indices[2].input_index, input2, 1e-12);
  EXPECT_NEAR(*r->indices[2].productivity_index, 100.0 * 117.875 / input2, 1e-12);
}

TEST(Productivity, DeflatorBaseCancelsInTheChainLink) {
  // The same deflator series rebased (÷ 100: 2019-20 = 1) must give the same indices.
  const auto acts = example_activity();
  auto ins = example_total_inputs();
  auto rebased = ins;
  for (auto& r : rebased) r.deflator /= 100.0;
  auto a = compute_productivity(acts, ins);
  auto b = compute_productivity(acts, rebased);
  ASSERT_TRUE(a && b);
  for (size_t k = 0; k < 3; ++k)
    EXPECT_NEAR(*a->indices[k].input_index, *b->indices[k].input_index, 1e-12);
}

TEST(Productivity, LaspeyresLinkIsOnePlusGWhenEveryVolumeGrowsByG) {
  // Whatever the cost weights (here very uneven), uniform growth g = 7% gives a link of 1.07.
  const std::vector<ActivityRecord> acts = {
      act("B", "2022-23", "a", 3, 1234.5), act("B", "2022-23", "b", 700, 2.25),
      act("B", "2022-23", "c", 41, 99),    act("B", "2023-24", "a", 3 * 1.07, 1500),
      act("B", "2023-24", "b", 749, 2.0),  act("B", "2023-24", "c", 41 * 1.07, 120)};
  const std::vector<InputRecord> ins = {in("B", "2022-23", 10, 1), in("B", "2023-24", 10, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  EXPECT_NEAR(*r->indices[1].output_index, 107.0, 1e-10);        // 700·1.07 = 749
  EXPECT_NEAR(*r->indices[1].productivity_index, 107.0, 1e-10);  // inputs flat
}

TEST(Productivity, OneActivityChangingMovesTheIndexByItsCostShare) {
  // Constant unit costs; only b changes, 200 -> 260 (+30%). 2022-23 costs: a 100·5 = 500,
  // b 200·2 = 400, c 10·10 = 100; total 1000 -> b's share 0.4. Link = 1 + 0.4·0.3 = 1.12.
  const std::vector<ActivityRecord> acts = {
      act("B", "2022-23", "a", 100, 5), act("B", "2022-23", "b", 200, 2),
      act("B", "2022-23", "c", 10, 10), act("B", "2023-24", "a", 100, 5),
      act("B", "2023-24", "b", 260, 2), act("B", "2023-24", "c", 10, 10)};
  const std::vector<InputRecord> ins = {in("B", "2022-23", 10, 1), in("B", "2023-24", 10, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  EXPECT_NEAR(*r->indices[1].output_index, 112.0, 1e-12);
}

TEST(Productivity, GapIsLinkedDirectlyWithAWarning) {
  // 2019-20 then 2021-22: link = 120/100 for the output, 50/40 for the inputs.
  const std::vector<ActivityRecord> acts = {act("C", "2019-20", "a", 100, 1),
                                            act("C", "2021-22", "a", 120, 1)};
  const std::vector<InputRecord> ins = {in("C", "2019-20", 40, 1), in("C", "2021-22", 50, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->indices.size(), 2u);
  EXPECT_NEAR(*r->indices[1].output_index, 120.0, 1e-12);
  EXPECT_NEAR(*r->indices[1].input_index, 125.0, 1e-12);
  EXPECT_NEAR(*r->indices[1].productivity_index, 96.0, 1e-12);  // 100·120/125
  EXPECT_TRUE(has_warning(*r, "2021-22", "no activity records between 2019-20 and 2021-22"));
  EXPECT_TRUE(has_warning(*r, "2021-22", "no input records between 2019-20 and 2021-22"));
}

TEST(Productivity, PeriodMissingFromInputsLeavesInputAndProductivityAbsent) {
  // Inputs lack 2020-21: the input chain links 2019-20 -> 2021-22 directly (40 -> 44: 110).
  const std::vector<ActivityRecord> acts = {act("D", "2019-20", "a", 100, 1),
                                            act("D", "2020-21", "a", 105, 1),
                                            act("D", "2021-22", "a", 110, 1)};
  const std::vector<InputRecord> ins = {in("D", "2019-20", 40, 1), in("D", "2021-22", 44, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->indices.size(), 3u);
  EXPECT_NEAR(*r->indices[1].output_index, 105.0, 1e-12);
  EXPECT_FALSE(r->indices[1].input_index.has_value());
  EXPECT_FALSE(r->indices[1].productivity_index.has_value());
  EXPECT_NEAR(*r->indices[2].input_index, 110.0, 1e-12);
  EXPECT_NEAR(*r->indices[2].productivity_index, 100.0, 1e-12);
  EXPECT_TRUE(has_warning(*r, "2020-21", "no input records for this period"));
}

TEST(Productivity, IndicesShareTheFirstCommonPeriodAsReference) {
  // Activity starts a year before the inputs. Output link 2019-20 -> 2020-21 = 110/100 = 1.1;
  // the reference is 2020-21 (first period in both), so output 2019-20 = 100 / 1.1.
  const std::vector<ActivityRecord> acts = {act("E", "2019-20", "a", 100, 1),
                                            act("E", "2020-21", "a", 110, 1),
                                            act("E", "2021-22", "a", 121, 1)};
  const std::vector<InputRecord> ins = {in("E", "2020-21", 50, 1), in("E", "2021-22", 55, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->indices.size(), 3u);
  EXPECT_NEAR(*r->indices[0].output_index, 100.0 / 1.1, 1e-12);
  EXPECT_FALSE(r->indices[0].input_index.has_value());
  EXPECT_DOUBLE_EQ(*r->indices[1].output_index, 100.0);
  EXPECT_DOUBLE_EQ(*r->indices[1].input_index, 100.0);
  EXPECT_NEAR(*r->indices[2].productivity_index, 100.0, 1e-12);  // 110 / 110
  EXPECT_TRUE(has_warning(*r, "2019-20", "no input records for this period"));
}

TEST(Productivity, ZeroVolumeInTheEarlierPeriodIsLeftOutWithAWarning) {
  // b: 0 -> 50. Its 2019-20 weight is 0 anyway; link over {a} only = 120/100.
  // c: 10 -> 0 (service stopped): relative 0. Weights 2019-20 over {a, c}: a 100·1 = 100,
  // c 10·10 = 100 -> 0.5, 0.5; link = 0.5·1.2 + 0.5·0 = 0.6.
  const std::vector<ActivityRecord> acts = {
      act("F", "2019-20", "a", 100, 1), act("F", "2019-20", "b", 0, 3),
      act("F", "2019-20", "c", 10, 10), act("F", "2020-21", "a", 120, 1),
      act("F", "2020-21", "b", 50, 3),  act("F", "2020-21", "c", 0, 10)};
  const std::vector<InputRecord> ins = {in("F", "2019-20", 10, 1), in("F", "2020-21", 10, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_NEAR(*r->indices[1].output_index, 60.0, 1e-12);
  EXPECT_TRUE(has_warning(*r, "2020-21", "activity 'b' has zero volume in 2019-20"));
  ASSERT_EQ(r->contributions.size(), 2u);
  EXPECT_EQ(r->contributions[1].activity, "c");
  EXPECT_NEAR(r->contributions[1].growth, -1.0, 1e-15);
  EXPECT_NEAR(r->contributions[1].contribution_points, -50.0, 1e-12);
}

TEST(Productivity, ChainBreaksWhenNoActivityLinksTheTwoPeriods) {
  // 2020-21 has only activity b, which 2019-20 lacks: nothing to link, so the output index is
  // absent from 2020-21 on (the reference is 2019-20); inputs still chain.
  const std::vector<ActivityRecord> acts = {act("G", "2019-20", "a", 100, 1),
                                            act("G", "2020-21", "b", 100, 1),
                                            act("G", "2021-22", "b", 110, 1)};
  const std::vector<InputRecord> ins = {in("G", "2019-20", 10, 1), in("G", "2020-21", 11, 1),
                                        in("G", "2021-22", 12, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(*r->indices[0].output_index, 100.0);
  EXPECT_FALSE(r->indices[1].output_index.has_value());
  EXPECT_FALSE(r->indices[2].output_index.has_value());
  EXPECT_FALSE(r->indices[2].productivity_index.has_value());
  EXPECT_NEAR(*r->indices[2].input_index, 120.0, 1e-12);
  EXPECT_TRUE(has_warning(*r, "2020-21", "output chain breaks here"));
}

TEST(Productivity, UnitCostsChangeAndCompoundTrend) {
  // Example y: unit cost 20, 22, 22 -> changes absent, +10%, 0%; trend (22/20)^(1/2) - 1.
  // z: 100, 100 over one year -> trend 0. Rows ordered body, activity, period.
  const auto acts = example_activity();
  const auto ins = example_total_inputs();
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->unit_costs.size(), 8u);
  const auto& y1 = r->unit_costs[3];  // x ×3, then y 2019-20, 2020-21, 2021-22
  ASSERT_EQ(y1.activity, "y");
  EXPECT_FALSE(y1.change_from_previous.has_value());
  EXPECT_NEAR(*r->unit_costs[4].change_from_previous, 0.1, 1e-15);
  EXPECT_NEAR(*r->unit_costs[5].change_from_previous, 0.0, 1e-15);
  ASSERT_EQ(r->unit_cost_trends.size(), 3u);
  const auto& ty = r->unit_cost_trends[1];
  EXPECT_EQ(ty.activity, "y");
  EXPECT_EQ(ty.first, P("2019-20"));
  EXPECT_EQ(ty.last, P("2021-22"));
  EXPECT_NEAR(*ty.annual_change, std::sqrt(1.1) - 1.0, 1e-15);  // 0.04880885...
  EXPECT_EQ(r->unit_cost_trends[2].last, P("2020-21"));
  EXPECT_NEAR(*r->unit_cost_trends[2].annual_change, 0.0, 1e-15);
}

TEST(Productivity, UnitCostChangeIsAbsentAcrossAGapAndTrendUsesQuarterYears) {
  // Quarters Q1 -> Q3 (gap at Q2): no change_from_previous for Q3; trend over 0.5 years:
  // (12.1/10)^(1/0.5) - 1 = 1.21^2 - 1 = 0.4641.
  const std::vector<ActivityRecord> acts = {act("H", "2024-25 Q1", "a", 1, 10),
                                            act("H", "2024-25 Q3", "a", 1, 12.1)};
  auto r = compute_productivity(acts, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->unit_costs.size(), 2u);
  EXPECT_FALSE(r->unit_costs[1].change_from_previous.has_value());
  EXPECT_NEAR(*r->unit_cost_trends[0].annual_change, 0.4641, 1e-12);
}

TEST(Productivity, SinglePeriodTrendHasNoAnnualChange) {
  const std::vector<ActivityRecord> acts = {act("H", "2024-25", "a", 1, 10)};
  auto r = compute_productivity(acts, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->unit_cost_trends.size(), 1u);
  EXPECT_FALSE(r->unit_cost_trends[0].annual_change.has_value());
}

TEST(Productivity, BodyWithoutInputsGetsOneBodyLevelWarning) {
  const std::vector<ActivityRecord> acts = {act("K", "2019-20", "a", 1, 1),
                                            act("K", "2020-21", "a", 2, 1)};
  auto r = compute_productivity(acts, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->indices.size(), 2u);
  EXPECT_NEAR(*r->indices[1].output_index, 200.0, 1e-12);
  EXPECT_FALSE(r->indices[1].input_index.has_value());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].period, "");
  EXPECT_NE(r->warnings[0].message.find("no input records for this body"), std::string::npos);
}

TEST(Productivity, RowsAreSortedByBodyThenPeriodWhateverTheInputOrder) {
  const std::vector<ActivityRecord> acts = {
      act("Z", "2020-21", "a", 2, 1), act("M", "2020-21", "a", 3, 1),
      act("Z", "2019-20", "a", 1, 1), act("M", "2019-20", "a", 1, 1)};
  const std::vector<InputRecord> ins = {in("M", "2020-21", 1, 1), in("Z", "2019-20", 1, 1),
                                        in("M", "2019-20", 1, 1), in("Z", "2020-21", 1, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->indices.size(), 4u);
  EXPECT_EQ(r->indices[0].body, "M");
  EXPECT_EQ(r->indices[1].period, P("2020-21"));
  EXPECT_NEAR(*r->indices[1].productivity_index, 300.0, 1e-12);
  EXPECT_EQ(r->indices[2].body, "Z");
  EXPECT_NEAR(*r->indices[3].productivity_index, 200.0, 1e-12);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(Productivity, BadNumbersAreAllReported) {
  const std::vector<ActivityRecord> acts = {
      act("A", "2019-20", "a", -1, 1),                               // negative volume
      act("A", "2019-20", "b", 1, 0),                                // zero unit cost
      act("A", "2019-20", "c", 1, 1, std::nan("")),                  // quality not finite
      act("A", "2019-20", "d", 0, 1, 1)};                            // zero volume: fine
  const std::vector<InputRecord> ins = {in("A", "2019-20", 1, 0),    // zero deflator
                                        in("A", "2020-21", -5, 1)};  // negative expenditure
  auto r = compute_productivity(acts, ins);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  ASSERT_EQ(r.error().details.size(), 5u) << r.error().to_text();
  EXPECT_EQ(r.error().where, "activities[0]");
  EXPECT_NE(r.error().details[0].message.find("volume is negative"), std::string::npos);
  EXPECT_NE(r.error().details[1].message.find("unit_cost must be positive"), std::string::npos);
  EXPECT_NE(r.error().details[2].message.find("quality is not finite"), std::string::npos);
  EXPECT_EQ(r.error().details[3].where, "inputs[0]");
  EXPECT_NE(r.error().details[3].message.find("deflator must be positive"), std::string::npos);
  EXPECT_NE(r.error().details[4].message.find("expenditure is negative"), std::string::npos);
}

TEST(Productivity, CostsTooLargeToRepresentAreErrors) {
  // 1e200 × 1e200 overflows a double: the cost weight would be inf and the index NaN.
  const std::vector<ActivityRecord> acts = {act("A", "2019-20", "a", 1e200, 1e200)};
  const std::vector<InputRecord> ins = {in("A", "2019-20", 1e300, 1e-300)};
  auto r = compute_productivity(acts, ins);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 2u) << r.error().to_text();
  EXPECT_NE(r.error().details[0].message.find("too large"), std::string::npos);
  EXPECT_EQ(r.error().details[1].where, "inputs[0]");
}

TEST(Productivity, DuplicatesAreErrors) {
  const std::vector<ActivityRecord> acts = {act("A", "2019-20", "a", 1, 1),
                                            act("A", "2019-20", "a", 2, 1)};
  const std::vector<InputRecord> ins = {in("A", "2019-20", 1, 1), in("A", "2019-20", 2, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(r.error().details[0].where, "activities[1]");
  EXPECT_NE(r.error().details[0].message.find("duplicate of activities[0]"), std::string::npos);
  EXPECT_EQ(r.error().details[1].where, "inputs[1]");
}

TEST(Productivity, MixedPeriodKindsAndMixedInputNamingAreErrors) {
  const std::vector<ActivityRecord> acts = {act("A", "2019-20", "a", 1, 1),
                                            act("A", "2020", "a", 1, 1)};
  const std::vector<InputRecord> ins = {in("B", "2019-20", 1, 1, "labour"),
                                        in("B", "2020-21", 1, 1)};
  auto r = compute_productivity(acts, ins);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 2u) << r.error().to_text();
  EXPECT_NE(r.error().details[0].message.find("mixes kinds of period"), std::string::npos);
  EXPECT_NE(r.error().details[1].message.find("mixes total-input records"), std::string::npos);
}

TEST(Productivity, EmptyInputGivesEmptyResult) {
  auto r = compute_productivity({}, {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->indices.empty());
  EXPECT_TRUE(r->warnings.empty());
}

}  // namespace
}  // namespace pvf::measure
