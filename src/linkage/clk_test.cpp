#include "linkage/clk.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/crypto.h"

namespace pvf::linkage {
namespace {

using nlohmann::json;

class ClkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::crypto_init()); }
};

ClkKey key_from(std::string_view content) {
  auto key = derive_clk_key(content);
  EXPECT_TRUE(key) << key.error().to_text();
  return key ? *key : ClkKey{};
}

const ClkKey& test_key() {
  static const ClkKey key = key_from("a shared secret for the tests, not for real use");
  return key;
}

ClkSchema one_field(std::string column, int k = 20, int ngram = 2, bool pad = true) {
  ClkSchema s;
  s.fields.push_back({std::move(column), k, ngram, pad});
  return s;
}

Clk encode1(std::string_view value, const ClkSchema& schema, const ClkKey& key = test_key()) {
  const std::string_view values[] = {value};
  return encode_clk(values, schema, key);
}

Clk with_bits(std::initializer_list<int> bits) {
  Clk c{};
  for (int b : bits) c[static_cast<std::size_t>(b) / 64] |= std::uint64_t{1} << (b % 64);
  return c;
}

// Every bit of `a` is also set in `b`.
bool subset(const Clk& a, const Clk& b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] & ~b[i]) != 0) return false;
  return true;
}

std::string where_of(const Result<ClkSchema>& r) { return r ? std::string() : r.error().where; }

// --- schema ------------------------------------------------------------------------------------

TEST(ClkSchema, ParsesFieldsAndFillsDefaults) {
  auto s = parse_clk_schema(json::parse(R"({"bits":1024,"fields":[
      {"column":"given_name","k":30,"ngram":3,"pad":false},{"column":"surname"}]})"));
  ASSERT_TRUE(s) << s.error().to_text();
  EXPECT_EQ(s->bits, 1024);
  ASSERT_EQ(s->fields.size(), 2u);
  EXPECT_EQ(s->fields[0].column, "given_name");
  EXPECT_EQ(s->fields[0].k, 30);
  EXPECT_EQ(s->fields[0].ngram, 3);
  EXPECT_FALSE(s->fields[0].pad);
  EXPECT_EQ(s->fields[1].column, "surname");
  EXPECT_EQ(s->fields[1].k, 20);
  EXPECT_EQ(s->fields[1].ngram, 2);
  EXPECT_TRUE(s->fields[1].pad);
}

TEST(ClkSchema, BitsMayBeLeftOut) {
  auto s = parse_clk_schema(json::parse(R"({"fields":[{"column":"surname"}]})"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->bits, 1024);
}

TEST(ClkSchema, RoundTripsThroughJson) {
  auto s = parse_clk_schema(json::parse(
      R"({"fields":[{"column":"a","k":7,"ngram":1,"pad":false},{"column":"b","k":256}]})"));
  ASSERT_TRUE(s);
  auto again = parse_clk_schema(to_json(*s));
  ASSERT_TRUE(again);
  EXPECT_EQ(to_json(*again), to_json(*s));
  EXPECT_EQ(to_json(*s)["fields"][1]["k"], 256);
}

TEST(ClkSchema, RefusesAnUnknownKeyNamingItsPath) {
  EXPECT_EQ(where_of(parse_clk_schema(
                json::parse(R"({"fields":[{"column":"a"},{"column":"b","weight":2}]})"))),
            "$.fields[1].weight");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"version":1,"fields":[{"column":"a"}]})"))),
            "$.version");
}

TEST(ClkSchema, RefusesABadKNamingItsPath) {
  for (const char* k : {"0", "257", "-3", "2.5", "\"20\"", "true", "null"}) {
    const std::string text =
        std::string(R"({"fields":[{"column":"a"},{"column":"b","k":)") + k + "}]}";
    auto s = parse_clk_schema(json::parse(text));
    ASSERT_FALSE(s) << "k = " << k;
    EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(s.error().where, "$.fields[1].k") << "k = " << k;
  }
  EXPECT_TRUE(parse_clk_schema(json::parse(R"({"fields":[{"column":"b","k":1}]})")));
  EXPECT_TRUE(parse_clk_schema(json::parse(R"({"fields":[{"column":"b","k":256}]})")));
}

