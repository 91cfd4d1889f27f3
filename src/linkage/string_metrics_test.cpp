#include "linkage/string_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pvf::linkage {
namespace {

// Published values are given to six (or three) decimals.
constexpr double kSixDecimals = 5e-7;
constexpr double kThreeDecimals = 5e-4;

// ---------------------------------------------------------------------------------------------
// Plain reference implementations, written for clarity rather than speed, straight from the
// definitions (Jaro 1989 / Winkler 1990; Wagner–Fischer; Lowrance–Wagner as set out in
// Wikipedia's "Damerau–Levenshtein distance"; q-gram sets).

double reference_jaro(const std::string& a, const std::string& b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int window = std::max(0, static_cast<int>(std::max(a.size(), b.size()) / 2) - 1);
  std::vector<bool> used_a(a.size()), used_b(b.size());
  int m = 0;
  for (int i = 0; i < static_cast<int>(a.size()); ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(static_cast<int>(b.size()) - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!used_b[j] && a[i] == b[j]) {
        used_a[i] = used_b[j] = true;
        ++m;
        break;
      }
    }
  }
  if (m == 0) return 0.0;
  std::string seq_a, seq_b;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (used_a[i]) seq_a += a[i];
  for (std::size_t j = 0; j < b.size(); ++j)
    if (used_b[j]) seq_b += b[j];
  int half_t = 0;
  for (std::size_t k = 0; k < seq_a.size(); ++k) half_t += seq_a[k] != seq_b[k];
  half_t /= 2;
  return (static_cast<double>(m) / a.size() + static_cast<double>(m) / b.size() +
          static_cast<double>(m - half_t) / m) /
         3.0;
}

int reference_levenshtein(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
  return d[a.size()][b.size()];
}

int reference_damerau_levenshtein(const std::string& a, const std::string& b) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int maxdist = n + m;
  std::map<char, int> da;
  // d[i + 1][j + 1] holds the distance between a[0..i) and b[0..j); index 0 is the border.
  std::vector<std::vector<int>> d(n + 2, std::vector<int>(m + 2, 0));
  d[0][0] = maxdist;
  for (int i = 0; i <= n; ++i) {
    d[i + 1][0] = maxdist;
    d[i + 1][1] = i;
  }
  for (int j = 0; j <= m; ++j) {
    d[0][j + 1] = maxdist;
    d[1][j + 1] = j;
  }
  for (int i = 1; i <= n; ++i) {
    int db = 0;
    for (int j = 1; j <= m; ++j) {
      const int k = da.count(b[j - 1]) ? da[b[j - 1]] : 0;
      const int l = db;
      int cost = 1;
      if (a[i - 1] == b[j - 1]) {
        cost = 0;
        db = j;
      }
      d[i + 1][j + 1] = std::min({d[i][j] + cost, d[i + 1][j] + 1, d[i][j + 1] + 1,
                                  d[k][l] + (i - k - 1) + 1 + (j - l - 1)});
    }
    da[a[i - 1]] = i;
  }
  return d[n + 1][m + 1];
}

double reference_jaccard(const std::string& a, const std::string& b, int q) {
  auto grams = [q](const std::string& s) {
    std::set<std::string> g;
    if (s.size() < static_cast<std::size_t>(q)) {
      if (!s.empty()) g.insert(s);
      return g;
    }
    for (std::size_t i = 0; i + q <= s.size(); ++i) g.insert(s.substr(i, q));
    return g;
  };
  const auto ga = grams(a);
  const auto gb = grams(b);
  if (ga.empty() && gb.empty()) return 1.0;
  std::size_t common = 0;
  for (const auto& g : ga) common += gb.count(g);
  return static_cast<double>(common) / static_cast<double>(ga.size() + gb.size() - common);
}

// ---------------------------------------------------------------------------------------------
// Jaro and Jaro–Winkler

TEST(Jaro, MatchesPublishedMarthaExample) {
  // m = 6, two characters out of order (T/H), so t = 1: (6/6 + 6/6 + 5/6) / 3.
  EXPECT_NEAR(jaro("MARTHA", "MARHTA"), 0.944444, kSixDecimals);
}

