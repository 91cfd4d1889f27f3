#include "core/period.h"

#include <gtest/gtest.h>

namespace pvf {
namespace {

TEST(Period, ParsesFinancialYearAndPrintsItBack) {
  auto p = Period::parse("2024-25");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->kind(), Period::Kind::financial_year);
  EXPECT_EQ(p->start_year(), 2024);
  EXPECT_EQ(p->to_string(), "2024-25");
}

TEST(Period, CenturyBoundaryFinancialYearIsConsecutive) {
  auto p = Period::parse("1999-00");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->next().to_string(), "2000-01");
}

TEST(Period, RejectsNonConsecutiveYearsWithReason) {
  auto p = Period::parse("2024-26");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, ErrorCode::invalid_input);
  EXPECT_NE(p.error().message.find("consecutive"), std::string::npos);
}

TEST(Period, RejectsGarbage) {
  for (const char* s : {"", "24-25", "2024/25", "2024-25 Q5", "abcd", "2024-25Q1"})
    EXPECT_FALSE(Period::parse(s)) << s;
}

TEST(Period, QuartersStepAcrossYears) {
  auto q = Period::parse("2024-25 Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->next().to_string(), "2025-26 Q1");
  EXPECT_EQ(Period::parse("2024-25 Q1")->previous().to_string(), "2023-24 Q4");
}

TEST(Period, OrdersInTime) {
  EXPECT_LT(*Period::parse("2022-23"), *Period::parse("2023-24"));
  EXPECT_EQ(Period::parse("2024")->previous().to_string(), "2023");
}

TEST(Period, KindsHaveNamesForMessages) {
  EXPECT_STREQ(period_kind_name(Period::Kind::financial_year), "a financial year");
  EXPECT_STREQ(period_kind_name(Period::Kind::financial_quarter), "a quarter");
  EXPECT_STREQ(period_kind_name(Period::Kind::calendar_year), "a calendar year");
  EXPECT_STREQ(period_kind_plural(Period::Kind::financial_year), "financial years");
  EXPECT_STREQ(period_kind_plural(Period::Kind::financial_quarter), "quarters");
  EXPECT_STREQ(period_kind_plural(Period::Kind::calendar_year), "calendar years");
}

}  // namespace
}  // namespace pvf
