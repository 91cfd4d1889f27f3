#include "core/csv_stream.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/csv.h"

namespace pvf::csv {
namespace {

struct Record {
  std::vector<std::string> fields;
  int line = 0;
  bool operator==(const Record&) const = default;
};

struct Parsed {
  std::vector<Record> records;
  std::optional<Error> error;
};

Parsed stream(std::string_view text, bool trim = true) {
  Parsed out;
  auto s = for_each_record(
      text, "s.csv",
      [&](std::span<const std::string_view> fields, int line) {
        out.records.push_back({{fields.begin(), fields.end()}, line});
      },
      StreamOptions{trim});
  if (!s) out.error = s.error();
  return out;
}

TEST(CsvStream, ParsesQuotedFieldsWithCommasQuotesAndNewlines) {
  auto p = stream("name,notes\r\n\"Leeds, City of\",\"said \"\"hi\"\"\nthen left\"\r\nYork,x\r\n");
  ASSERT_FALSE(p.error);
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[1].fields[0], "Leeds, City of");
  EXPECT_EQ(p.records[1].fields[1], "said \"hi\"\nthen left");
  EXPECT_EQ(p.records[1].line, 2);
  EXPECT_EQ(p.records[2].line, 4);  // the quoted line break moves the next record down
}

TEST(CsvStream, TrimsSpacesAroundUnquotedFieldsAndStripsBom) {
  auto p = stream(
      "\xEF\xBB\xBF"
      "rec_id, given_name\nrec-1-org, michaela \n");
  ASSERT_FALSE(p.error);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].fields[0], "rec_id");  // no BOM left on the first field
  EXPECT_EQ(p.records[0].fields[1], "given_name");
  EXPECT_EQ(p.records[1].fields[1], "michaela");
}

TEST(CsvStream, KeepsSpacesWhenNotTrimmingAndInsideQuotes) {
  auto p = stream("a, b ,\" c \"\n", false);
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].fields, (std::vector<std::string>{"a", " b ", " c "}));
  auto trimmed = stream("a, b ,\" c \"\n");
  EXPECT_EQ(trimmed.records[0].fields, (std::vector<std::string>{"a", "b", " c "}));
}

TEST(CsvStream, SkipsBlankLinesButKeepsEmptyFieldsAndCountsLines) {
  auto p = stream("a,b\n\n   \r\n1,\n,\n\"\"\n");
  ASSERT_FALSE(p.error);
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[1], (Record{{"1", ""}, 4}));
  EXPECT_EQ(p.records[2], (Record{{"", ""}, 5}));
  EXPECT_EQ(p.records[3], (Record{{""}, 6}));  // a quoted empty field is content
}

TEST(CsvStream, LastRecordNeedsNoLineBreakAndLoneCrEndsARecord) {
  auto p = stream("a,b\r1,2\r3,4");
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[2], (Record{{"3", "4"}, 3}));
}

TEST(CsvStream, UnclosedQuoteIsAnErrorNamingTheRecordsLine) {
  auto p = stream("a\nfine\n\"open\nmore\n");
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->where, "s.csv:3");
  EXPECT_EQ(p.records.size(), 2u);  // the records before it were visited
}

TEST(CsvStream, EscapeRoundTrips) {
  std::vector<std::string> fields{"plain", "a,b", "say \"x\"", "two\nlines", ""};
  auto p = stream("h1,h2,h3,h4,h5\n" + format_row(fields) + format_row(fields), false);
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[1].fields, fields);
  EXPECT_EQ(p.records[2].fields, fields);
  EXPECT_EQ(p.records[2].line, 4);
}

TEST(CsvStream, TextAfterAClosingQuoteIsKeptAsCsvParseDoes) {
  // csv::parse: a quote opens a quoted section only at the start of a field; what follows the
  // closing quote is literal text, and a quote inside unquoted text is literal.
  auto p = stream("\"ab\"cd,x\"y\" ,  \"q\" \n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].fields, (std::vector<std::string>{"abcd", "x\"y\"", "q "}));
}

