#include "core/csv.h"

#include <gtest/gtest.h>

namespace pvf::csv {
namespace {

TEST(Csv, ParsesQuotedFieldsWithCommasQuotesAndNewlines) {
  auto t = parse("name,notes\r\n\"Leeds, City of\",\"said \"\"hi\"\"\nthen left\"\r\nYork,x\r\n", "b.csv");
  ASSERT_TRUE(t) << t.error().to_text();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].fields[0], "Leeds, City of");
  EXPECT_EQ(t->rows[0].fields[1], "said \"hi\"\nthen left");
  EXPECT_EQ(t->rows[1].line, 4);  // the quoted line break moves the next row down
}

TEST(Csv, TrimsSpacesAroundUnquotedFieldsAndStripsBom) {
  auto t = parse("\xEF\xBB\xBF" "rec_id, given_name\nrec-1-org, michaela \n", "f.csv");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->header[1], "given_name");
  EXPECT_EQ(t->rows[0].fields[1], "michaela");
  EXPECT_EQ(t->column("GIVEN_NAME"), 1u);
}

TEST(Csv, RowWithWrongFieldCountNamesFileAndLine) {
  auto t = parse("a,b\n1,2\n3\n4,5,6\n", "x.csv");
  ASSERT_FALSE(t);
  ASSERT_EQ(t.error().details.size(), 2u);
  EXPECT_EQ(t.error().details[0].where, "x.csv:3");
  EXPECT_EQ(t.error().details[1].where, "x.csv:4");
}

TEST(Csv, UnclosedQuoteIsAnError) {
  EXPECT_FALSE(parse("a\n\"open\n", "q.csv"));
}

TEST(Csv, EscapeRoundTrips) {
  std::vector<std::string> fields{"plain", "a,b", "say \"x\"", "two\nlines"};
  auto t = parse("h1,h2,h3,h4\n" + format_row(fields), "r.csv", false);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rows[0].fields, fields);
}

}  // namespace
}  // namespace pvf::csv
