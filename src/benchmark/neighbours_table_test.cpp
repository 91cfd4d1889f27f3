// Tests of reading a CSV table into the nearest-neighbour engine's input.
#include "benchmark/neighbours_table.h"

#include <gtest/gtest.h>

namespace pvf::benchmark {
namespace {

csv::Table table(const std::string& text, const std::string& source = "t.csv") {
  auto t = csv::parse(text, source);
  EXPECT_TRUE(t) << t.error().to_text();
  return *t;
}

bool has_problem(const Error& e, const std::string& where, const std::string& fragment) {
  for (const auto& d : e.details)
    if (d.where == where && d.message.find(fragment) != std::string::npos) return true;
  return false;
}

TEST(NeighboursTable, ReadsChosenColumnsInTheOrderGivenIgnoringOthers) {
  auto r = read_neighbour_table(table("Name,Density,code,POP,notes\n"
                                      "Leeds,1.5,E08000035,+812000,x\n"
                                      "York,-0.25,E06000014,2e5,\n"),
                                "code", {"pop", "density"});
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->ids, (std::vector<std::string>{"E08000035", "E06000014"}));
  EXPECT_EQ(r->variables, (std::vector<std::string>{"pop", "density"}));
  EXPECT_EQ(r->values, (std::vector<double>{812000, 1.5, 200000, -0.25}));
  EXPECT_TRUE(r->weights.empty());
  EXPECT_EQ(r->k, 15);
}

TEST(NeighboursTable, RefusesMissingValuesNamingLineAndColumn) {
  auto r = read_neighbour_table(table("code,a,b\nX,1,\nY,NA,2\nZ,..,n/a\n"), "code", {"a", "b"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().where, "t.csv:2:b");
  EXPECT_TRUE(has_problem(r.error(), "t.csv:2:b", "is empty: missing values are not allowed"));
  EXPECT_TRUE(has_problem(r.error(), "t.csv:3:a", "is 'NA': missing values"));
  EXPECT_TRUE(has_problem(r.error(), "t.csv:4:a", "is '..'"));
  EXPECT_TRUE(has_problem(r.error(), "t.csv:4:b", "is 'n/a'"));
  EXPECT_EQ(r.error().details.size(), 4u) << r.error().to_text();
}

TEST(NeighboursTable, EveryBadCellIsReportedWithLineAndColumn) {
  auto r = read_neighbour_table(table("code,a,b\n"
                                      "X,abc,1\n"          // line 2: not a number
                                      "Y,\"1,000\",inf\n"  // line 3: separator, not finite
                                      ",1,1e999\n"         // line 4: empty id, out of range
                                      "X,2,£3\n"),         // line 5: repeated id, currency sign
                                "code", {"a", "b"});
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_TRUE(has_problem(e, "t.csv:2:a", "'abc' is not a number"));
  EXPECT_TRUE(has_problem(e, "t.csv:3:a", "'1,000' is not a number"));
  EXPECT_TRUE(has_problem(e, "t.csv:3:b", "'inf' is not finite"));
  EXPECT_TRUE(has_problem(e, "t.csv:4:code", "code is empty"));
  EXPECT_TRUE(has_problem(e, "t.csv:4:b", "out of range"));
  EXPECT_TRUE(has_problem(e, "t.csv:5:code", "'X' repeats line 2"));
  EXPECT_TRUE(has_problem(e, "t.csv:5:b", "is not a number"));
  EXPECT_EQ(e.details.size(), 7u) << e.to_text();
  EXPECT_NE(e.message.find("t.csv has 7 problems"), std::string::npos) << e.message;
}

TEST(NeighboursTable, MissingColumnsAreNamedAgainstTheHeaderLine) {
  auto r = read_neighbour_table(table("code,a\nX,1\n", "data.csv"), "id", {"a", "b"});
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "data.csv:1", "missing id column 'id'"));
  EXPECT_TRUE(has_problem(r.error(), "data.csv:1", "missing variable column 'b'"));
}

TEST(NeighboursTable, RefusesTwoVariablesNamingOneColumnOrTheIdColumn) {
  auto r =
      read_neighbour_table(table("code,Density\nX,1\n"), "code", {"density", "DENSITY", "code"});
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "t.csv:1", "'density' and 'DENSITY' name the same column"));
  EXPECT_TRUE(has_problem(r.error(), "t.csv:1", "variable 'code' is the id column"));
}

TEST(NeighboursTable, AnEmptyTableReadsAsNoBodies) {
  // Too few bodies is the engine's rule, which knows k.
  auto r = read_neighbour_table(table("code,a\n"), "code", {"a"});
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_TRUE(r->ids.empty());
  auto e = compute_neighbours(*r);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("but there are 0"), std::string::npos) << e.error().message;
}

TEST(NeighboursTable, FeedsTheEngine) {
  auto r = read_neighbour_table(table("code,x,y\nA,1,3\nB,2,1\nC,3,5\nD,4,2\nE,5,4\n"), "code",
                                {"x", "y"});
  ASSERT_TRUE(r);
  r->k = 2;
  auto n = compute_neighbours(*r);
  ASSERT_TRUE(n) << n.error().to_text();
  EXPECT_EQ(n->bodies[3].neighbours[0].id, "B");  // D's nearest: B and E tie, B first by id
  EXPECT_EQ(n->bodies[3].neighbours[1].id, "E");
}

}  // namespace
}  // namespace pvf::benchmark