TEST(Jaro, MatchesPublishedDwayneDuaneExample) {
  EXPECT_NEAR(jaro("DWAYNE", "DUANE"), 0.822222, kSixDecimals);
}

TEST(Jaro, MatchesPublishedDixonDicksonxExample) {
  EXPECT_NEAR(jaro("DIXON", "DICKSONX"), 0.766667, kSixDecimals);
}

TEST(Jaro, MatchesPublishedJellyfishExample) {
  // Rosetta Code's Jaro task.
  EXPECT_NEAR(jaro("JELLYFISH", "SMELLYFISH"), 0.896296, kSixDecimals);
}

TEST(Jaro, CrateTraceRespectsTheMatchingWindow) {
  // Window = 5/2 - 1 = 1. C and T are 3 positions apart, too far to match; R, A and E match
  // in place: (3/5 + 3/5 + 3/3) / 3 = 0.733333. Without the window all five would match.
  EXPECT_NEAR(jaro("CRATE", "TRACE"), 0.733333, kSixDecimals);
}

TEST(Jaro, WindowIsZeroForShortStrings) {
  // max(3,3)/2 - 1 = 0: only characters in the same position match. Here none do.
  EXPECT_EQ(jaro("abc", "bca"), 0.0);
  EXPECT_EQ(jaro("ab", "ba"), 0.0);
}

TEST(Jaro, EqualAndEmptyStrings) {
  EXPECT_EQ(jaro("", ""), 1.0);
  EXPECT_EQ(jaro("x", "x"), 1.0);
  EXPECT_EQ(jaro("", "x"), 0.0);
  EXPECT_EQ(jaro("x", ""), 0.0);
  EXPECT_EQ(jaro("abc", "xyz"), 0.0);
}

TEST(JaroWinkler, MatchesWinklersPublishedMarthaExample) {
  EXPECT_NEAR(jaro_winkler("MARTHA", "MARHTA"), 0.961111, kSixDecimals);
}

TEST(JaroWinkler, MatchesPublishedDwayneDuaneExample) {
  EXPECT_NEAR(jaro_winkler("DWAYNE", "DUANE"), 0.84, kSixDecimals);
}

TEST(JaroWinkler, MatchesPublishedDixonDicksonxExample) {
  EXPECT_NEAR(jaro_winkler("DIXON", "DICKSONX"), 0.813333, kSixDecimals);
}

TEST(JaroWinkler, MatchesWinklers1990TableToThreeDecimals) {
  struct Row {
    const char* a;
    const char* b;
    double jaro;
    double jaro_winkler;
  };
  // Winkler (1990), comparison of string comparators on surname and first-name pairs.
  const Row rows[] = {
      {"SHACKLEFORD", "SHACKELFORD", 0.970, 0.982},
      {"DUNNINGHAM", "CUNNIGHAM", 0.896, 0.896},
      {"NICHLESON", "NICHULSON", 0.926, 0.956},
      {"JONES", "JOHNSON", 0.790, 0.832},
      {"MASSEY", "MASSIE", 0.889, 0.933},
      {"ABROMS", "ABRAMS", 0.889, 0.922},
      {"HARDIN", "MARTINEZ", 0.722, 0.722},
      {"ITMAN", "SMITH", 0.467, 0.467},
      {"JERALDINE", "GERALDINE", 0.926, 0.926},
      {"MICHELLE", "MICHAEL", 0.869, 0.921},
      {"JULIES", "JULIUS", 0.889, 0.933},
      {"TANYA", "TONYA", 0.867, 0.880},
      {"SEAN", "SUSAN", 0.783, 0.805},
      {"JON", "JOHN", 0.917, 0.933},
      {"JON", "JAN", 0.778, 0.800},
  };
  for (const Row& r : rows) {
    EXPECT_NEAR(jaro(r.a, r.b), r.jaro, kThreeDecimals) << r.a << "/" << r.b;
    EXPECT_NEAR(jaro_winkler(r.a, r.b), r.jaro_winkler, kThreeDecimals) << r.a << "/" << r.b;
  }
}

