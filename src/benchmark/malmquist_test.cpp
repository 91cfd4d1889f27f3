#include "benchmark/malmquist.h"

#include <gtest/gtest.h>

#include "core/csv.h"

namespace pvf::benchmark {
namespace {

DeaPanel panel_from(std::string_view text) {
  auto t = csv::parse(text, "panel.csv");
  EXPECT_TRUE(t);
  auto p = read_dea_panel(*t, {"unit", {"x"}, {"y"}}, "year");
  EXPECT_TRUE(p) << (p ? "" : p.error().to_text());
  return *p;
}

// With one input and one output under CRS, every distance is a ratio of productivities (y/x)
// to the period's best: malmquist = own productivity growth, technical change = growth of the
// best productivity, efficiency change = the ratio of the two.
TEST(Malmquist, OneInputOneOutputReducesToProductivityRatios) {
  const auto p = panel_from(
      "unit,year,x,y\n"
      "A,2020,2,2\nB,2020,4,2\nC,2020,5,2\n"    // best 1.0 (A)
      "A,2021,2,3\nB,2021,4,4\nC,2021,5,2\n");  // best 1.5 (A)
  auto r = run_malmquist(p, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows.size(), 3u);
  const auto& b = r->rows[1];
  EXPECT_EQ(b.unit, "B");
  EXPECT_EQ(p.periods[b.period_from], "2020");
  EXPECT_EQ(p.periods[b.period_to], "2021");
  EXPECT_NEAR(b.malmquist, 2.0, 1e-9);                    // 1.0 / 0.5
  EXPECT_NEAR(b.technical_change, 1.5, 1e-9);             // 1.5 / 1.0
  EXPECT_NEAR(b.efficiency_change, (1.0 / 1.5) / 0.5, 1e-9);
  const auto& c = r->rows[2];
  EXPECT_NEAR(c.malmquist, 1.0, 1e-9);  // C did not change: productivity steady
  EXPECT_LT(c.efficiency_change, 1.0);  // ... so it fell behind the frontier
  EXPECT_FALSE(b.pure_efficiency_change);
}

TEST(Malmquist, OrientationDoesNotChangeCrsIndices) {
  const auto p = panel_from(
      "unit,year,x,y\nA,1,2,2\nB,1,4,3\nC,1,6,5\nA,2,2,3\nB,2,3,3\nC,2,6,4\n");
  auto in = run_malmquist(p, {});
  auto out = run_malmquist(p, {.orientation = Orientation::output});
  ASSERT_TRUE(in && out);
  for (std::size_t k = 0; k < in->rows.size(); ++k) {
    EXPECT_NEAR(in->rows[k].malmquist, out->rows[k].malmquist, 1e-9);
    EXPECT_NEAR(in->rows[k].efficiency_change, out->rows[k].efficiency_change, 1e-9);
  }
}

TEST(Malmquist, VrsSplitsEfficiencyChangeIntoPureAndScale) {
  const auto p = panel_from(
      "unit,year,x,y\nA,1,1,1\nB,1,2,3\nC,1,4,4\nD,1,3,2\n"
      "A,2,1,1.2\nB,2,2,3\nC,2,4,4.5\nD,2,3,2.5\n");
  auto r = run_malmquist(p, {.rts = ReturnsToScale::vrs});
  ASSERT_TRUE(r);
  for (const auto& row : r->rows) {
    ASSERT_TRUE(row.pure_efficiency_change && row.scale_efficiency_change) << row.unit;
    EXPECT_NEAR(*row.pure_efficiency_change * *row.scale_efficiency_change,
                row.efficiency_change, 1e-9);
    EXPECT_NEAR(row.efficiency_change * row.technical_change, row.malmquist, 1e-9);
  }
}

TEST(Malmquist, UnitsMissingFromAPeriodGetNoRowForThatPair) {
  const auto p = panel_from(
      "unit,year,x,y\nA,1,2,2\nB,1,4,3\n"
      "A,2,2,3\nC,2,3,3\n"
      "A,3,2,3\nB,3,4,4\nC,3,3,3\n");
  auto r = run_malmquist(p, {});
  ASSERT_TRUE(r);
  std::vector<std::string> got;
  for (const auto& row : r->rows)
    got.push_back(row.unit + ":" + p.periods[row.period_from] + "-" + p.periods[row.period_to]);
  EXPECT_EQ(got, (std::vector<std::string>{"A:1-2", "A:2-3", "C:2-3"}));
}

TEST(Malmquist, RefusesOnePeriodAndOtherReturnsToScale) {
  const auto one = panel_from("unit,year,x,y\nA,1,2,2\nB,1,4,3\n");
  auto r = run_malmquist(one, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("at least two periods"), std::string::npos);
  const auto two = panel_from("unit,year,x,y\nA,1,2,2\nA,2,4,3\n");
  auto nirs = run_malmquist(two, {.rts = ReturnsToScale::nirs});
  ASSERT_FALSE(nirs);
  EXPECT_NE(nirs.error().message.find("nirs"), std::string::npos);
}

TEST(Malmquist, ProgressCanCancel) {
  const auto p = panel_from("unit,year,x,y\nA,1,2,2\nB,1,4,3\nA,2,2,3\nB,2,3,3\n");
  auto r = run_malmquist(p, {}, [](std::size_t, std::size_t) { return false; });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::cancelled);
}

}  // namespace
}  // namespace pvf::benchmark
