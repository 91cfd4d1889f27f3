#include "linkage/propose.h"

#include <gtest/gtest.h>

#include "core/csv.h"
#include "linkage/blocking.h"
#include "linkage/clk.h"

namespace pvf::linkage {
namespace {

const ComparisonSpec* find(const LinkSettings& s, const std::string& column) {
  for (const auto& c : s.comparisons)
    if (c.column == column) return &c;
  return nullptr;
}

std::vector<std::vector<std::string>> rows_of(const csv::Table& t) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : t.rows) rows.push_back(r.fields);
  return rows;
}

TEST(ProposeSettings, RecognisesFebrlColumnsByNameAndValues) {
  auto t = csv::read_file(std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  ASSERT_TRUE(t);
  auto rows = rows_of(*t);
  auto s = propose_comparisons(t->header, rows, LinkType::dedupe_only);
  ASSERT_TRUE(s) << s.error().to_text();
  EXPECT_EQ(s->unique_id_column, "rec_id");
  ASSERT_NE(find(*s, "given_name"), nullptr);
  EXPECT_EQ(find(*s, "given_name")->method, ComparisonMethod::jaro_winkler);
  EXPECT_TRUE(find(*s, "surname")->term_frequency);
  ASSERT_NE(find(*s, "date_of_birth"), nullptr);
  EXPECT_EQ(find(*s, "date_of_birth")->method, ComparisonMethod::date);
  EXPECT_EQ(find(*s, "date_of_birth")->format, "%Y%m%d");  // FEBRL writes 19560909
  // FEBRL's postcodes are Australian (2600): not UK postcodes, so compared by edits.
  EXPECT_EQ(find(*s, "postcode")->method, ComparisonMethod::levenshtein);
  EXPECT_EQ(find(*s, "soc_sec_id")->method, ComparisonMethod::damerau_levenshtein);
  EXPECT_EQ(find(*s, "rec_id"), nullptr);  // the id is never compared
}

TEST(ProposeSettings, RecognisesUkPostcodesDayFirstDatesAndEncodings) {
  std::vector<std::string> header{"Person ID", "Forename", "Last Name", "DOB", "Post Code", "clk"};
  Clk bits{};
  bits[0] = 0xF0F0;
  const std::string clk = clk_to_base64(bits);
  std::vector<std::vector<std::string>> rows{
      {"a1", "Ann", "Smith", "12/03/1980", "SW1A 1AA", clk},
      {"a2", "Bob", "Jones", "31/01/1975", "M1 1AE", clk},
      {"a3", "Cat", "Brown", "", "B33 8TH", clk}};
  auto s = propose_comparisons(header, rows, LinkType::link_only);
  ASSERT_TRUE(s) << s.error().to_text();
  EXPECT_EQ(s->unique_id_column, "Person ID");
  EXPECT_EQ(find(*s, "DOB")->format, "%d/%m/%Y");
  EXPECT_EQ(find(*s, "Post Code")->method, ComparisonMethod::postcode);
  EXPECT_EQ(find(*s, "clk")->method, ComparisonMethod::dice);
  EXPECT_EQ(find(*s, "Forename")->method, ComparisonMethod::jaro_winkler);
}

TEST(ProposeSettings, FailsWithoutAnIdOrAnythingToCompare) {
  std::vector<std::vector<std::string>> rows{{"x", "1"}, {"x", "2"}};
  auto none = propose_comparisons({"colour", "size"}, std::vector<std::vector<std::string>>{
                                                          {"red", "1"}, {"red", "1"}},
                                  LinkType::dedupe_only);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("unique id"), std::string::npos);
  auto nothing = propose_comparisons({"colour", "id"}, rows, LinkType::dedupe_only);
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("no column could be recognised"), std::string::npos);
}

TEST(ProposeSettings, ChoosesBlockingRulesWithinThePairBudget) {
  auto t = csv::read_file(std::string(PVF_SHARED_DIR) + "/data/febrl/dataset2.csv");
  ASSERT_TRUE(t);
  auto rows = rows_of(*t);
  auto s = propose_comparisons(t->header, rows, LinkType::dedupe_only);
  ASSERT_TRUE(s);
  RecordsBuilder builder(*s);
  ASSERT_TRUE(builder.begin_source("dataset2.csv", t->header));
  for (const auto& r : t->rows) {
    std::vector<std::string_view> f(r.fields.begin(), r.fields.end());
    ASSERT_TRUE(builder.add_row(f, r.line));
  }
  Records records = builder.finish();
  const uint64_t budget = 5000;
  auto rules = choose_blocking_rules(*s, records, budget);
  ASSERT_FALSE(rules.empty());
  EXPECT_LE(rules.size(), 8u);
  for (const auto& rule : rules)
    EXPECT_LE(build_blocks({rule}, records, LinkType::dedupe_only).front().pairs, budget)
        << to_text(rule);
  // Surname alone makes ~50,000 pairs here: over budget, so it is narrowed, not dropped.
  bool narrowed = false;
  for (const auto& rule : rules)
    if (rule.size() > 1 && rule[0].column == "surname") narrowed = true;
  EXPECT_TRUE(narrowed);
}

}  // namespace
}  // namespace pvf::linkage