TEST(JaroWinkler, PrefixCountsAtMostFourCharacters) {
  // jaro = (7/8 + 7/7 + 7/7) / 3 = 0.958333; the shared prefix is 7 long but counts as 4.
  const double j = jaro("abcdefgh", "abcdefg");
  EXPECT_NEAR(j, 0.958333, kSixDecimals);
  EXPECT_NEAR(jaro_winkler("abcdefgh", "abcdefg"), j + 4 * 0.1 * (1 - j), 1e-12);
}

TEST(JaroWinkler, AppliesTheBoostWhateverTheJaroValue) {
  // jaro("ab", "ax") = (1/2 + 1/2 + 1) / 3 = 0.666667, below Winkler's 0.7 threshold; the
  // boost still applies (as in Splink and stringdist).
  EXPECT_NEAR(jaro_winkler("ab", "ax"), 2.0 / 3 + 0.1 * (1.0 / 3), 1e-12);
}

TEST(JaroWinkler, PrefixScaleIsClampedToKeepScoresInRange) {
  EXPECT_NEAR(jaro_winkler("MARTHA", "MARHTA", 1.0), jaro_winkler("MARTHA", "MARHTA", 0.25), 1e-15);
  EXPECT_LE(jaro_winkler("abcdx", "abcdy", 1.0), 1.0);
  EXPECT_EQ(jaro_winkler("MARTHA", "MARHTA", -1.0), jaro("MARTHA", "MARHTA"));
  EXPECT_EQ(jaro_winkler("MARTHA", "MARHTA", 0.0), jaro("MARTHA", "MARHTA"));
}

// ---------------------------------------------------------------------------------------------
// Levenshtein and Damerau–Levenshtein