TEST(ClkSchema, RefusesBadNgramPadAndColumn) {
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"fields":[{"column":"a","ngram":5}]})"))),
            "$.fields[0].ngram");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"fields":[{"column":"a","pad":1}]})"))),
            "$.fields[0].pad");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"fields":[{"column":""}]})"))),
            "$.fields[0].column");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"fields":[{"k":20}]})"))),
            "$.fields[0].column");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"fields":[{"column":"a"},"b"]})"))),
            "$.fields[1]");
}

TEST(ClkSchema, RefusesAnEmptyOrMissingFieldList) {
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"bits":1024,"fields":[]})"))), "$.fields");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"bits":1024})"))), "$.fields");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"({"fields":{"column":"a"}})"))), "$.fields");
  EXPECT_EQ(where_of(parse_clk_schema(json::parse(R"([{"column":"a"}])"))), "$");
}

TEST(ClkSchema, RefusesBitsOtherThan1024) {
  for (const char* bits : {"512", "2048", "0", "1024.5", "\"1024\""}) {
    auto s = parse_clk_schema(
        json::parse(std::string(R"({"bits":)") + bits + R"(,"fields":[{"column":"a"}]})"));
    ASSERT_FALSE(s) << bits;
    EXPECT_EQ(s.error().where, "$.bits");
  }
}

TEST(ClkSchema, ListsEveryProblem) {
  auto s = parse_clk_schema(json::parse(
      R"({"bits":512,"extra":0,"fields":[{"column":"a","k":0},{"column":"b","ngram":9}]})"));
  ASSERT_FALSE(s);
  ASSERT_EQ(s.error().details.size(), 4u);
  EXPECT_EQ(s.error().details[0].where, "$.extra");
  EXPECT_EQ(s.error().details[1].where, "$.bits");
  EXPECT_EQ(s.error().details[2].where, "$.fields[0].k");
  EXPECT_EQ(s.error().details[3].where, "$.fields[1].ngram");
  EXPECT_EQ(s.error().where, "$.extra");
}

TEST(ClkSchema, RefusesTheSameColumnTwiceWithTheSameNgram) {
  EXPECT_EQ(where_of(parse_clk_schema(
                json::parse(R"({"fields":[{"column":"a"},{"column":"a","k":5}]})"))),
            "$.fields[1].column");
  // Bigrams and unigrams of one column are different features.
  EXPECT_TRUE(
      parse_clk_schema(json::parse(R"({"fields":[{"column":"a"},{"column":"a","ngram":1}]})")));
}

// --- key -----------------------------------------------------------------------------------

TEST(ClkKeyDerivation, RefusesAKeyFileShorterThan16Bytes) {
  auto k = derive_clk_key("fifteen bytes!!");
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ErrorCode::invalid_input);
  EXPECT_FALSE(derive_clk_key(""));
  EXPECT_FALSE(derive_clk_key("fifteen bytes!!\n"));  // the line break does not count
  EXPECT_TRUE(derive_clk_key("sixteen bytes!!!"));
}

TEST(ClkKeyDerivation, SameContentGivesTheSameKey) {
  EXPECT_EQ(key_from("correct horse battery staple"), key_from("correct horse battery staple"));
  EXPECT_NE(key_from("correct horse battery staple"), key_from("correct horse battery stapler"));
}

TEST(ClkKeyDerivation, TrailingLineBreaksDoNotChangeTheKey) {
  const ClkKey k = key_from("correct horse battery staple");
  EXPECT_EQ(key_from("correct horse battery staple\n"), k);
  EXPECT_EQ(key_from("correct horse battery staple\r\n"), k);
  EXPECT_NE(key_from(" correct horse battery staple"), k);
}

