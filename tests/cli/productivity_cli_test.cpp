// `pvf productivity` as users run it.
#include <cstdlib>

#include "cli_support.h"

namespace pvf_cli_test {
namespace {

// A worked example small enough to check by hand:
// 2019-20  x 100 @ £10 (cost 1000), y 30 @ £100 (cost 3000) -> weights 0.25, 0.75
// 2020-21  x 120, y 30: link 0.25·1.2 + 0.75·1 = 1.05 -> output 105
// 2021-22  x 132, y has no record: link over x alone = 132/120 = 1.1 -> output 115.5 (+ warning)
// Inputs (one total per year) 2000/100 = 20, 2000/100 = 20, 2200/100 = 22 -> 100, 100, 110
// Productivity 100, 105, 115.5/110·100 = 105.
constexpr const char* kActivity =
    "body,period,activity,volume,unit_cost\n"
    "A,2019-20,x,100,10\nA,2019-20,y,30,100\n"
    "A,2020-21,x,120,10\nA,2020-21,y,30,100\n"
    "A,2021-22,x,132,10\n";
constexpr const char* kInputs =
    "body,period,expenditure,deflator\nA,2019-20,2000,100\nA,2020-21,2000,100\nA,2021-22,2200,"
    "100\n";

class ProductivityCli : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write("act.csv", kActivity);
    write("in.csv", kInputs);
  }
  std::string files() const {
    return "productivity --activity " + path("act.csv") + " --inputs " + path("in.csv");
  }
};

TEST_F(ProductivityCli, WritesTheHandComputedIndices) {
  auto r = pvf(files() + " --out " + path("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto t = pvf::csv::parse(read_text(path("out.csv")), "out.csv");
  ASSERT_TRUE(t) << t.error().to_text();
  EXPECT_EQ(pvf::csv::format_row(t->header),
            "body,period,output_index,input_index,productivity_index\n");
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(pvf::csv::format_row(t->rows[0].fields), "A,2019-20,100,100,100\n");
  const double expected[3][3] = {{100, 100, 100}, {105, 100, 105}, {115.5, 110, 105}};
  for (size_t i = 0; i < 3; ++i)
    for (size_t k = 0; k < 3; ++k)
      EXPECT_NEAR(std::strtod(t->rows[i].fields[k + 2].c_str(), nullptr), expected[i][k], 1e-9)
          << "row " << i << " column " << k + 2;
  EXPECT_EQ(t->rows[2].fields[1], "2021-22");
}

TEST_F(ProductivityCli, WarnsOnStderrAboutAMissingActivityAndStillExits0) {
  auto r = pvf(files() + " --out " + path("out.csv"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("warning: A 2021-22: activity 'y' has no record for 2021-22"),
            std::string::npos)
      << r.out;
}

TEST_F(ProductivityCli, WritesToStdoutWithoutOut) {
  auto r = pvf(files());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("body,period,output_index,input_index,productivity_index\n"
                       "A,2019-20,100,100,100\n"),
            std::string::npos)
      << r.out;
}

TEST_F(ProductivityCli, LeavesAnAbsentIndexAsAnEmptyCell) {
  // Inputs lack 2020-21: that row has no input index and no productivity.
  write("in.csv", "body,period,expenditure,deflator\nA,2019-20,2000,100\nA,2021-22,2200,100\n");
  auto r = pvf(files() + " --out " + path("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string out = read_text(path("out.csv"));
  EXPECT_NE(out.find("\nA,2020-21,105"), std::string::npos) << out;
  EXPECT_NE(out.find(",,\nA,2021-22,"), std::string::npos) << out;
  EXPECT_NE(r.out.find("warning: A 2020-21: no input records for this period"), std::string::npos)
      << r.out;
}

TEST_F(ProductivityCli, BadCellExits1NamingFileLineAndColumnAndWritesNothing) {
  write("act.csv",
        "body,period,activity,volume,unit_cost\nA,2019-20,x,100,10\nA,2020-21,x,1,abc\n");
  write("out.csv", "old contents\n");
  auto r = pvf(files() + " --out " + path("out.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("act.csv") + ":3:unit_cost"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'abc' is not a number"), std::string::npos) << r.out;
  EXPECT_EQ(read_text(path("out.csv")), "old contents\n");
}

TEST_F(ProductivityCli, ReportsProblemsInBothFilesInOneRun) {
  write("act.csv", "body,period,activity,volume,unit_cost\nA,2019-20,x,-1,10\n");
  write("in.csv", "body,period,expenditure,deflator\nA,2019-20,2000,0\n");
  auto r = pvf(files());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("act.csv") + ":2:volume"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path("in.csv") + ":2:deflator"), std::string::npos) << r.out;
}

TEST_F(ProductivityCli, MissingColumnExits1AndNamesIt) {
  write("in.csv", "body,period,expenditure\nA,2019-20,2000\n");
  auto r = pvf(files());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("in.csv") + ":1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing column 'deflator'"), std::string::npos) << r.out;
}