TEST(Levenshtein, MatchesWikipediaExamples) {
  EXPECT_EQ(levenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(levenshtein("flaw", "lawn"), 2);
  EXPECT_EQ(levenshtein("saturday", "sunday"), 3);
}

TEST(Levenshtein, EmptyAndEqualStrings) {
  EXPECT_EQ(levenshtein("", ""), 0);
  EXPECT_EQ(levenshtein("", "abc"), 3);
  EXPECT_EQ(levenshtein("abc", ""), 3);
  EXPECT_EQ(levenshtein("abc", "abc"), 0);
}

TEST(Levenshtein, TranspositionCostsTwo) { EXPECT_EQ(levenshtein("ab", "ba"), 2); }

TEST(Levenshtein, HandlesStringsLongerThanOneMachineWord) {
  const std::string a(100, 'a');
  std::string b = a;
  b[10] = 'b';
  b[90] = 'c';
  EXPECT_EQ(levenshtein(a, b), 2);
  EXPECT_EQ(levenshtein(a, std::string(64, 'a')), 36);
  EXPECT_EQ(levenshtein(std::string(70, 'x'), std::string(80, 'y')), 80);
}

TEST(DamerauLevenshtein, UnrestrictedDistanceEditsSubstringsTwice) {
  // Wikipedia and the R stringdist documentation: "ca" -> "ac" -> "abc" is 2; the optimal
  // string alignment distance, which may not edit a transposed pair again, gives 3.
  EXPECT_EQ(damerau_levenshtein("ca", "abc"), 2);
  EXPECT_EQ(damerau_levenshtein("abc", "ca"), 2);
}

TEST(DamerauLevenshtein, AdjacentTranspositionCostsOne) {
  EXPECT_EQ(damerau_levenshtein("ab", "ba"), 1);
  EXPECT_EQ(damerau_levenshtein("MARTHA", "MARHTA"), 1);
  EXPECT_EQ(damerau_levenshtein("smtih", "smith"), 1);
  // Reversing "def" is not a transposition of adjacent characters: two substitutions.
  EXPECT_EQ(damerau_levenshtein("abcdef", "abcfed"), 2);
}

TEST(DamerauLevenshtein, AgreesWithLevenshteinWithoutTranspositions) {
  EXPECT_EQ(damerau_levenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(damerau_levenshtein("flaw", "lawn"), 2);
  EXPECT_EQ(damerau_levenshtein("saturday", "sunday"), 3);
}

TEST(DamerauLevenshtein, EmptyAndEqualStrings) {
  EXPECT_EQ(damerau_levenshtein("", ""), 0);
  EXPECT_EQ(damerau_levenshtein("", "abc"), 3);
  EXPECT_EQ(damerau_levenshtein("abc", ""), 3);
  EXPECT_EQ(damerau_levenshtein("abc", "abc"), 0);
}

TEST(DamerauLevenshtein, HandlesStringsLongerThanTheStackMatrix) {
  std::string a(100, 'a');
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<char>('a' + i % 26);
  std::string b = a;
  std::swap(b[10], b[11]);
  std::swap(b[70], b[71]);
  EXPECT_EQ(damerau_levenshtein(a, b), 2);
  EXPECT_EQ(levenshtein(a, b), 4);
}

// The unrestricted distance is the fewest insertions, deletions, substitutions and adjacent
// transpositions. A breadth-first search over all strings gives that number directly,
// independently of any dynamic programme.
std::unordered_map<std::string, int> edit_distances_by_search(const std::string& from,
                                                              bool transpositions) {
  const std::string alphabet = "abc";
  constexpr std::size_t kMaxLength = 6;
  std::unordered_map<std::string, int> dist{{from, 0}};
  std::deque<std::string> queue{from};
  while (!queue.empty()) {
    const std::string s = queue.front();
    queue.pop_front();
    const int next = dist[s] + 1;
    auto visit = [&](const std::string& t) {
      if (dist.emplace(t, next).second) queue.push_back(t);
    };
    for (std::size_t i = 0; i < s.size(); ++i) visit(s.substr(0, i) + s.substr(i + 1));
    if (s.size() < kMaxLength)
      for (std::size_t i = 0; i <= s.size(); ++i)
        for (char c : alphabet) visit(s.substr(0, i) + c + s.substr(i));
    for (std::size_t i = 0; i < s.size(); ++i)
      for (char c : alphabet)
        if (c != s[i]) {
          std::string t = s;
          t[i] = c;
          visit(t);
        }
    if (transpositions)
      for (std::size_t i = 0; i + 1 < s.size(); ++i)
        if (s[i] != s[i + 1]) {
          std::string t = s;
          std::swap(t[i], t[i + 1]);
          visit(t);
        }
  }
  return dist;
}

std::vector<std::string> all_strings_up_to(std::size_t length, const std::string& alphabet) {
  std::vector<std::string> out{""};
  for (std::size_t begin = 0; begin < out.size(); ++begin) {
    if (out[begin].size() == length) continue;
    for (char c : alphabet) out.push_back(out[begin] + c);
  }
  return out;
}

TEST(DamerauLevenshtein, EqualsShortestEditSequenceForAllShortStrings) {
  const auto strings = all_strings_up_to(4, "abc");
  for (const auto& a : strings) {
    const auto with = edit_distances_by_search(a, true);
    const auto without = edit_distances_by_search(a, false);
    for (const auto& b : strings) {
      ASSERT_EQ(damerau_levenshtein(a, b), with.at(b)) << a << " / " << b;
      ASSERT_EQ(levenshtein(a, b), without.at(b)) << a << " / " << b;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Jaccard

TEST(Jaccard, MatchesHandWorkedBigramExamples) {
  // night: {ni, ig, gh, ht}; nacht: {na, ac, ch, ht}. One shared of seven: 1/7.
  EXPECT_NEAR(jaccard("night", "nacht"), 1.0 / 7, 1e-15);
  // john: {jo, oh, hn}; jon: {jo, on}. One shared of four: 1/4.
  EXPECT_NEAR(jaccard("john", "jon"), 0.25, 1e-15);
  // abab: {ab, ba} (a set: "ab" counts once); ab: {ab}. One of two: 1/2.
  EXPECT_NEAR(jaccard("abab", "ab"), 0.5, 1e-15);
  // Both are the set {aa}.
  EXPECT_EQ(jaccard("aaaa", "aa"), 1.0);
}

TEST(Jaccard, OtherGramLengths) {
  // q = 3: smith {smi, mit, ith}; smyth {smy, myt, yth}: nothing shared.
  EXPECT_EQ(jaccard("smith", "smyth", 3), 0.0);
  // q = 1: the sets of letters {s, m, i, t, h} and {s, m, y, t, h}: 4 of 6.
  EXPECT_NEAR(jaccard("smith", "smyth", 1), 4.0 / 6, 1e-15);
  // q = 10 (compared as text, not packed): abcdefghijk {abcdefghij, bcdefghijk}; vs itself
  // shifted by one letter, one shared of three.
  EXPECT_NEAR(jaccard("abcdefghijk", "bcdefghijkl", 10), 1.0 / 3, 1e-15);
}

TEST(Jaccard, StringShorterThanQIsOneGramOfItself) {
  EXPECT_EQ(jaccard("a", "a"), 1.0);
  EXPECT_EQ(jaccard("a", "b"), 0.0);
  EXPECT_EQ(jaccard("a", "ab"), 0.0);  // {a} and {ab}
  EXPECT_EQ(jaccard("ab", "abc", 3), 0.0);
}

TEST(Jaccard, EqualAndEmptyStrings) {
  EXPECT_EQ(jaccard("", ""), 1.0);
  EXPECT_EQ(jaccard("", "ab"), 0.0);
  EXPECT_EQ(jaccard("ab", ""), 0.0);
  EXPECT_EQ(jaccard("abc", "abc"), 1.0);
}

TEST(Jaccard, QBelowOneIsTakenAsOne) {
  EXPECT_EQ(jaccard("smith", "smyth", 0), jaccard("smith", "smyth", 1));
  EXPECT_EQ(jaccard("smith", "smyth", -3), jaccard("smith", "smyth", 1));
}

// ---------------------------------------------------------------------------------------------
// Soundex

TEST(Soundex, MatchesNationalArchivesExamples) {
  EXPECT_EQ(soundex("Robert"), "R163");
  EXPECT_EQ(soundex("Rupert"), "R163");
  EXPECT_EQ(soundex("Rubin"), "R150");
  EXPECT_EQ(soundex("Ashcraft"), "A261");  // h does not separate s and c
  EXPECT_EQ(soundex("Ashcroft"), "A261");
  EXPECT_EQ(soundex("Tymczak"), "T522");   // vowel a separates z and k
  EXPECT_EQ(soundex("Pfister"), "P236");   // f has the first letter's code
  EXPECT_EQ(soundex("Honeyman"), "H555");  // vowels separate the three n/m
}

TEST(Soundex, PadsWithZerosAndIgnoresCaseAndNonLetters) {
  EXPECT_EQ(soundex("Lee"), "L000");
  EXPECT_EQ(soundex("ROBERT"), "R163");
  EXPECT_EQ(soundex("robert"), "R163");
  EXPECT_EQ(soundex("O'Hara"), "O600");
  EXPECT_EQ(soundex("  Washington "), "W252");
  EXPECT_EQ(soundex("Gutierrez"), "G362");
  EXPECT_EQ(soundex("Jackson"), "J250");
}

TEST(Soundex, EmptyWhenThereIsNoLetter) {
  EXPECT_EQ(soundex(""), "");
  EXPECT_EQ(soundex("1234 -"), "");
  EXPECT_EQ(soundex("\xC3\xA9"), "");  // é: not a-z
}

// ---------------------------------------------------------------------------------------------
// Properties and agreement with the reference implementations

std::string random_string(std::mt19937& rng, std::size_t length, bool small_alphabet) {
  std::string s(length, '\0');
  std::uniform_int_distribution<int> small('a', 'd');
  std::uniform_int_distribution<int> any(0, 255);
  for (char& c : s) c = static_cast<char>(small_alphabet ? small(rng) : any(rng));
  return s;
}

// A copy of `s` after a few random edits, so pairs are similar as well as dissimilar.
std::string mutate(std::mt19937& rng, std::string s) {
  std::uniform_int_distribution<int> edits(0, 4);
  std::uniform_int_distribution<int> op(0, 3);
  std::uniform_int_distribution<int> letter('a', 'e');
  for (int e = edits(rng); e > 0; --e) {
    const std::size_t pos =
        s.empty() ? 0 : std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
    switch (op(rng)) {
      case 0:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<char>(letter(rng)));
        break;
      case 1:
        if (!s.empty()) s.erase(pos, 1);
        break;
      case 2:
        if (!s.empty()) s[pos] = static_cast<char>(letter(rng));
        break;
      default:
        if (pos + 1 < s.size()) std::swap(s[pos], s[pos + 1]);
        break;
    }
  }
  return s;
}

std::vector<std::pair<std::string, std::string>> random_pairs() {
  std::mt19937 rng(20240611);
  const std::size_t lengths[] = {0, 1, 2, 3, 5, 8, 12, 31, 32, 33, 63, 64, 65, 100};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(lengths) - 1);
  std::uniform_int_distribution<std::size_t> any_length(0, 70);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int k = 0; k < 3000; ++k) {
    const bool small_alphabet = k % 4 != 0;
    const std::size_t la = k % 2 ? lengths[pick(rng)] : any_length(rng);
    std::string a = random_string(rng, la, small_alphabet);
    std::string b = k % 3 == 0 ? mutate(rng, a)
                               : random_string(rng, k % 2 ? lengths[pick(rng)] : any_length(rng),
                                               small_alphabet);
    pairs.emplace_back(std::move(a), std::move(b));
  }
  return pairs;
}

TEST(StringMetrics, FastPathsAgreeWithPlainReferenceImplementations) {
  for (const auto& [a, b] : random_pairs()) {
    const std::string shown = std::to_string(a.size()) + "/" + std::to_string(b.size());
    ASSERT_DOUBLE_EQ(jaro(a, b), reference_jaro(a, b)) << shown;
    ASSERT_EQ(levenshtein(a, b), reference_levenshtein(a, b)) << shown;
    ASSERT_EQ(damerau_levenshtein(a, b), reference_damerau_levenshtein(a, b)) << shown;
    for (int q : {1, 2, 3, 8, 9}) {
      ASSERT_DOUBLE_EQ(jaccard(a, b, q), reference_jaccard(a, b, q)) << shown << " q=" << q;
    }
  }
}

TEST(StringMetrics, AreSymmetric) {
  for (const auto& [a, b] : random_pairs()) {
    ASSERT_EQ(jaro(a, b), jaro(b, a));
    ASSERT_EQ(jaro_winkler(a, b), jaro_winkler(b, a));
    ASSERT_EQ(levenshtein(a, b), levenshtein(b, a));
    ASSERT_EQ(damerau_levenshtein(a, b), damerau_levenshtein(b, a));
    ASSERT_EQ(jaccard(a, b), jaccard(b, a));
  }
}

TEST(StringMetrics, OrderingsBetweenMetricsHold) {
  for (const auto& [a, b] : random_pairs()) {
    const double j = jaro(a, b);
    const double jw = jaro_winkler(a, b);
    ASSERT_GE(jw, j);
    ASSERT_LE(jw, 1.0);
    ASSERT_GE(j, 0.0);
    ASSERT_GE(levenshtein(a, b), damerau_levenshtein(a, b));
    // The distances are at least the length difference and at most the longer length.
    const int diff =
        static_cast<int>(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
    const int longer = static_cast<int>(std::max(a.size(), b.size()));
    ASSERT_GE(damerau_levenshtein(a, b), diff);
    ASSERT_LE(levenshtein(a, b), longer);
  }
}

TEST(StringMetrics, IdenticalStringsAreMaximallySimilar) {
  for (const auto& [a, b] : random_pairs()) {
    ASSERT_EQ(jaro(a, a), 1.0);
    ASSERT_EQ(jaro_winkler(b, b), 1.0);
    ASSERT_EQ(levenshtein(a, a), 0);
    ASSERT_EQ(damerau_levenshtein(b, b), 0);
    ASSERT_EQ(jaccard(a, a), 1.0);
  }
}

TEST(DamerauLevenshtein, SatisfiesTheTriangleInequalityUnlikeOptimalStringAlignment) {
  // OSA gives d(ca, ac) + d(ac, abc) = 1 + 1 < d(ca, abc) = 3; the unrestricted distance is a
  // metric.
  EXPECT_LE(damerau_levenshtein("ca", "abc"),
            damerau_levenshtein("ca", "ac") + damerau_levenshtein("ac", "abc"));
  const auto pairs = random_pairs();
  for (std::size_t k = 0; k + 1 < pairs.size(); ++k) {
    const auto& [a, b] = pairs[k];
    const std::string& c = pairs[k + 1].first;
    ASSERT_LE(damerau_levenshtein(a, c), damerau_levenshtein(a, b) + damerau_levenshtein(b, c));
    ASSERT_LE(levenshtein(a, c), levenshtein(a, b) + levenshtein(b, c));
  }
}

// ---------------------------------------------------------------------------------------------
// Micro-benchmark (run with --gtest_also_run_disabled_tests --gtest_filter='*Benchmark*' on a
// Release build).

// The fastest of several timed runs, so time lost to other processes on a shared machine is
// left out.
template <typename F>
double nanoseconds_per_call(const std::vector<std::pair<std::string, std::string>>& pairs, F f) {
  constexpr int kRuns = 30;
  constexpr int kRounds = 20000;
  double best = 1e300;
  double sink = 0;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < kRounds; ++r)
      for (const auto& [a, b] : pairs) sink += f(a, b);
    const auto stop = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::nano>(stop - start).count());
  }
  EXPECT_GT(sink, 0.0);  // keeps the calls from being optimised away
  return best / (static_cast<double>(kRounds) * static_cast<double>(pairs.size()));
}