TEST(ClkKeyDerivation, BinaryKeysWork) {
  std::string bytes(32, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 37);
  const ClkKey k = key_from(bytes);
  EXPECT_EQ(key_from(bytes), k);
  bytes[5] ^= 1;
  EXPECT_NE(key_from(bytes), k);
}

// --- encoding ------------------------------------------------------------------------------

TEST_F(ClkTest, EncodingIsDeterministic) {
  const ClkSchema s = one_field("surname");
  const Clk a = encode1("smith", s);
  EXPECT_EQ(encode1("smith", s), a);
  EXPECT_GT(popcount(a), 0);
  EXPECT_EQ(encode1("smith", s, key_from("a shared secret for the tests, not for real use")), a);
}

TEST_F(ClkTest, ADifferentKeyGivesADifferentClk) {
  const ClkSchema s = one_field("surname");
  const Clk a = encode1("smith", s);
  const Clk b = encode1("smith", s, key_from("another secret that nobody shares"));
  EXPECT_NE(a, b);
  EXPECT_LT(dice(a, b), 0.35);  // no more alike than unrelated names
}

TEST_F(ClkTest, TheSameValueInAnotherColumnSetsDifferentBits) {
  const Clk given = encode1("morgan", one_field("given_name"));
  const Clk family = encode1("morgan", one_field("surname"));
  EXPECT_NE(given, family);
  EXPECT_LT(dice(given, family), 0.35);
}

TEST_F(ClkTest, PaddingAddsTheEndNgrams) {
  const Clk bare = encode1("smith", one_field("surname", 20, 2, false));
  const Clk padded = encode1("smith", one_field("surname", 20, 2, true));
  // Unpadded: sm mi it th. Padded adds " s" and "h ", so it holds the unpadded bits and more.
  EXPECT_TRUE(subset(bare, padded));
  EXPECT_GT(popcount(padded), popcount(bare));
  EXPECT_LE(popcount(padded), 6 * 20);
  // Padding makes the first letter count as much as the middle ones: unpadded, "smith" and
  // "xmith" differ in one bigram of four; padded, in two of six (" s sm" against " x xm").
  const double bare_d = dice(bare, encode1("xmith", one_field("surname", 20, 2, false)));
  const double padded_d = dice(padded, encode1("xmith", one_field("surname", 20, 2, true)));
  EXPECT_LT(padded_d, bare_d);
}

TEST_F(ClkTest, AnEmptyValueSetsNoBits) {
  ClkSchema s = one_field("given_name");
  s.fields.push_back({"surname", 20, 2, true});
  const std::string_view none[] = {"", ""};
  EXPECT_EQ(popcount(encode_clk(none, s, test_key())), 0);
  const std::string_view one[] = {"", "smith"};
  EXPECT_EQ(encode_clk(one, s, test_key()), encode1("smith", one_field("surname")));
  // Fields past the values given count as empty.
  const std::string_view first[] = {"smith"};
  EXPECT_EQ(encode_clk(first, s, test_key()), encode1("smith", one_field("given_name")));
}

TEST_F(ClkTest, SetBitsAreAtMostKPerNgram) {
  for (int k : {1, 5, 20, 64, 256})
    for (int n : {1, 2, 3, 4})
      for (bool pad : {false, true})
        for (std::string_view v : {"a", "jo", "smith", "okonkwo", "mary ann", "aaaaaaa"}) {
          const auto chars = static_cast<int>(v.size()) + (pad ? 2 : 0);
          const int grams = chars >= n ? chars - n + 1 : 1;
          const int bits = popcount(encode1(v, one_field("c", k, n, pad)));
          EXPECT_GE(bits, std::min(k, 1024)) << v << " k=" << k << " n=" << n;
          EXPECT_LE(bits, k * grams) << v << " k=" << k << " n=" << n;
        }
}

