#include "linkage/blocking.h"

#include <gtest/gtest.h>

#include <mutex>
#include <random>
#include <set>

namespace pvf::linkage {
namespace {

using nlohmann::json;
using PairSet = std::set<std::pair<std::string, std::string>>;

LinkSettings settings_with(const char* blocking, const char* link_type = "dedupe_only") {
  std::string text = R"J({"link_type":")J";
  text += link_type;
  text += R"J(","unique_id_column":"id","comparisons":[
      {"column":"given","method":"exact"},{"column":"surname","method":"exact"},
      {"column":"dob","method":"date","format":"%Y-%m-%d"}],"blocking_rules":)J";
  text += blocking;
  text += "}";
  json j = json::parse(text);
  auto s = parse_settings(j);
  EXPECT_TRUE(s) << s.error().to_text();
  return *s;
}

Records records_of(const LinkSettings& settings,
                   const std::vector<std::vector<std::vector<std::string>>>& sources) {
  RecordsBuilder builder(settings);
  const std::vector<std::string> header{"id", "given", "surname", "dob"};
  for (std::size_t s = 0; s < sources.size(); ++s) {
    EXPECT_TRUE(builder.begin_source("file" + std::to_string(s) + ".csv", header));
    int line = 2;
    for (const auto& row : sources[s]) {
      std::vector<std::string_view> fields(row.begin(), row.end());
      auto ok = builder.add_row(fields, line++);
      EXPECT_TRUE(ok) << ok.error().to_text();
    }
  }
  return builder.finish();
}

PairSet candidates(const std::vector<BlockingRule>& rules, const Records& records,
                   LinkType type, uint64_t* visits = nullptr) {
  PairSet pairs;
  std::mutex lock;
  uint64_t count = 0;
  auto blocks = build_blocks(rules, records, type);
  EXPECT_TRUE(for_each_candidate_pair(blocks, type, [&](std::size_t, const PairBatch& batch) {
    std::lock_guard<std::mutex> guard(lock);
    for (std::size_t i = 0; i < batch.a.size(); ++i) {
      ++count;
      pairs.emplace(records.unique_id[batch.a[i]], records.unique_id[batch.b[i]]);
    }
  }));
  if (visits) *visits = count;
  return pairs;
}

const std::vector<std::vector<std::string>> kPeople{
    {"1", "Anna", "Smith", "1980-03-12"},  {"2", "Anne", "Smith", "1980-03-12"},
    {"3", "Anna", "Smyth", "1980-03-12"},  {"4", "Bob", "Jones", "1975-01-01"},
    {"5", "Robert", "Jones", "1975-01-01"}, {"6", "Ann", "", "1980-07-30"},
};

TEST(Blocking, PairsRecordsThatAgreeOnEveryKeyOfARule) {
  auto s = settings_with(R"J([["surname"]])J");
  auto r = records_of(s, {kPeople});
  EXPECT_EQ(candidates(s.blocking_rules, r, LinkType::dedupe_only),
            (PairSet{{"1", "2"}, {"4", "5"}}));
}

TEST(Blocking, HandsOverAPairFoundByTwoRulesOnce) {
  auto s = settings_with(R"J([["surname"],["dob"]])J");
  auto r = records_of(s, {kPeople});
  uint64_t visits = 0;
  auto pairs = candidates(s.blocking_rules, r, LinkType::dedupe_only, &visits);
  EXPECT_EQ(pairs, (PairSet{{"1", "2"}, {"1", "3"}, {"2", "3"}, {"4", "5"}}));
  EXPECT_EQ(visits, pairs.size());
  auto blocks = build_blocks(s.blocking_rules, r, LinkType::dedupe_only);
  EXPECT_EQ(blocks[0].pairs, 2u);  // before repeats are removed
  EXPECT_EQ(blocks[1].pairs, 4u);
}

TEST(Blocking, MissingKeyValuesBlockNothing) {
  auto s = settings_with(R"J([["surname","prefix(given,3)"]])J");
  auto r = records_of(s, {kPeople});
  // Anna/Anne share "ann" and Smith; record 6 (Ann, no surname) joins no block.
  EXPECT_EQ(candidates(s.blocking_rules, r, LinkType::dedupe_only), (PairSet{{"1", "2"}}));
}