TEST(CsvStream, EscapedFieldsStayValidForTheWholeCallback) {
  // Several fields of one record land in the scratch buffer; all must be readable together.
  std::string text = "h\n";
  std::string row;
  for (int i = 0; i < 50; ++i) {
    if (i) row += ',';  // appended piece by piece: GCC 12 -O3 warns falsely on "a" + std::string&&
    row += "\"v\"\"";
    row += std::to_string(i);
    row += '"';
  }
  text += row + "\n";
  auto p = stream(text);
  ASSERT_EQ(p.records.size(), 2u);
  ASSERT_EQ(p.records[1].fields.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(p.records[1].fields[i], "v\"" + std::to_string(i));
}

TEST(CsvStream, VisitorReturningFalseStopsTheParse) {
  int seen = 0;
  auto s = for_each_record("a\n1\n2\n3\n", "s.csv", [&](auto, int) { return ++seen < 2; });
  EXPECT_TRUE(s);
  EXPECT_EQ(seen, 2);
}

TEST(CsvStream, ReaderReportsOffsetsForProgress) {
  Reader r("a,b\n1,2\n", "s.csv");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.offset(), 4u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.offset(), r.size());
  EXPECT_FALSE(r.next());
  EXPECT_FALSE(r.error());
}

// csv::parse's view of the same text, as records: the header and rows, or the lines it refused.
void expect_agreement(const std::string& text, bool trim) {
  SCOPED_TRACE(::testing::Message() << "text: \"" << text << "\" trim " << trim);
  const Parsed s = stream(text, trim);
  auto t = parse(text, "s.csv", trim);
  if (t) {
    ASSERT_FALSE(s.error);
    ASSERT_EQ(s.records.size(), t->rows.size() + 1);
    EXPECT_EQ(s.records[0].fields, t->header);
    for (size_t i = 0; i < t->rows.size(); ++i)
      EXPECT_EQ(s.records[i + 1], (Record{t->rows[i].fields, t->rows[i].line}));
    return;
  }
  if (t.error().details.empty()) {  // unclosed quote, or no records at all
    if (s.error) {
      EXPECT_EQ(s.error->where, t.error().where);
    } else {
      EXPECT_TRUE(s.records.empty());
    }
    return;
  }
  // Field counts that differ from the header's: the same lines.
  ASSERT_FALSE(s.error);
  ASSERT_FALSE(s.records.empty());
  std::set<std::string> expected, got;
  for (const auto& d : t.error().details) expected.insert(d.where);
  for (size_t i = 1; i < s.records.size(); ++i)
    if (s.records[i].fields.size() != s.records[0].fields.size())
      got.insert("s.csv:" + std::to_string(s.records[i].line));
  EXPECT_EQ(got, expected);
}

TEST(CsvStream, AgreesWithCsvParseOnRandomText) {
  // Short texts over the alphabet that matters to the grammar, so that every odd combination
  // (quotes mid-field, text after a closing quote, CR alone, blank lines) comes up.
  std::mt19937 rng(20240417);
  const std::string alphabet = "ab,\"\" \t\n\r,x\"";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    if (rng() % 8 == 0) text = "\xEF\xBB\xBF" + text;
    expect_agreement(text, true);
    expect_agreement(text, false);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(CsvStream, AgreesWithCsvParseOnRandomWellFormedTables) {
  std::mt19937 rng(7);
  const std::vector<std::string> cells{"",     "1.5",   " x ", "a,b",  "q\"q", "two\nlines",
                                       "\r\n", "Leeds", "  ",  "\"\"", "end\""};
  for (int i = 0; i < 2000; ++i) {
    const size_t cols = 1 + rng() % 5, rows = rng() % 6;
    std::string text;
    for (size_t r = 0; r <= rows; ++r) {
      std::vector<std::string> fields;
      for (size_t c = 0; c < cols; ++c) fields.push_back(cells[rng() % cells.size()]);
      text += rng() % 3 == 0 ? format_row(fields) : [&] {
        std::string line;  // every field quoted, CRLF
        for (size_t c = 0; c < cols; ++c) {
          line += c ? "," : "";
          line += '"';
          for (char ch : fields[c]) line += ch == '"' ? std::string("\"\"") : std::string(1, ch);
          line += '"';
        }
        return line + "\r\n";
      }();
    }
    expect_agreement(text, true);
    expect_agreement(text, false);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace pvf::csv
