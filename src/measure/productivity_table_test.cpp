// Tests of reading the activity and input CSV tables into productivity records.
#include "measure/productivity_table.h"

#include <gtest/gtest.h>

namespace pvf::measure {
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

TEST(ProductivityTable, ReadsActivityWithColumnsInAnyOrderAndAnyCase) {
  auto r =
      read_activity(table("Unit_Cost,ACTIVITY,Period,Body,Volume,Quality,notes\n"
                          "12.5,visits,2019-20,Leeds,100,1.1,ignored\n"
                          "13,visits,2020-21,Leeds,0,,\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].body, "Leeds");
  EXPECT_EQ((*r)[0].period, *Period::parse("2019-20"));
  EXPECT_EQ((*r)[0].activity, "visits");
  EXPECT_DOUBLE_EQ((*r)[0].volume, 100);
  EXPECT_DOUBLE_EQ((*r)[0].unit_cost, 12.5);
  EXPECT_DOUBLE_EQ((*r)[0].quality, 1.1);
  EXPECT_DOUBLE_EQ((*r)[1].volume, 0);   // zero volume is allowed
  EXPECT_DOUBLE_EQ((*r)[1].quality, 1);  // empty quality cell: no adjustment
}

TEST(ProductivityTable, QualityDefaultsToOneWithoutTheColumn) {
  auto r = read_activity(table("body,period,activity,volume,unit_cost\nA,2024,x,+3,1e2\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_DOUBLE_EQ((*r)[0].quality, 1.0);
  EXPECT_DOUBLE_EQ((*r)[0].volume, 3.0);
  EXPECT_DOUBLE_EQ((*r)[0].unit_cost, 100.0);
}

TEST(ProductivityTable, EveryBadActivityCellIsReportedWithLineAndColumn) {
  auto r = read_activity(
      table("body,period,activity,volume,unit_cost,quality\n"
            "A,2019-20,x,abc,10,1\n"  // line 2: volume not a number
            "A,2019-21,x,1,10,1\n"    // line 3: bad period
            "A,2019-20,y,-1,0,inf\n"  // line 4: negative volume, zero unit cost, quality not finite
            ",2019-20,z,1,1,0\n"      // line 5: empty body, zero quality
            "A,2019-20,x,2,10,1\n"));  // line 6: duplicate of line 2
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_EQ(e.where, "t.csv:2:volume");
  EXPECT_TRUE(has_problem(e, "t.csv:2:volume", "'abc' is not a number"));
  EXPECT_TRUE(has_problem(e, "t.csv:3:period", "not a period"));
  EXPECT_TRUE(has_problem(e, "t.csv:4:volume", "'-1' is negative"));
  EXPECT_TRUE(has_problem(e, "t.csv:4:unit_cost", "must be positive"));
  EXPECT_TRUE(has_problem(e, "t.csv:4:quality", "'inf' is not finite"));
  EXPECT_TRUE(has_problem(e, "t.csv:5:body", "is empty"));
  EXPECT_TRUE(has_problem(e, "t.csv:5:quality", "must be positive"));
  EXPECT_TRUE(has_problem(e, "t.csv:6:activity", "repeats line 2"));
  EXPECT_EQ(e.details.size(), 8u) << e.to_text();
}

TEST(ProductivityTable, NumbersWithTrailingTextOrSeparatorsAreNotNumbers) {
  auto r = read_activity(
      table("body,period,activity,volume,unit_cost\nA,2019-20,x,\"1,000\",10\nA,2019-20,y,5,£3\n"
            "A,2019-20,z,1e999,3\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "t.csv:2:volume", "'1,000' is not a number"));
  EXPECT_TRUE(has_problem(r.error(), "t.csv:3:unit_cost", "is not a number"));
  EXPECT_TRUE(has_problem(r.error(), "t.csv:4:volume", "out of range"));
}

TEST(ProductivityTable, MissingColumnsAreNamed) {
  auto r = read_activity(table("body,period,activity,volume\nA,2019-20,x,1\n", "act.csv"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "act.csv:1");
  EXPECT_NE(r.error().message.find("missing column 'unit_cost'"), std::string::npos);
  auto i = read_inputs(table("Body,period\nA,2019-20\n", "in.csv"));
  ASSERT_FALSE(i);
  ASSERT_EQ(i.error().details.size(), 2u);  // expenditure and deflator
  EXPECT_NE(i.error().details[1].message.find("missing column 'deflator'"), std::string::npos);
}

TEST(ProductivityTable, ReadsInputsWithAndWithoutTheInputColumn) {
  auto total = read_inputs(table("body,period,expenditure,deflator\nA,2019-20,4000,100\n"));
  ASSERT_TRUE(total) << total.error().to_text();
  ASSERT_EQ(total->size(), 1u);
  EXPECT_EQ((*total)[0].input, "");
  EXPECT_DOUBLE_EQ((*total)[0].expenditure, 4000);
  EXPECT_DOUBLE_EQ((*total)[0].deflator, 100);
  auto lines =
      read_inputs(table("input,deflator,expenditure,period,body\nlabour,100,3000,2019-20,"
                        "A\ncapital,1,0,2019-20,A\n"));
  ASSERT_TRUE(lines) << lines.error().to_text();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].input, "labour");
  EXPECT_DOUBLE_EQ((*lines)[1].expenditure, 0);  // zero expenditure is allowed
}

TEST(ProductivityTable, BadInputCellsAndDuplicatesAreReported) {
  auto total = read_inputs(
      table("body,period,expenditure,deflator\nA,2019-20,4000,0\nA,2019-20,10,1\nA,2020-21,x,1\n"));
  ASSERT_FALSE(total);
  EXPECT_TRUE(has_problem(total.error(), "t.csv:2:deflator", "must be positive"));
  EXPECT_TRUE(has_problem(total.error(), "t.csv:3:period", "repeats line 2"));
  EXPECT_TRUE(has_problem(total.error(), "t.csv:4:expenditure", "'x' is not a number"));
  EXPECT_EQ(total.error().details.size(), 3u);
  auto lines = read_inputs(
      table("body,period,expenditure,deflator,input\nA,2019-20,1,1,\nA,2019-20,1,1,labour\n"
            "A,2019-20,2,1,labour\n"));
  ASSERT_FALSE(lines);
  EXPECT_TRUE(has_problem(lines.error(), "t.csv:2:input", "is empty"));
  EXPECT_TRUE(has_problem(lines.error(), "t.csv:4:input", "repeats line 3"));
  EXPECT_EQ(lines.error().details.size(), 2u);
}

}  // namespace
}  // namespace pvf::measure
