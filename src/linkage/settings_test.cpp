#include "linkage/settings.h"

#include <gtest/gtest.h>

namespace pvf::linkage {
namespace {

using nlohmann::json;

// The example in the `pvf link` contract (issue 5), word for word.
const char* kContractExample = R"J({"link_type":"dedupe_only", "unique_id_column":"rec_id",
  "blocking_rules":[["surname"],["postcode"],["prefix(given_name,2)","year(date_of_birth)"]],
  "comparisons":[{"column":"given_name","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
                 {"column":"date_of_birth","method":"date","format":"%Y%m%d"},
                 {"column":"soc_sec_id","method":"exact"}],
  "threshold_match_probability":0.5, "em":{"max_iterations":25,"tolerance":0.0001}, "seed":1})J";

std::vector<std::string> wheres(const Error& e) {
  std::vector<std::string> out;
  if (e.details.empty()) out.push_back(e.where);
  for (const auto& d : e.details) out.push_back(d.where);
  return out;
}

TEST(LinkSettings, ParsesTheContractExample) {
  auto s = parse_settings(json::parse(kContractExample));
  ASSERT_TRUE(s) << s.error().to_text();
  EXPECT_EQ(s->link_type, LinkType::dedupe_only);
  EXPECT_EQ(s->unique_id_column, "rec_id");
  ASSERT_EQ(s->blocking_rules.size(), 3u);
  EXPECT_EQ(to_text(s->blocking_rules[2]), "prefix(given_name,2) & year(date_of_birth)");
  EXPECT_EQ(s->blocking_rules[2][0].kind, BlockingKey::Kind::prefix);
  EXPECT_EQ(s->blocking_rules[2][0].length, 2);
  ASSERT_EQ(s->comparisons.size(), 3u);
  EXPECT_EQ(s->comparisons[0].method, ComparisonMethod::jaro_winkler);
  EXPECT_EQ(s->comparisons[0].thresholds, (std::vector<double>{0.92, 0.8}));
  EXPECT_TRUE(s->comparisons[0].term_frequency);
  EXPECT_EQ(s->comparisons[1].format, "%Y%m%d");
  EXPECT_EQ(s->comparisons[2].level_count(), 3);
  EXPECT_DOUBLE_EQ(s->em.tolerance, 0.0001);
  EXPECT_EQ(s->em.max_iterations, 25);
  EXPECT_EQ(s->seed, 1u);
}

TEST(LinkSettings, LevelsRunNullExactThresholdsElse) {
  auto s = parse_settings(json::parse(kContractExample));
  ASSERT_TRUE(s);
  const ComparisonSpec& jw = s->comparisons[0];
  ASSERT_EQ(jw.level_count(), 5);
  EXPECT_EQ(jw.level_label(0), "null");
  EXPECT_EQ(jw.level_label(1), "exact");
  EXPECT_EQ(jw.level_label(2), "jaro_winkler >= 0.92");
  EXPECT_EQ(jw.level_label(3), "jaro_winkler >= 0.8");
  EXPECT_EQ(jw.level_label(4), "else");
  const ComparisonSpec& date = s->comparisons[1];
  ASSERT_EQ(date.level_count(), 7);
  EXPECT_EQ(date.level_label(2), "one edit apart");
  EXPECT_EQ(date.level_label(5), "within 10 years");
}

TEST(LinkSettings, RefusesUnknownKeysMethodsAndKeyFunctionsNamingEach) {
  json j = json::parse(kContractExample);
  j["colour"] = "blue";
  j["comparisons"][0]["method"] = "soundalike";
  j["comparisons"][2]["weight"] = 2;
  j["blocking_rules"][1][0] = "initial(given_name)";
  j["em"]["rate"] = 1;
  auto s = parse_settings(j);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
  auto w = wheres(s.error());
  for (const char* expected : {"$.colour", "$.comparisons[0].method", "$.comparisons[2].weight",
                               "$.blocking_rules[1][0]", "$.em.rate"})
    EXPECT_NE(std::find(w.begin(), w.end(), expected), w.end()) << expected;
  EXPECT_NE(s.error().to_text().find("soundalike"), std::string::npos);
  EXPECT_NE(s.error().to_text().find("initial"), std::string::npos);
}

TEST(LinkSettings, RefusesBadThresholds) {
  json j = json::parse(kContractExample);
  j["comparisons"][0]["thresholds"] = {0.8, 0.92};  // similarity must fall
  j["comparisons"][1]["thresholds"] = {1};           // date has fixed levels
  auto s = parse_settings(j);
  ASSERT_FALSE(s);
  auto w = wheres(s.error());
  EXPECT_NE(std::find(w.begin(), w.end(), "$.comparisons[0].thresholds"), w.end());
  EXPECT_NE(std::find(w.begin(), w.end(), "$.comparisons[1].thresholds"), w.end());

  json lev = json::parse(kContractExample);
  lev["comparisons"][2] = {{"column", "soc_sec_id"}, {"method", "levenshtein"},
                           {"thresholds", {0.5}}};
  auto l = parse_settings(lev);
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().where, "$.comparisons[2].thresholds[0]");
}