TEST_F(ProductivityCli, WritesContributionsAndUnitCostsOnRequest) {
  auto r = pvf(files() + " --out " + path("out.csv") + " --contributions " + path("c.csv") +
               " --unit-costs " + path("u.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto c = pvf::csv::parse(read_text(path("c.csv")), "c.csv");
  ASSERT_TRUE(c);
  EXPECT_EQ(pvf::csv::format_row(c->header),
            "body,period,activity,cost_share_previous,growth,contribution_points\n");
  // 2020-21: x weight 0.25, growth 0.2, 5 points; y weight 0.75, growth 0, 0 points.
  // 2021-22: x alone, weight 1, growth 0.1, 10 points.
  ASSERT_EQ(c->rows.size(), 3u);
  EXPECT_EQ(c->rows[0].fields[2], "x");
  EXPECT_EQ(c->rows[0].fields[3], "0.25");
  EXPECT_NEAR(std::strtod(c->rows[0].fields[5].c_str(), nullptr), 5.0, 1e-9);
  EXPECT_EQ(c->rows[1].fields[5], "0");
  EXPECT_EQ(c->rows[2].fields[3], "1");
  EXPECT_NEAR(std::strtod(c->rows[2].fields[5].c_str(), nullptr), 10.0, 1e-9);
  const std::string u = read_text(path("u.csv"));
  // Unit costs are constant: no change from 2019-20 to 2020-21, none for the first period.
  EXPECT_EQ(u.substr(0, u.find('\n')), "body,activity,period,unit_cost,change_from_previous");
  EXPECT_NE(u.find("\nA,x,2019-20,10,\n"), std::string::npos) << u;
  EXPECT_NE(u.find("\nA,x,2020-21,10,0\n"), std::string::npos) << u;
  EXPECT_NE(u.find("\nA,y,2020-21,100,0\n"), std::string::npos) << u;
}

TEST_F(ProductivityCli, WritesSmallNumbersAsPlainDecimals) {
  // Shortest round-trip "1e-04" would be one character shorter; a spreadsheet user wants 0.0001.
  write("act.csv", "body,period,activity,volume,unit_cost\nA,2019-20,x,1,0.0001\n");
  auto r = pvf(files() + " --out " + path("out.csv") + " --unit-costs " + path("u.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(read_text(path("u.csv")).find("\nA,x,2019-20,0.0001,\n"), std::string::npos)
      << read_text(path("u.csv"));
}

TEST_F(ProductivityCli, AFailedWriteLeavesNoOutputOfTheRun) {
  // The unit-cost file cannot be written (no such directory): neither file of the run appears.
  auto r =
      pvf(files() + " --out " + path("out.csv") + " --unit-costs " + path("missing-dir/u.csv"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(path("out.csv")));
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST_F(ProductivityCli, UsageErrorsExit2) {
  EXPECT_EQ(pvf("productivity --activity " + path("act.csv")).exit_code, 2);
  EXPECT_EQ(
      pvf("productivity --activity " + path("nope.csv") + " --inputs " + path("in.csv")).exit_code,
      2);
}

}  // namespace
}  // namespace pvf_cli_test
