#include "measure/indicator.h"

#include <gtest/gtest.h>

namespace pvf::measure {
namespace {

TEST(Polarity, AcceptsOflogRankOrderAndPlainWords) {
  EXPECT_EQ(*parse_polarity("DESC"), Polarity::higher_is_better);
  EXPECT_EQ(*parse_polarity("desc"), Polarity::higher_is_better);
  EXPECT_EQ(*parse_polarity("asc"), Polarity::lower_is_better);
  EXPECT_EQ(*parse_polarity("None"), Polarity::neutral);
  EXPECT_EQ(*parse_polarity(""), Polarity::neutral);
  EXPECT_EQ(*parse_polarity(" Higher is better "), Polarity::higher_is_better);
  EXPECT_EQ(*parse_polarity("lower_is_better"), Polarity::lower_is_better);
}

TEST(Polarity, RefusesUnknownWordsNamingThem) {
  auto p = parse_polarity("sideways");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("sideways"), std::string::npos);
}

TEST(Polarity, RoundTripsThroughItsCanonicalText) {
  for (auto p : {Polarity::higher_is_better, Polarity::lower_is_better, Polarity::neutral})
    EXPECT_EQ(*parse_polarity(to_string(p)), p);
}

TEST(IndicatorDef, ValidationListsEveryBadField) {
  IndicatorDef def{.key = "bad key!",
                   .name = "  ",
                   .unit = "",
                   .polarity = Polarity::higher_is_better,
                   .frequency = Frequency::annual,
                   .area_key = "",
                   .source = ""};
  auto s = validate(def);
  ASSERT_FALSE(s);
  ASSERT_EQ(s.error().details.size(), 2u);
  EXPECT_EQ(s.error().details[0].where, "key");
  EXPECT_EQ(s.error().details[1].where, "name");
  def.key = "ASC1";
  def.name = "ASC Carer Quality of Life";
  EXPECT_TRUE(validate(def));
}

TEST(PeriodToYear, PlacesQuartersWithinTheirFinancialYear) {
  EXPECT_DOUBLE_EQ(period_to_year(*Period::parse("2024-25")), 2024.0);
  EXPECT_DOUBLE_EQ(period_to_year(*Period::parse("2024")), 2024.0);
  EXPECT_DOUBLE_EQ(period_to_year(*Period::parse("2024-25 Q3")), 2024.5);
}

}  // namespace
}  // namespace pvf::measure
