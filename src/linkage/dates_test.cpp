#include "linkage/dates.h"

#include <gtest/gtest.h>

#include <string>

namespace pvf::linkage {
namespace {

void expect_date(std::optional<Date> d, int y, int m, int day) {
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year, y);
  EXPECT_EQ(d->month, m);
  EXPECT_EQ(d->day, day);
}

TEST(ParseDate, ReadsEveryFormAgenciesWriteWithoutAFormat) {
  expect_date(parse_date("19800312"), 1980, 3, 12);
  expect_date(parse_date("1980-03-12"), 1980, 3, 12);
  expect_date(parse_date("12/03/1980"), 1980, 3, 12);
  expect_date(parse_date("12-03-1980"), 1980, 3, 12);
  expect_date(parse_date("12 Mar 1980"), 1980, 3, 12);
}

TEST(ParseDate, SlashedDatesAreDayFirst) {
  expect_date(parse_date("01/02/1990"), 1990, 2, 1);
  EXPECT_FALSE(parse_date("02/13/1990"));  // US month-first order is not guessed
}

TEST(ParseDate, AcceptsSingleDigitDaysAndMonthsInSeparatedForms) {
  expect_date(parse_date("1/2/1990"), 1990, 2, 1);
  expect_date(parse_date("1990-2-1"), 1990, 2, 1);
  expect_date(parse_date("5 May 1990"), 1990, 5, 5);
}

TEST(ParseDate, CompactFormNeedsExactlyEightDigits) {
  EXPECT_FALSE(parse_date("1980312"));
  EXPECT_FALSE(parse_date("198003120"));
}

TEST(ParseDate, MonthNamesInAnyCaseAbbreviatedOrFull) {
  expect_date(parse_date("12 MAR 1980"), 1980, 3, 12);
  expect_date(parse_date("12 march 1980"), 1980, 3, 12);
  expect_date(parse_date("1 Sept 2001"), 2001, 9, 1);
  expect_date(parse_date("1 September 2001"), 2001, 9, 1);
  expect_date(parse_date("31 Dec 1999"), 1999, 12, 31);
  EXPECT_FALSE(parse_date("12 Mars 1980"));
  EXPECT_FALSE(parse_date("12 Ma 1980"));
}

TEST(ParseDate, RejectsImpossibleDates) {
  EXPECT_FALSE(parse_date("1980-04-31"));  // April has 30 days
  EXPECT_FALSE(parse_date("31/06/1980"));
  EXPECT_FALSE(parse_date("1980-13-01"));
  EXPECT_FALSE(parse_date("1980-00-10"));
  EXPECT_FALSE(parse_date("1980-01-00"));
  EXPECT_FALSE(parse_date("1980-01-32"));
}

TEST(ParseDate, TwentyNinthFebruaryOnlyInLeapYears) {
  expect_date(parse_date("1980-02-29"), 1980, 2, 29);  // divisible by 4
  EXPECT_FALSE(parse_date("1981-02-29"));
  EXPECT_FALSE(parse_date("1900-02-29"));              // century, not divisible by 400
  expect_date(parse_date("2000-02-29"), 2000, 2, 29);  // divisible by 400
  EXPECT_FALSE(parse_date("1980-02-30"));
}

TEST(ParseDate, RejectsYearsOutside1800To2200) {
  EXPECT_FALSE(parse_date("1799-12-31"));
  expect_date(parse_date("1800-01-01"), 1800, 1, 1);
  expect_date(parse_date("2200-12-31"), 2200, 12, 31);
  EXPECT_FALSE(parse_date("2201-01-01"));
  EXPECT_FALSE(parse_date("0000-01-01"));
}

TEST(ParseDate, RejectsGarbageAndTrailingText) {
  for (const char* s : {"", "1980", "1980-03", "12/03/80x", "1980-03-12 ", "x1980-03-12",
                        "12.03.1980", "twelve March 1980", "1980/03/12", "--"}) {
    EXPECT_FALSE(parse_date(s)) << s;
  }
}

TEST(ParseDate, WithAFormatMatchesExactly) {
  expect_date(parse_date("12.03.1980", "%d.%m.%Y"), 1980, 3, 12);
  expect_date(parse_date("1980/03/12", "%Y/%m/%d"), 1980, 3, 12);
  expect_date(parse_date("Mar 12, 1980", "%b %d, %Y"), 1980, 3, 12);
  expect_date(parse_date("12%03%1980", "%d%%%m%%%Y"), 1980, 3, 12);
  EXPECT_FALSE(parse_date("1980-03-12", "%d/%m/%Y"));  // the default forms are not tried
  EXPECT_FALSE(parse_date("12.03.1980 ", "%d.%m.%Y"));
  EXPECT_FALSE(parse_date("12.03.80", "%d.%m.%Y"));  // %Y needs four digits
}

TEST(ParseDate, FormatMustGiveYearMonthAndDay) {
  EXPECT_FALSE(parse_date("1980-03", "%Y-%m"));
  EXPECT_FALSE(parse_date("12 03 1980", "%d %H %Y"));    // unknown directive
  EXPECT_FALSE(parse_date("12/03/1980%", "%d/%m/%Y%"));  // lone % at the end
}

TEST(ParseDate, TwoDigitYearsPivotAt29) {
  expect_date(parse_date("01/01/00", "%d/%m/%y"), 2000, 1, 1);
  expect_date(parse_date("01/01/29", "%d/%m/%y"), 2029, 1, 1);
  expect_date(parse_date("01/01/30", "%d/%m/%y"), 1930, 1, 1);
  expect_date(parse_date("01/01/99", "%d/%m/%y"), 1999, 1, 1);
  EXPECT_FALSE(parse_date("01/01/9", "%d/%m/%y"));
  EXPECT_FALSE(parse_date("29/02/01", "%d/%m/%y"));  // 2001 is not a leap year
  expect_date(parse_date("29/02/96", "%d/%m/%y"), 1996, 2, 29);
}

TEST(DaysSinceEpoch, MatchesKnownValues) {
  EXPECT_EQ(days_since_epoch({1970, 1, 1}), 0);
  EXPECT_EQ(days_since_epoch({1970, 1, 2}), 1);
  EXPECT_EQ(days_since_epoch({1969, 12, 31}), -1);
  EXPECT_EQ(days_since_epoch({2000, 3, 1}), 11017);
  EXPECT_EQ(days_since_epoch({2000, 1, 1}), 10957);   // 30 years incl. 7 leap days: 30*365+7
  EXPECT_EQ(days_since_epoch({1900, 1, 1}), -25567);  // 70 years incl. 17 leap days
}

TEST(DaysSinceEpoch, ConsecutiveDaysAcrossMonthAndYearEnds) {
  EXPECT_EQ(days_since_epoch({1980, 3, 1}) - days_since_epoch({1980, 2, 29}), 1);
  EXPECT_EQ(days_since_epoch({1981, 3, 1}) - days_since_epoch({1981, 2, 28}), 1);
  EXPECT_EQ(days_since_epoch({2000, 1, 1}) - days_since_epoch({1999, 12, 31}), 1);
  EXPECT_EQ(days_since_epoch({2001, 1, 1}) - days_since_epoch({2000, 1, 1}), 366);
  EXPECT_EQ(days_since_epoch({1901, 1, 1}) - days_since_epoch({1900, 1, 1}), 365);
}

TEST(WriteCompact, WritesYearMonthDayWithLeadingZeros) {
  char out[8];
  write_compact({1980, 3, 12}, out);
  EXPECT_EQ(std::string(out, 8), "19800312");
  write_compact({2001, 12, 1}, out);
  EXPECT_EQ(std::string(out, 8), "20011201");
  write_compact({1800, 1, 1}, out);
  EXPECT_EQ(std::string(out, 8), "18000101");
}

TEST(WriteCompact, RoundTripsThroughParseDate) {
  const auto d = parse_date("7 Jul 1957");
  ASSERT_TRUE(d);
  char out[8];
  write_compact(*d, out);
  expect_date(parse_date(std::string_view(out, 8)), 1957, 7, 7);
}

}  // namespace
}  // namespace pvf::linkage
