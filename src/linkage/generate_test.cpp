#include "linkage/generate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace pvf::linkage {
namespace {

std::string read_text(const std::string& name) {
  std::ifstream f(std::string(PVF_SOURCE_DIR) + "/data/linkage/" + name, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

PeopleTableTexts shipped_texts() {
  PeopleTableTexts t;
  t.given_names_female = read_text(kGivenNamesFemaleFile);
  t.given_names_male = read_text(kGivenNamesMaleFile);
  t.surnames = read_text(kSurnamesFile);
  t.nicknames = read_text(kNicknamesFile);
  t.streets = read_text(kStreetsFile);
  t.postcode_areas = read_text(kPostcodeAreasFile);
  return t;
}

const PeopleTables& tables() {
  static const PeopleTables t = [] {
    auto parsed = parse_people_tables(shipped_texts());
    if (!parsed) ADD_FAILURE() << parsed.error().to_text();
    return parsed ? *parsed : PeopleTables{};
  }();
  return t;
}

std::vector<PersonRecord> generate(int64_t rows, double rate, uint64_t seed) {
  std::vector<PersonRecord> out;
  out.reserve(static_cast<std::size_t>(rows));
  auto s = generate_people({rows, rate, seed}, tables(),
                           [&](const PersonRecord& r) { out.push_back(r); });
  EXPECT_TRUE(s) << (s ? "" : s.error().to_text());
  return out;
}

std::string line(const PersonRecord& r) {
  return r.unique_id + "," + r.cluster + "," + r.given_name + "," + r.surname + "," +
         r.date_of_birth + "," + r.sex + "," + r.postcode + "," + r.address_1 + "," + r.town;
}

std::string folded(std::string s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::map<std::string, std::vector<const PersonRecord*>> by_cluster(
    const std::vector<PersonRecord>& records) {
  std::map<std::string, std::vector<const PersonRecord*>> out;
  for (const auto& r : records) out[r.cluster].push_back(&r);
  return out;
}

bool iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)),
            d = std::stoi(s.substr(8, 2));
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1900 && y <= 2024 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

// "B33 8TH", "SW1A 1AA", "EC1M 4AB": area, district, space, sector, two letters.
bool postcode_shape(const std::string& s) {
  std::size_t i = 0;
  auto upper = [&](std::size_t at) { return at < s.size() && std::isupper((unsigned char)s[at]); };
  auto digit = [&](std::size_t at) { return at < s.size() && std::isdigit((unsigned char)s[at]); };
  if (!upper(i)) return false;
  ++i;
  if (upper(i)) ++i;
  if (!digit(i)) return false;
  ++i;
  if (digit(i)) ++i;
  if (upper(i)) ++i;
  return s.size() == i + 4 && s[i] == ' ' && digit(i + 1) && upper(i + 2) && upper(i + 3);
}

TEST(GeneratePeople, SameSeedGivesSameRecords) {
  const auto a = generate(3000, 0.3, 42), b = generate(3000, 0.3, 42);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(line(a[i]), line(b[i])) << "row " << i;
}

TEST(GeneratePeople, DifferentSeedGivesDifferentRecords) {
  const auto a = generate(3000, 0.3, 1), b = generate(3000, 0.3, 2);
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += line(a[i]) == line(b[i]);
  EXPECT_LT(same, 10);
}

TEST(GeneratePeople, WritesExactlyTheRequestedRowsWithUniqueIds) {
  for (int64_t rows : {1, 2, 3, 7, 100, 4097}) {
    const auto records = generate(rows, 0.3, 7);
    ASSERT_EQ(static_cast<int64_t>(records.size()), rows);
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(r.unique_id);
    EXPECT_EQ(static_cast<int64_t>(ids.size()), rows);
    EXPECT_EQ(records.front().unique_id, "r0000001");
  }
}

TEST(GeneratePeople, DuplicateShareMatchesTheRequestedRate) {
  for (double rate : {0.0, 0.1, 0.3, 0.6}) {
    const auto records = generate(4000, rate, 3);
    const auto clusters = by_cluster(records);
    const double share = 1.0 - static_cast<double>(clusters.size()) / 4000.0;
    EXPECT_NEAR(share, rate, 0.0005) << "rate " << rate;
  }
}

TEST(GeneratePeople, ClusterSizesAreSkewedButMostlySmall) {
  const auto clusters = by_cluster(generate(20000, 0.3, 5));
  std::size_t small = 0, largest = 0, pairs = 0;
  for (const auto& [id, members] : clusters) {
    small += members.size() <= 3;
    pairs += members.size() == 2;
    largest = std::max(largest, members.size());
  }
  EXPECT_GT(static_cast<double>(small) / static_cast<double>(clusters.size()), 0.95);
  EXPECT_GT(pairs, clusters.size() / 5);
  EXPECT_GE(largest, 5u);
  EXPECT_LE(largest, 20u);
}

TEST(GeneratePeople, DuplicatesAreNotAdjacent) {
  const auto records = generate(20000, 0.5, 9);
  int adjacent = 0;
  for (std::size_t i = 1; i < records.size(); ++i)
    adjacent += records[i].cluster == records[i - 1].cluster;
  EXPECT_LT(adjacent, 20);
}

// Fields two records agree on, ignoring case and spaces (missing values never agree).
int agreements(const PersonRecord& a, const PersonRecord& b) {
  int n = 0;
  auto same = [&](const std::string& x, const std::string& y) {
    n += !x.empty() && folded(x) == folded(y);
  };
  same(a.given_name, b.given_name);
  same(a.surname, b.surname);
  same(a.date_of_birth, b.date_of_birth);
  same(a.postcode, b.postcode);
  same(a.address_1, b.address_1);
  return n;
}

TEST(GeneratePeople, RecordsOfAClusterDescribeOnePerson) {
  const auto records = generate(15000, 0.3, 11);
  // Each record agrees with another of its cluster on most of the five identifying fields; one
  // that moved house (10%) keeps only names and date of birth, so a few agree on just two.
  int checked = 0, two = 0, three = 0;
  for (const auto& [id, members] : by_cluster(records)) {
    if (members.size() < 2) continue;
    for (const auto* r : members) {
      int best = 0;
      for (const auto* other : members)
        if (other != r) best = std::max(best, agreements(*r, *other));
      ++checked;
      two += best >= 2;
      three += best >= 3;
    }
  }
  ASSERT_GT(checked, 4000);
  EXPECT_GT(static_cast<double>(two) / checked, 0.99);
  EXPECT_GT(static_cast<double>(three) / checked, 0.93);

  // Different people rarely look alike.
  int alike = 0;
  for (std::size_t i = 1; i < records.size(); ++i)
    if (records[i].cluster != records[i - 1].cluster)
      alike += agreements(records[i], records[i - 1]) >= 3;
  EXPECT_LT(alike, 20);
}

TEST(GeneratePeople, FieldsAreShapedLikeRealRecords) {
  const auto records = generate(20000, 0.3, 13);
  int dates = 0, valid_dates = 0, postcodes = 0, shaped = 0, towns = 0;
  for (const auto& r : records) {
    ASSERT_EQ(r.unique_id.size(), 8u);
    ASSERT_EQ(r.unique_id[0], 'r');
    ASSERT_EQ(r.cluster[0], 'c');
    ASSERT_TRUE(r.sex == "F" || r.sex == "M" || r.sex.empty()) << r.sex;
    if (!r.date_of_birth.empty()) {
      ++dates;
      valid_dates += iso_date(r.date_of_birth);
    }
    if (!r.postcode.empty()) {
      ++postcodes;
      shaped += postcode_shape(r.postcode);
    }
    towns += !r.town.empty();
    if (!r.address_1.empty()) {
      ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(r.address_1[0]))) << r.address_1;
    }
  }
  EXPECT_GT(dates, 19500);
  EXPECT_GT(static_cast<double>(valid_dates) / dates, 0.995);
  EXPECT_GT(postcodes, 19000);
  EXPECT_GT(static_cast<double>(shaped) / postcodes, 0.97);
  EXPECT_GT(towns, 19000);
}

