#include "linkage/postcode.h"

#include <gtest/gtest.h>

namespace pvf::linkage {
namespace {

void expect_postcode(std::string_view text, const char* full, const char* sector,
                     const char* district, const char* area) {
  const auto p = parse_uk_postcode(text);
  ASSERT_TRUE(p.has_value()) << text;
  EXPECT_EQ(p->full, full) << text;
  EXPECT_EQ(p->sector, sector) << text;
  EXPECT_EQ(p->district, district) << text;
  EXPECT_EQ(p->area, area) << text;
}

TEST(ParseUkPostcode, SplitsEveryOutwardShapeIntoSectorDistrictAndArea) {
  expect_postcode("M1 1AE", "M1 1AE", "M1 1", "M1", "M");           // A9 9AA
  expect_postcode("B33 8TH", "B33 8TH", "B33 8", "B33", "B");       // A99 9AA
  expect_postcode("W1A 0AX", "W1A 0AX", "W1A 0", "W1A", "W");       // A9A 9AA
  expect_postcode("CR2 6XH", "CR2 6XH", "CR2 6", "CR2", "CR");      // AA9 9AA
  expect_postcode("DN55 1PT", "DN55 1PT", "DN55 1", "DN55", "DN");  // AA99 9AA
  expect_postcode("SW1A 1AA", "SW1A 1AA", "SW1A 1", "SW1A", "SW");  // AA9A 9AA
  expect_postcode("EC1A 1BB", "EC1A 1BB", "EC1A 1", "EC1A", "EC");  // AA9A 9AA
}

TEST(ParseUkPostcode, AcceptsGirobanksSpecialPostcode) {
  expect_postcode("GIR 0AA", "GIR 0AA", "GIR 0", "GIR", "GIR");
  expect_postcode("gir0aa", "GIR 0AA", "GIR 0", "GIR", "GIR");
  EXPECT_FALSE(parse_uk_postcode("GIR 1AA"));
}

TEST(ParseUkPostcode, AcceptsAnyCaseAndSpacing) {
  expect_postcode("sw1a1aa", "SW1A 1AA", "SW1A 1", "SW1A", "SW");
  expect_postcode(" SW1A  1AA ", "SW1A 1AA", "SW1A 1", "SW1A", "SW");
  expect_postcode("\tm1 1ae\n", "M1 1AE", "M1 1", "M1", "M");
  expect_postcode("Dn55 1pT", "DN55 1PT", "DN55 1", "DN55", "DN");
}

TEST(ParseUkPostcode, ReadsLetterOForZeroInTheInwardDigit) {
  expect_postcode("W1A OAX", "W1A 0AX", "W1A 0", "W1A", "W");
  expect_postcode("gir oaa", "GIR 0AA", "GIR 0", "GIR", "GIR");
  // Only the inward digit: an O in the outward code is not corrected.
  EXPECT_FALSE(parse_uk_postcode("MO 1AE"));
}

TEST(ParseUkPostcode, RejectsTextThatIsNotAUkPostcodeShape) {
  for (const char* s : {"", "   ", "2600", "ABC", "SW1A", "SW1A 1A", "SW1A 1AAA", "SW1A1AAA",
                        "1W1A 1AA", "S11A1 1AA", "SWW1 1AA", "SW1AA 1AA", "SW1A AAA", "SW1A 11A",
                        "SW1A-1AA", "SW1A 1A1", "M 1AE", "ABCDEFGHIJKLMNOP"}) {
    EXPECT_FALSE(parse_uk_postcode(s)) << '"' << s << '"';
  }
}

}  // namespace
}  // namespace pvf::linkage