TEST_F(ClkTest, OneNgramSetsExactlyKDistinctBits) {
  // Double hashing with an odd step never repeats a position within one n-gram.
  for (int k : {1, 20, 100, 256})
    for (std::string_view v : {"ab", "zz", "qx", "  "})
      EXPECT_EQ(popcount(encode1(v, one_field("c", k, 2, false))), k) << v << " k=" << k;
}

TEST_F(ClkTest, NgramsAreCharactersNotBytes) {
  // "ł" is two bytes in UTF-8 but one character: a single unigram.
  EXPECT_EQ(popcount(encode1("\xc5\x82", one_field("c", 20, 1, false))), 20);
  // "łó" is one bigram, whichever bytes make it up.
  EXPECT_EQ(popcount(encode1("\xc5\x82\xc3\xb3", one_field("c", 20, 2, false))), 20);
  // A value shorter than n is one n-gram.
  EXPECT_EQ(popcount(encode1("a", one_field("c", 20, 3, false))), 20);
}

TEST_F(ClkTest, RepeatedNgramsSetTheSameBits) {
  // "aaaa" unpadded has the single distinct bigram "aa".
  EXPECT_EQ(encode1("aaaa", one_field("c", 20, 2, false)),
            encode1("aa", one_field("c", 20, 2, false)));
}

// --- base64 --------------------------------------------------------------------------------

TEST_F(ClkTest, Base64RoundTrips) {
  std::mt19937_64 rng(7);
  for (int t = 0; t < 50; ++t) {
    Clk c{};
    for (auto& w : c) w = rng();
    const std::string text = clk_to_base64(c);
    EXPECT_EQ(text.size(), 172u);
    EXPECT_EQ(text.back(), '=');
    auto back = clk_from_base64(text);
    ASSERT_TRUE(back) << back.error().to_text();
    EXPECT_EQ(*back, c);
  }
  const Clk e = encode1("smith", one_field("surname"));
  EXPECT_EQ(*clk_from_base64(clk_to_base64(e)), e);
}

TEST(ClkBase64, BitsAreInLittleEndianWordOrder) {
  EXPECT_EQ(clk_to_base64(Clk{}), std::string(171, 'A') + "=");
  // Bit 0 is the low bit of the first byte: 0x01 0x00 0x00 -> "AQAA".
  EXPECT_EQ(clk_to_base64(with_bits({0})).substr(0, 4), "AQAA");
  // Bit 8 is the low bit of the second byte: 0x00 0x01 0x00 -> "AAEA".
  EXPECT_EQ(clk_to_base64(with_bits({8})).substr(0, 4), "AAEA");
  // Bit 1023 is the high bit of the last byte: its group is 0x80 and one '=' of padding.
  EXPECT_EQ(clk_to_base64(with_bits({1023})).substr(168), "AIA=");
}

TEST(ClkBase64, RefusesBadText) {
  const std::string good = clk_to_base64(with_bits({1, 100, 1000}));
  EXPECT_FALSE(clk_from_base64(""));
  EXPECT_FALSE(clk_from_base64(good.substr(0, 171)));
  EXPECT_FALSE(clk_from_base64(good + "A"));
  std::string bad = good;
  bad[10] = '*';
  EXPECT_FALSE(clk_from_base64(bad));
  bad = good;
  bad[10] = '-';  // URL-safe alphabet is not accepted
  EXPECT_FALSE(clk_from_base64(bad));
  bad = good;
  bad.back() = 'A';  // no padding where padding belongs
  EXPECT_FALSE(clk_from_base64(bad));
  bad = good;
  bad[170] = 'B';  // stray bits in the last group
  EXPECT_FALSE(clk_from_base64(bad));
  bad = good;
  bad[50] = '\n';
  EXPECT_FALSE(clk_from_base64(bad));
  auto e = clk_from_base64(std::string(172, '!'));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::invalid_input);
}

