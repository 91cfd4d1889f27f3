#include <gtest/gtest.h>

#include "measure/signals.h"

namespace pvf::measure {
namespace {

EfficiencySignalInput run(std::optional<double> efficiency, std::optional<int64_t> rank,
                          int64_t units = 8) {
  EfficiencySignalInput e;
  e.run_title = "Efficiency 2023-24";
  e.period = "2023-24";
  e.group_label = "All bodies with data";
  e.rts = "vrs";
  e.status = "optimal";
  e.efficiency = efficiency;
  e.rank = rank;
  e.units = units;
  e.efficient = 3;
  return e;
}

TEST(EfficiencySignal, AFrontierBodyIsPositiveWhateverItsRank) {
  auto s = efficiency_signal(run(1.0, 1));
  EXPECT_EQ(s.kind, SignalKind::efficiency);
  EXPECT_EQ(s.direction, Direction::positive);
  EXPECT_EQ(s.headline, "On the efficiency frontier of 8 bodies");
  EXPECT_NE(s.detail.find("VRS input-oriented DEA, 2023-24"), std::string::npos) << s.detail;
  EXPECT_NE(s.detail.find("not an absolute standard"), std::string::npos);
}

// 8 units: quarters of ceil(8 / 4) = 2 ranks: 1-2 best, 7-8 worst.
TEST(EfficiencySignal, QuartersByRankGivePositiveNeutralAndNegative) {
  EXPECT_EQ(efficiency_signal(run(0.95, 2)).direction, Direction::positive);
  EXPECT_EQ(efficiency_signal(run(0.90, 3)).direction, Direction::neutral);
  EXPECT_EQ(efficiency_signal(run(0.85, 6)).direction, Direction::neutral);
  auto worst = efficiency_signal(run(0.70, 7));
  EXPECT_EQ(worst.direction, Direction::negative);
  EXPECT_EQ(worst.headline, "Efficiency 0.70, ranked 7 of 8 bodies");
}

TEST(EfficiencySignal, OutputOrientationJudgesOneOverPhiAndSaysHowMuchMoreOutput) {
  auto e = run(1.25, 8);
  e.input_orientation = false;
  e.improvements = {{"Activity: home_care_hours", 0.25}};
  e.peers = {"Leeds", "Kent"};
  auto s = efficiency_signal(e);
  EXPECT_EQ(s.headline, "Efficiency 0.80, ranked 8 of 8 bodies");
  EXPECT_EQ(s.direction, Direction::negative);
  EXPECT_NE(s.detail.find("Peers: Leeds, Kent."), std::string::npos) << s.detail;
  EXPECT_NE(s.detail.find("Activity: home_care_hours: 25.0% more"), std::string::npos) << s.detail;
}

TEST(EfficiencySignal, InfeasibleUnderSuperEfficiencyIsOnTheFrontierElseNoScore) {
  auto e = run(std::nullopt, std::nullopt);
  e.status = "infeasible";
  e.super_efficiency = true;
  EXPECT_EQ(efficiency_signal(e).direction, Direction::positive);
  e.super_efficiency = false;
  auto s = efficiency_signal(e);
  EXPECT_EQ(s.direction, Direction::neutral);
  EXPECT_EQ(s.headline, "No efficiency score (infeasible)");
}

TEST(MalmquistSignal, HalfAPercentEitherWayIsBroadlyFlat) {
  MalmquistSignalInput m{"Productivity change", "2022-23", "2023-24", "All bodies with data",
                         1.032, 1.01, 1.0218, 0.99, 8};
  auto up = malmquist_signal(m);
  EXPECT_EQ(up.kind, SignalKind::malmquist);
  EXPECT_EQ(up.direction, Direction::positive);
  EXPECT_EQ(up.headline, "Malmquist productivity up 3.2% from 2022-23 to 2023-24");
  EXPECT_NE(up.detail.find("median 0.990 across 8 bodies"), std::string::npos) << up.detail;
  m.malmquist = 1.004;
  EXPECT_EQ(malmquist_signal(m).direction, Direction::neutral);
  m.malmquist = 0.99;
  EXPECT_EQ(malmquist_signal(m).direction, Direction::negative);
}

TEST(DeriveSignals, EfficiencyGoesToBenchmarkingAndMalmquistToCostControl) {
  SignalInputs in;
  in.efficiency = run(0.7, 8);
  in.malmquist = MalmquistSignalInput{"t", "2022-23", "2023-24", "g", 1.1, 1.0, 1.1, {}, 0};
  std::vector<AreaRatingInput> areas = {{"benchmarking", 4}, {"cost_control_and_shifting", 1}};
  auto out = derive_signals(areas, Scale{}, in);
  ASSERT_TRUE(out);
  ASSERT_EQ((*out)[0].signals.size(), 1u);
  EXPECT_EQ((*out)[0].signals[0].kind, SignalKind::efficiency);
  EXPECT_TRUE((*out)[0].disagreement);  // rated 4 of 4, bottom of the efficiency ranking
  ASSERT_EQ((*out)[1].signals.size(), 1u);
  EXPECT_EQ((*out)[1].signals[0].kind, SignalKind::malmquist);
  EXPECT_TRUE((*out)[1].disagreement);  // rated 1 of 4, productivity up 10%
}

}  // namespace
}  // namespace pvf::measure
