#include "benchmark/dea_table.h"

#include <gtest/gtest.h>

namespace pvf::benchmark {
namespace {

csv::Table parse(std::string_view text) {
  auto t = csv::parse(text, "units.csv");
  EXPECT_TRUE(t);
  return *t;
}

std::string all_problems(const Error& e) {
  std::string s;
  for (const auto& d : e.details) s += d.where + " " + d.message + "\n";
  return s;
}

TEST(DeaTable, ReadsNamedColumnsInTheOrderGivenIgnoringOthers) {
  auto d = read_dea_table(parse("Code,name,Spend,staff,visits\nA,Alpha,10,2,30\nB,Beta,20,3,25\n"),
                          {"code", {"staff", "spend"}, {"visits"}});
  ASSERT_TRUE(d) << d.error().to_text();
  EXPECT_EQ(d->units, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(d->input_names, (std::vector<std::string>{"staff", "spend"}));
  EXPECT_DOUBLE_EQ(d->input(1, 0), 3);
  EXPECT_DOUBLE_EQ(d->input(1, 1), 20);
  EXPECT_DOUBLE_EQ(d->output(0, 0), 30);
}

TEST(DeaTable, EveryBadCellIsNamedByFileLineAndColumn) {
  auto d = read_dea_table(
      parse("code,spend,visits\nA,10,30\nB,ten,25\nC,-1,5\nA,5,5\nD,0,5\nE,5,\n"),
      {"code", {"spend"}, {"visits"}});
  ASSERT_FALSE(d);
  const auto text = all_problems(d.error());
  EXPECT_NE(text.find("units.csv:3:spend spend 'ten' is not a number"), std::string::npos) << text;
  EXPECT_NE(text.find("units.csv:4:spend spend '-1' is negative"), std::string::npos) << text;
  EXPECT_NE(text.find("units.csv:5:code code 'A' repeats line 2"), std::string::npos) << text;
  EXPECT_NE(text.find("units.csv:6:spend every input of 'D' is 0"), std::string::npos) << text;
  EXPECT_NE(text.find("units.csv:7:visits visits is empty"), std::string::npos) << text;
}

TEST(DeaTable, MissingColumnsNameTheHeaderLine) {
  auto d = read_dea_table(parse("code,spend\nA,1\n"), {"code", {"spend"}, {"visits"}});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().where, "units.csv:1");
  EXPECT_NE(d.error().message.find("missing output column 'visits'"), std::string::npos);
}

TEST(DeaTable, PanelPeriodsSortInTimeOrder) {
  auto p = read_dea_panel(parse("code,fy,x,y\nA,2023-24,1,1\nA,2021-22,1,1\nA,2022-23,1,2\n"),
                          {"code", {"x"}, {"y"}}, "fy");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->periods, (std::vector<std::string>{"2021-22", "2022-23", "2023-24"}));
  EXPECT_DOUBLE_EQ(p->data[1].output(0, 0), 2);
  auto years = read_dea_panel(parse("code,year,x,y\nA,10,1,1\nA,9,1,1\n"),
                              {"code", {"x"}, {"y"}}, "year");
  ASSERT_TRUE(years);
  EXPECT_EQ(years->periods, (std::vector<std::string>{"9", "10"}));  // numbers, not text
}

TEST(DeaTable, PanelRefusesAUnitTwiceInAPeriod) {
  auto p = read_dea_panel(parse("code,year,x,y\nA,1,1,1\nA,1,2,2\n"), {"code", {"x"}, {"y"}},
                          "year");
  ASSERT_FALSE(p);
  EXPECT_NE(all_problems(p.error()).find("units.csv:3:code code 'A' repeats line 2 for period 1"),
            std::string::npos);
}

TEST(DeaTable, SplitNamesTrimsAndDropsEmpties) {
  EXPECT_EQ(split_names(" a, b ,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_names("").empty());
}

}  // namespace
}  // namespace pvf::benchmark