// --- Dice ----------------------------------------------------------------------------------

TEST(Dice, MatchesHandComputedExamples) {
  // a = {0,1,2,3}, b = {2,3,4}: |a & b| = 2, so 2 * 2 / (4 + 3) = 4/7.
  EXPECT_DOUBLE_EQ(dice(with_bits({0, 1, 2, 3}), with_bits({2, 3, 4})), 4.0 / 7.0);
  // Across words: a = {0,64,1023}, b = {64,500,700,1023}: 2 * 2 / (3 + 4).
  EXPECT_DOUBLE_EQ(dice(with_bits({0, 64, 1023}), with_bits({64, 500, 700, 1023})), 4.0 / 7.0);
  // a = {63}, b = {63,127}: 2 * 1 / 3.
  EXPECT_DOUBLE_EQ(dice(with_bits({63}), with_bits({63, 127})), 2.0 / 3.0);
}

TEST(Dice, IdenticalIsOneDisjointIsZeroEmptyIsZero) {
  const Clk a = with_bits({3, 70, 900});
  EXPECT_DOUBLE_EQ(dice(a, a), 1.0);
  EXPECT_DOUBLE_EQ(dice(a, with_bits({4, 71, 901})), 0.0);
  EXPECT_DOUBLE_EQ(dice(Clk{}, Clk{}), 0.0);
  EXPECT_DOUBLE_EQ(dice(a, Clk{}), 0.0);
  Clk full;
  full.fill(~std::uint64_t{0});
  EXPECT_EQ(popcount(full), 1024);
  EXPECT_DOUBLE_EQ(dice(full, full), 1.0);
}

TEST(Dice, WithCountsAgreesWithDiceAndIsSymmetric) {
  std::mt19937_64 rng(11);
  for (int t = 0; t < 200; ++t) {
    Clk a{}, b{};
    for (auto& w : a) w = rng() & rng();
    for (auto& w : b) w = rng() & rng();
    const double d = dice(a, b);
    EXPECT_DOUBLE_EQ(dice_with_counts(a, popcount(a), b, popcount(b)), d);
    EXPECT_DOUBLE_EQ(dice(b, a), d);
    const int ca = popcount(a), cb = popcount(b);
    EXPECT_LE(d, 2.0 * std::min(ca, cb) / (ca + cb));  // the bound the header promises
  }
}

// --- similarity of names ---------------------------------------------------------------------

// Expected Dice of two Bloom filters (m = 1024 bits, k distinct bits per n-gram, positions
// uniform) whose n-gram sets share `shared` n-grams and have `only_a` and `only_b` of their own:
// a bit is set with probability 1 - q^n (q = 1 - k/m), in both when a shared n-gram set it or
// each side's own n-grams did.
double expected_dice(int shared, int only_a, int only_b, int k) {
  const double q = 1.0 - k / 1024.0;
  const double s = std::pow(q, shared);
  const double in_a = 1 - s * std::pow(q, only_a);
  const double in_b = 1 - s * std::pow(q, only_b);
  const double both = (1 - s) + s * (1 - std::pow(q, only_a)) * (1 - std::pow(q, only_b));
  return 2 * both / (in_a + in_b);
}

// Mean and minimum/maximum Dice of two surnames over many keys (bigrams, padded, k = 20).
struct Spread {
  double mean = 0, min = 1, max = 0;
};
Spread dice_over_keys(std::string_view x, std::string_view y) {
  const ClkSchema s = one_field("surname", 20, 2, true);
  Spread r;
  const int keys = 200;
  for (int i = 0; i < keys; ++i) {
    const ClkKey key = key_from("test key number " + std::to_string(i));
    const double d = dice(encode1(x, s, key), encode1(y, s, key));
    r.mean += d / keys;
    r.min = std::min(r.min, d);
    r.max = std::max(r.max, d);
  }
  return r;
}

