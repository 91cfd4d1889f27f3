// `pvf neighbours` as users run it.
#include <cmath>
#include <cstdlib>

#include "cli_support.h"

namespace pvf_cli_test {
namespace {

// The engine's hand-worked example (src/benchmark/neighbours_test.cpp): both variables are
// permutations of 1..5, so squared standardised differences are proportional to dx^2 + dy^2.
// With k = 2: A -> B sqrt(5/17), C sqrt(8/17); D -> B, E both sqrt(1/2) (tie: B first by id).
constexpr const char* kData =
    "name,code,x,y\n"
    "Avon,A,1,3\nBath,B,2,1\nCorn,C,3,5\nDevon,D,4,2\nExe,E,5,4\n";

class NeighboursCli : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write("data.csv", kData);
  }
  std::string args(const std::string& extra = " --k 2") const {
    return "neighbours --data " + path("data.csv") + " --id code --variables x,y" + extra;
  }
};

TEST_F(NeighboursCli, WritesTheHandWorkedPeerGroups) {
  auto r = pvf(args(" --k 2 --out " + path("out.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto t = pvf::csv::parse(read_text(path("out.csv")), "out.csv");
  ASSERT_TRUE(t) << t.error().to_text();
  EXPECT_EQ(pvf::csv::format_row(t->header), "code,neighbour,rank,distance\n");
  ASSERT_EQ(t->rows.size(), 10u);  // 5 bodies x k = 2, bodies in input order then by rank
  const char* expected[10][3] = {{"A", "B", "1"}, {"A", "C", "2"}, {"B", "A", "1"}, {"B", "D", "2"},
                                 {"C", "E", "1"}, {"C", "A", "2"}, {"D", "B", "1"}, {"D", "E", "2"},
                                 {"E", "C", "1"}, {"E", "D", "2"}};
  for (size_t i = 0; i < 10; ++i)
    for (size_t c = 0; c < 3; ++c) EXPECT_EQ(t->rows[i].fields[c], expected[i][c]) << "row " << i;
  EXPECT_NEAR(std::strtod(t->rows[0].fields[3].c_str(), nullptr), std::sqrt(5.0 / 17), 1e-15);
  EXPECT_NEAR(std::strtod(t->rows[1].fields[3].c_str(), nullptr), std::sqrt(8.0 / 17), 1e-15);
  EXPECT_NEAR(std::strtod(t->rows[6].fields[3].c_str(), nullptr), std::sqrt(0.5), 1e-15);
}

// Saved peer groups are comparison groups like any other: the groups file loads with
// `pvf import groups` as written.
TEST_F(NeighboursCli, GroupsFileLoadsAsComparisonGroups) {
  auto r = pvf(args(" --k 2 --weights 1,2 --groups-out " + path("groups.csv")));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto t = pvf::csv::parse(read_text(path("groups.csv")), "groups.csv");
  ASSERT_TRUE(t) << t.error().to_text();
  EXPECT_EQ(pvf::csv::format_row(t->header), "group,body,position,description\n");
  ASSERT_EQ(t->rows.size(), 15u);  // 5 bodies x (itself + 2 neighbours)
  EXPECT_EQ(pvf::csv::format_row(t->rows[0].fields),
            "Nearest neighbours of A,A,0,\"Nearest neighbours (CIPFA method, k = 2) on x, y "
            "(weight 2)\"\n");
  EXPECT_EQ(t->rows[1].fields[1], "B");
  EXPECT_EQ(t->rows[1].fields[2], "1");

  const std::string db = path("nn.db");
  write("bodies.csv", "name,code,type\nAvon,A,council\nBath,B,council\nCorn,C,council\n"
                      "Devon,D,council\nExe,E,council\n");
  ASSERT_EQ(pvf("body import --db " + db + " " + path("bodies.csv")).exit_code, 0);
  auto imported = pvf("import groups " + path("groups.csv") + " --db " + db);
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_NE(imported.out.find("15 rows; groups: 5 created"), std::string::npos) << imported.out;
}

TEST_F(NeighboursCli, DefaultsToFifteenNeighboursAndStdout) {
  std::string text = "code,x\n";
  for (int i = 0; i < 20; ++i)
    text.append("L").append(std::to_string(100 + i)).append(",").append(std::to_string(i * i)) +=
        '\n';
  write("data.csv", text);
  auto r = pvf("neighbours --data " + path("data.csv") + " --id code --variables x");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto t = pvf::csv::parse(r.out, "stdout");
  ASSERT_TRUE(t) << r.out;
  EXPECT_EQ(t->rows.size(), 20u * 15u);
  EXPECT_EQ(t->rows[14].fields[2], "15");
}

TEST_F(NeighboursCli, NamesTheIdColumnAsTheUserTypedIt) {
  auto r = pvf("neighbours --data " + path("data.csv") + " --id CODE --variables x,y --k 1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "CODE,neighbour,rank,distance");
}

TEST_F(NeighboursCli, WeightsMultiplyTheSquaredDifferences) {
  // Weights 1,4: A's squared distances B 17, C 20, D 13, E 20 -> D first, then B.
  auto r = pvf(args(" --k 2 --weights 1,4"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\nA,D,1,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nA,B,2,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nA,B,2,0.9219544457292"), std::string::npos) << r.out;  // sqrt(17/20)
}

TEST_F(NeighboursCli, MissingValueExits1NamingFileLineAndColumnAndWritesNothing) {
  write("data.csv", "code,x,y\nA,1,3\nB,2,\nC,3,5\nD,4,abc\n");
  write("out.csv", "old contents\n");
  auto r = pvf(args(" --k 2 --out " + path("out.csv")));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("data.csv") + ":3:y: y is empty: missing values are not allowed"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(path("data.csv") + ":5:y: y 'abc' is not a number"), std::string::npos)
      << r.out;
  EXPECT_EQ(read_text(path("out.csv")), "old contents\n");
}

TEST_F(NeighboursCli, RepeatedIdExits1NamingBothLines) {
  write("data.csv", "code,x,y\nA,1,3\nB,2,1\nA,3,5\n");
  auto r = pvf(args(" --k 1"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("data.csv") + ":4:code: code 'A' repeats line 2"), std::string::npos)
      << r.out;
}

TEST_F(NeighboursCli, MissingColumnExits1AndNamesIt) {
  auto r = pvf("neighbours --data " + path("data.csv") + " --id code --variables x,density");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("data.csv") + ":1: missing variable column 'density'"),
            std::string::npos)
      << r.out;
}

TEST_F(NeighboursCli, TooFewBodiesExits1AndSuggestsASmallerK) {
  auto r = pvf(args(" --k 5"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("need at least 6 bodies, but there are 5; choose k of at most 4"),
            std::string::npos)
      << r.out;
}

TEST_F(NeighboursCli, ConstantVariableExits1NamingIt) {
  write("data.csv", "code,x,flag\nA,1,7\nB,2,7\nC,3,7\n");
  auto r = pvf("neighbours --data " + path("data.csv") + " --id code --variables x,flag --k 1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find(path("data.csv") + ": variable 'flag' has the same value (7)"),
            std::string::npos)
      << r.out;
  // Weight 0 leaves it out, so it no longer has to vary.
  r = pvf("neighbours --data " + path("data.csv") +
          " --id code --variables x,flag --k 1 "
          "--weights 1,0");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(NeighboursCli, AFailedWriteExits1AndLeavesNoTemporaryFile) {
  auto r = pvf(args(" --k 2 --out " + path("missing-dir/out.csv")));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write"), std::string::npos) << r.out;
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST_F(NeighboursCli, UsageErrorsExit2) {
  EXPECT_EQ(pvf("neighbours --data " + path("data.csv") + " --variables x,y").exit_code, 2);
  EXPECT_EQ(pvf("neighbours --data " + path("nope.csv") + " --id code --variables x").exit_code, 2);
  EXPECT_EQ(pvf(args(" --weights 1,abc")).exit_code, 2);
  auto r = pvf(args(" --k 0"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--k: k must be at least 1"), std::string::npos) << r.out;
  r = pvf(args(" --weights 1,2,3"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--weights: 3 weights for 2 variables"), std::string::npos) << r.out;
  r = pvf(args(" --weights 0,0"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("every weight is 0"), std::string::npos) << r.out;
}

TEST_F(NeighboursCli, HelpExplainsTheMethod) {
  auto r = pvf("neighbours --help");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("standardised to mean 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("farthest"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<id column>,neighbour,rank,distance"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pvf_cli_test