void print_nanoseconds_per_call(const char* label,
                                const std::vector<std::pair<std::string, std::string>>& pairs) {
  const double jw = nanoseconds_per_call(
      pairs, [](const std::string& a, const std::string& b) { return jaro_winkler(a, b); });
  const double lev = nanoseconds_per_call(
      pairs, [](const std::string& a, const std::string& b) { return levenshtein(a, b) + 1.0; });
  const double dl = nanoseconds_per_call(pairs, [](const std::string& a, const std::string& b) {
    return damerau_levenshtein(a, b) + 1.0;
  });
  const double jac = nanoseconds_per_call(
      pairs, [](const std::string& a, const std::string& b) { return jaccard(a, b) + 1.0; });
  const double sdx = nanoseconds_per_call(pairs, [](const std::string& a, const std::string&) {
    return static_cast<double>(soundex(a)[1]);
  });
  std::printf(
      "%s, ns per call: jaro_winkler %.1f, levenshtein %.1f, damerau_levenshtein %.1f, "
      "jaccard(q=2) %.1f, soundex %.1f\n",
      label, jw, lev, dl, jac, sdx);
}

TEST(StringMetricsBenchmark, DISABLED_NanosecondsPerCallOnTypicalNames) {
  print_nanoseconds_per_call("similar names", {
                                                  {"jonathan", "johnathan"},
                                                  {"catherine", "kathryn"},
                                                  {"smith", "smyth"},
                                                  {"mohammed", "muhammad"},
                                                  {"elizabeth", "elisabeth"},
                                                  {"oconnor", "oconner"},
                                                  {"williams", "wiliams"},
                                                  {"margaret", "margret"},
                                              });
  // Most compared pairs in a block are different people.
  print_nanoseconds_per_call("unrelated names", {
                                                    {"jonathan", "margaret"},
                                                    {"catherine", "williams"},
                                                    {"smith", "okafor"},
                                                    {"mohammed", "elizabeth"},
                                                    {"patel", "johnson"},
                                                    {"oconnor", "kowalski"},
                                                    {"robert", "susan"},
                                                    {"thompson", "abigail"},
                                                });
}

}  // namespace
}  // namespace pvf::linkage