TEST_F(ClkTest, NamesOneLetterApartScoreHighUnrelatedNamesLow) {
  // " s sm mi it th h " vs " s sm my yt th h ": 4 bigrams shared, 2 each of their own. The
  // bigram sets' own Dice is 8/12 = 0.67; the filters add a little by chance collisions.
  const Spread close = dice_over_keys("smith", "smyth");
  EXPECT_NEAR(close.mean, expected_dice(4, 2, 2, 20), 0.02);
  EXPECT_GT(close.mean, 0.65);
  EXPECT_GT(close.min, 0.55);
  // Longer names one letter apart: 7 of 9 and 8 distinct bigrams shared.
  const Spread longer = dice_over_keys("jonathan", "jonathon");
  EXPECT_NEAR(longer.mean, expected_dice(7, 2, 1, 20), 0.02);
  EXPECT_GT(longer.mean, 0.8);
  EXPECT_GT(longer.min, 0.7);
  // No bigram in common: only chance collisions.
  const Spread apart = dice_over_keys("smith", "okonkwo");
  EXPECT_NEAR(apart.mean, expected_dice(0, 6, 8, 20), 0.02);
  EXPECT_LT(apart.mean, 0.2);
  EXPECT_LT(apart.max, 0.3);
}

TEST_F(ClkTest, OneLetterApartWithTheTestKey) {
  const ClkSchema s = one_field("surname", 20, 2, true);
  EXPECT_GT(dice(encode1("smith", s), encode1("smyth", s)), 0.6);
  EXPECT_GT(dice(encode1("jonathan", s), encode1("jonathon", s)), 0.7);
  EXPECT_LT(dice(encode1("smith", s), encode1("okonkwo", s)), 0.3);
}

// --- throughput (run by hand: --gtest_also_run_disabled_tests --gtest_filter='*Throughput*') --

TEST(ClkThroughput, DISABLED_DiceComparisonsPerSecond) {
  constexpr int n = 10000;
  std::mt19937_64 rng(1);
  std::vector<Clk> clks(n);
  std::vector<int> counts(n);
  for (int i = 0; i < n; ++i) {
    for (auto& w : clks[i]) w = rng() & rng();  // about a quarter of the bits set
    counts[i] = popcount(clks[i]);
  }
  double sum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) sum += dice_with_counts(clks[i], counts[i], clks[j], counts[j]);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  const double rate = double(n) * n / took.count();
  std::printf("dice_with_counts: %d x %d pairs in %.3f s = %.1f million per second (sum %.1f)\n", n,
              n, took.count(), rate / 1e6, sum);
  EXPECT_GT(sum, 0);
}

TEST_F(ClkTest, DISABLED_EncodeRecordsPerSecond) {
  auto schema = parse_clk_schema(json::parse(R"({"fields":[{"column":"given_name"},
      {"column":"surname"},{"column":"dob","ngram":1,"k":10},{"column":"postcode"}]})"));
  ASSERT_TRUE(schema);
  const std::vector<std::string> given = {"olivia", "muhammad", "amelia", "jack",     "isla",
                                          "oliver", "ava",      "george", "mary ann", "noah"};
  const std::vector<std::string> family = {"smith",  "jones",   "williams", "taylor", "brown",
                                           "davies", "okonkwo", "evans",    "wilson", "obrien"};
  constexpr int n = 100000;
  int bits = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    const std::string dob = "19" + std::to_string(50 + i % 50) + "-0" + std::to_string(1 + i % 9) +
                            "-1" + std::to_string(i % 10);
    const std::string_view values[] = {given[i % 10], family[(i / 10) % 10], dob, "sw1a 2aa"};
    bits += popcount(encode_clk(values, *schema, test_key()));
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("encode_clk: %d records in %.3f s = %.0f per second (mean %.1f bits set)\n", n,
              took.count(), n / took.count(), double(bits) / n);
  EXPECT_GT(bits, 0);
}

}  // namespace
}  // namespace pvf::linkage