TEST(LinkSettings, FillsMethodDefaults) {
  auto s = parse_settings(json::parse(R"J({"link_type":"link_only","comparisons":[
      {"column":"surname","method":"jaro_winkler"},{"column":"nhs","method":"levenshtein"},
      {"column":"clk","method":"dice"}]})J"));
  ASSERT_TRUE(s) << s.error().to_text();
  EXPECT_EQ(s->unique_id_column, "unique_id");
  EXPECT_TRUE(s->blocking_rules.empty());
  EXPECT_EQ(s->comparisons[0].thresholds, (std::vector<double>{0.92, 0.8}));
  EXPECT_EQ(s->comparisons[1].thresholds, (std::vector<double>{1, 2}));
  EXPECT_EQ(s->comparisons[2].thresholds, (std::vector<double>{0.9, 0.8, 0.7}));
  EXPECT_DOUBLE_EQ(s->threshold_match_probability, 0.5);
}

TEST(LinkSettings, RoundTripsThroughJson) {
  json j = json::parse(kContractExample);
  j["comparisons"].push_back({{"column", "postcode"}, {"method", "levenshtein"}});
  j["comparisons"].push_back(
      {{"column", "clk"}, {"method", "dice"}, {"m_probabilities", {0.5, 0.3, 0.1, 0.05, 0.05}}});
  auto s = parse_settings(j);
  ASSERT_TRUE(s) << s.error().to_text();
  auto again = parse_settings(to_json(*s));
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(to_json(*again), to_json(*s));
}

TEST(LinkSettings, ParsesBlockingKeys) {
  auto k = parse_blocking_key(" soundex(surname) ");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->kind, BlockingKey::Kind::soundex);
  EXPECT_EQ(k->column, "surname");
  EXPECT_FALSE(parse_blocking_key("prefix(surname)"));
  EXPECT_FALSE(parse_blocking_key("prefix(surname,0)"));
  EXPECT_FALSE(parse_blocking_key("year(dob,2)"));
  EXPECT_FALSE(parse_blocking_key("year(dob"));
  EXPECT_FALSE(parse_blocking_key(""));
}

TEST(LinkSettings, CheckColumnsNamesTheFileAndEveryMissingColumn) {
  auto s = parse_settings(json::parse(kContractExample));
  ASSERT_TRUE(s);
  auto ok = check_columns(*s, {"rec_id", "given_name", "surname"}, "people.csv");
  ASSERT_FALSE(ok);
  std::string text = ok.error().to_text();
  EXPECT_NE(text.find("people.csv"), std::string::npos);
  EXPECT_NE(text.find("'date_of_birth'"), std::string::npos);
  EXPECT_NE(text.find("'soc_sec_id'"), std::string::npos);
  EXPECT_NE(text.find("'postcode'"), std::string::npos);
  EXPECT_TRUE(check_columns(*s,
                            {"rec_id", "given_name", "surname", "date_of_birth", "soc_sec_id",
                             "postcode"},
                            "people.csv"));
}

}  // namespace
}  // namespace pvf::linkage