TEST(GeneratePeople, OriginalsAreCleanWhenThereAreNoDuplicates) {
  for (const auto& r : generate(5000, 0.0, 17)) {
    ASSERT_TRUE(iso_date(r.date_of_birth)) << r.date_of_birth;
    ASSERT_TRUE(postcode_shape(r.postcode)) << r.postcode;
    ASSERT_FALSE(r.given_name.empty());
    ASSERT_FALSE(r.surname.empty());
    ASSERT_FALSE(r.town.empty());
  }
}

TEST(GeneratePeople, NameFrequenciesFollowTheTables) {
  const auto records = generate(60000, 0.0, 19);
  double surname_total = 0, smith = 0;
  for (const auto& n : tables().surnames) {
    surname_total += n.weight;
    if (n.name == "Smith") smith = n.weight;
  }
  double female_total = 0, susan = 0;
  for (const auto& n : tables().given_names_female) {
    female_total += n.weight;
    if (n.name == "Susan") susan = n.weight;
  }
  int smiths = 0, women = 0, susans = 0;
  std::unordered_map<std::string, int> surnames;
  for (const auto& r : records) {
    smiths += r.surname == "Smith";
    ++surnames[r.surname];
    if (r.sex == "F") {
      ++women;
      susans += r.given_name == "Susan";
    }
  }
  // Smith stays the most common surname, at its table share (families share surnames, which
  // adds a little noise).
  const auto top =
      std::max_element(surnames.begin(), surnames.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(top->first, "Smith");
  EXPECT_NEAR(smiths / 60000.0, smith / surname_total, 0.003);
  EXPECT_NEAR(women / 60000.0, 0.51, 0.01);
  EXPECT_NEAR(static_cast<double>(susans) / women, susan / female_total, 0.004);
}

TEST(GeneratePeople, ErrorRatesAreNearTheModel) {
  // In two-record clusters one record is the person's true values and the other a duplicate,
  // so the share of pairs that differ on a field is the duplicate's error rate for that field.
  const auto records = generate(40000, 0.3, 23);
  int pairs = 0, given = 0, surname = 0, dob = 0, sex = 0, postcode = 0, swapped_dm = 0;
  for (const auto& [id, m] : by_cluster(records)) {
    if (m.size() != 2) continue;
    const PersonRecord &a = *m[0], &b = *m[1];
    ++pairs;
    given += folded(a.given_name) != folded(b.given_name);
    surname += folded(a.surname) != folded(b.surname);
    dob += a.date_of_birth != b.date_of_birth;
    sex += a.sex != b.sex;
    postcode += folded(a.postcode) != folded(b.postcode);
    swapped_dm += a.date_of_birth.size() == 10 && b.date_of_birth.size() == 10 &&
                  a.date_of_birth.substr(0, 4) == b.date_of_birth.substr(0, 4) &&
                  a.date_of_birth.substr(5, 2) == b.date_of_birth.substr(8, 2) &&
                  a.date_of_birth.substr(8, 2) == b.date_of_birth.substr(5, 2) &&
                  a.date_of_birth != b.date_of_birth;
  }
  ASSERT_GT(pairs, 5000);
  auto share = [&](int n) { return static_cast<double>(n) / pairs; };
  // Expected from the rates in generate.cpp, less the overlaps between errors.
  EXPECT_NEAR(share(given), 0.21, 0.03);      // nickname, typo, transposition, swap, missing
  EXPECT_NEAR(share(surname), 0.15, 0.03);    // change, typo, transposition, swap, missing
  EXPECT_NEAR(share(dob), 0.105, 0.025);      // 1 January, day/month swap, digit, missing
  EXPECT_NEAR(share(sex), 0.035, 0.012);      // wrong, missing
  EXPECT_NEAR(share(postcode), 0.175, 0.03);  // moved, typo, missing
  EXPECT_NEAR(share(swapped_dm), 0.011, 0.006);
}

TEST(GeneratePeople, RefusesBadOptionsAndTables) {
  auto sink = [](const PersonRecord&) { FAIL() << "nothing should be generated"; };
  for (auto [rows, rate, where] :
       {std::tuple{int64_t{0}, 0.3, "rows"}, std::tuple{int64_t{-5}, 0.3, "rows"},
        std::tuple{int64_t{10}, 1.0, "duplicate_rate"},
        std::tuple{int64_t{10}, -0.1, "duplicate_rate"},
        std::tuple{int64_t{10}, std::nan(""), "duplicate_rate"}}) {
    auto s = generate_people({rows, rate, 1}, tables(), sink);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().where, where);
    EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
    EXPECT_FALSE(check_generate_options({rows, rate, 1}));
  }
  PeopleTables empty;
  EXPECT_FALSE(generate_people({10, 0.3, 1}, empty, sink));
  PeopleTables zero = tables();
  zero.surnames[0].weight = 0;
  EXPECT_FALSE(generate_people({10, 0.3, 1}, zero, sink));
}