TEST(Blocking, KeyFunctionsYearAndSoundex) {
  auto year = settings_with(R"J([["year(dob)"]])J");
  auto r = records_of(year, {kPeople});
  EXPECT_EQ(candidates(year.blocking_rules, r, LinkType::dedupe_only),
            (PairSet{{"1", "2"}, {"1", "3"}, {"1", "6"}, {"2", "3"}, {"2", "6"}, {"3", "6"},
                     {"4", "5"}}));
  auto sx = settings_with(R"J([["soundex(surname)"]])J");
  auto r2 = records_of(sx, {kPeople});
  // Smith and Smyth are both S530.
  EXPECT_EQ(candidates(sx.blocking_rules, r2, LinkType::dedupe_only),
            (PairSet{{"1", "2"}, {"1", "3"}, {"2", "3"}, {"4", "5"}}));
}

TEST(Blocking, LinkOnlyPairsLeftRecordsWithRightOnes) {
  auto s = settings_with(R"J([["surname"]])J", "link_only");
  auto r = records_of(s, {{{"1", "Anna", "Smith", ""}, {"2", "Anne", "Smith", ""}},
                          {{"1", "Ann", "Smith", ""}, {"9", "Bob", "Jones", ""}}});
  ASSERT_EQ(r.size(), 4u);
  PairSet pairs;
  std::mutex lock;
  auto blocks = build_blocks(s.blocking_rules, r, LinkType::link_only);
  for_each_candidate_pair(blocks, LinkType::link_only, [&](std::size_t, const PairBatch& b) {
    std::lock_guard<std::mutex> guard(lock);
    for (std::size_t i = 0; i < b.a.size(); ++i) {
      EXPECT_EQ(r.source[b.a[i]], 0);
      EXPECT_EQ(r.source[b.b[i]], 1);
      pairs.emplace(r.unique_id[b.a[i]], r.unique_id[b.b[i]]);
    }
  });
  EXPECT_EQ(pairs, (PairSet{{"1", "1"}, {"2", "1"}}));
  EXPECT_EQ(total_pairs(r, LinkType::link_only), 4u);
}

TEST(Blocking, NoRulesMeansEveryPair) {
  auto s = settings_with("[]");
  auto r = records_of(s, {kPeople});
  EXPECT_EQ(candidates({}, r, LinkType::dedupe_only).size(), 15u);
  EXPECT_EQ(total_pairs(r, LinkType::dedupe_only), 15u);
}

// Big blocks are sliced across threads; the stream must still give each pair exactly once and
// agree with a brute-force check of the rules.
TEST(Blocking, StreamMatchesBruteForceOnLargeBlocks) {
  auto s = settings_with(R"J([["surname"],["given","year(dob)"]])J");
  std::mt19937 rng(7);
  std::vector<std::vector<std::string>> rows;
  const char* surnames[] = {"smith", "jones", "taylor"};
  const char* given[] = {"a", "b", "c", "d"};
  for (int i = 0; i < 1500; ++i) {
    rows.push_back({std::to_string(i), given[rng() % 4], rng() % 10 ? surnames[rng() % 3] : "",
                    std::to_string(1950 + rng() % 3) + "-01-01"});
  }
  auto r = records_of(s, {rows});
  uint64_t visits = 0;
  auto pairs = candidates(s.blocking_rules, r, LinkType::dedupe_only, &visits);
  PairSet expected;
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = i + 1; j < rows.size(); ++j) {
      bool same_surname = !rows[i][2].empty() && rows[i][2] == rows[j][2];
      bool same_given_year = rows[i][1] == rows[j][1] && rows[i][3] == rows[j][3];
      if (same_surname || same_given_year) expected.emplace(rows[i][0], rows[j][0]);
    }
  EXPECT_EQ(visits, expected.size());
  EXPECT_EQ(pairs, expected);
}

TEST(Blocking, ProgressCanStopTheStream) {
  auto s = settings_with("[]");
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 3000; ++i) rows.push_back({std::to_string(i), "a", "b", ""});
  auto r = records_of(s, {rows});
  auto blocks = build_blocks({}, r, LinkType::dedupe_only);
  bool finished = for_each_candidate_pair(
      blocks, LinkType::dedupe_only, [](std::size_t, const PairBatch&) {},
      [](uint64_t, uint64_t) { return false; });
  EXPECT_FALSE(finished);
}

}  // namespace
}  // namespace pvf::linkage