TEST(GeneratePeople, WorksFromTownsAloneAndAnyRate) {
  PeopleTables t = tables();
  t.areas.clear();
  t.towns = {{"B", "Birmingham"}, {"M", "Manchester"}};
  int rows = 0;
  auto s = generate_people({500, 0.9, 4}, t, [&](const PersonRecord& r) {
    ++rows;
    EXPECT_TRUE(r.town.empty() || r.town == "Birmingham" || r.town == "Manchester") << r.town;
  });
  ASSERT_TRUE(s);
  EXPECT_EQ(rows, 500);
}

TEST(ParsePeopleTables, ReadsTheShippedTables) {
  const PeopleTables& t = tables();
  EXPECT_EQ(t.given_names_female.size(), 182u);
  EXPECT_EQ(t.given_names_male.size(), 182u);
  EXPECT_EQ(t.surnames.size(), 500u);
  EXPECT_EQ(t.areas.size(), 121u);
  EXPECT_EQ(t.towns.size(), 121u);
  EXPECT_GT(t.nicknames.size(), 200u);
  EXPECT_GT(t.streets.size(), 300u);
}

TEST(ParsePeopleTables, NamesTheFileRowAndFieldOfEachProblem) {
  PeopleTableTexts texts = shipped_texts();
  texts.surnames = "name,weight\nSmith,1.15\nJones,heavy\n,0.5\n";
  texts.streets = "road,weight\nHigh Street,1\n";
  texts.postcode_areas =
      "area,town,first_district,last_district,district_letters,weight\nB,Birmingham,9,3,,5\n";
  auto parsed = parse_people_tables(texts);
  ASSERT_FALSE(parsed);
  std::vector<std::string> where;
  for (const auto& d : parsed.error().details) where.push_back(d.where);
  EXPECT_NE(std::find(where.begin(), where.end(), "surnames.csv:3:weight"), where.end());
  EXPECT_NE(std::find(where.begin(), where.end(), "surnames.csv:4:name"), where.end());
  EXPECT_NE(std::find(where.begin(), where.end(), "streets.csv"), where.end());
  EXPECT_NE(std::find(where.begin(), where.end(), "postcode_areas.csv:2:last_district"),
            where.end());
}

// Speed check, run by hand: --gtest_also_run_disabled_tests --gtest_filter='*Million*'.
TEST(GeneratePeople, DISABLED_MillionRowsSpeed) {
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  auto s = generate_people({1'000'000, 0.3, 1}, tables(), [&](const PersonRecord& r) {
    bytes += r.given_name.size() + r.surname.size() + r.postcode.size() + r.address_1.size();
  });
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(s);
  std::printf("1,000,000 rows in %.2f s (%zu bytes of names and addresses)\n", took.count(), bytes);
}

}  // namespace
}  // namespace pvf::linkage
