#include "linkage/string_metrics.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace pvf::linkage {
namespace {

// Strings up to this many bytes take the allocation-free paths (one bit per position).
constexpr std::size_t kShort = 64;

unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

// Bits 0..n-1 set, for 0 < n <= 64.
uint64_t low_bits(std::size_t n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }

// A pattern-match table: for each byte value, the positions where it occurs in `pattern`.
// Only the entries for bytes of `pattern` and `text` are written, and only those are read,
// which avoids zeroing 2 KiB on every call (short names touch a dozen entries).
class PatternMasks {
 public:
  PatternMasks(std::string_view pattern, std::string_view text) {
    for (char c : text) masks_[static_cast<unsigned char>(c)] = 0;
    for (char c : pattern) masks_[static_cast<unsigned char>(c)] = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i)
      masks_[byte_at(pattern, i)] |= uint64_t{1} << i;
  }
  // `c` must be a byte of the pattern or the text given to the constructor.
  uint64_t operator[](unsigned char c) const { return masks_[c]; }

 private:
  uint64_t masks_[256];  // deliberately left uninitialised; see above
};

void strip_common_affixes(std::string_view& a, std::string_view& b) {
  std::size_t prefix = 0;
  const std::size_t limit = std::min(a.size(), b.size());
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  a.remove_prefix(prefix);
  b.remove_prefix(prefix);
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
}

// ---------------------------------------------------------------------------------------------
// Jaro

struct JaroCounts {
  int matches = 0;
  int transpositions = 0;  // matched characters out of order, halved (rounded down)
};

int jaro_window(std::size_t n, std::size_t m) {
  const int w = static_cast<int>(std::max(n, m) / 2) - 1;
  return w < 0 ? 0 : w;
}

// Both strings non-empty and at most 64 bytes. The greedy rule is the textbook one: each
// character of `a`, in order, takes the first unmatched equal character of `b` within the
// window; the masks find that character with one AND and a lowest-set-bit, without branches.
JaroCounts jaro_short(std::string_view a, std::string_view b) {
  const PatternMasks pm(b, a);
  const auto w = static_cast<std::size_t>(jaro_window(a.size(), b.size()));  // at most 31
  uint64_t window = low_bits(w + 1);  // positions of b within w of i = 0
  uint64_t matched_a = 0;
  uint64_t matched_b = 0;
  int matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const uint64_t candidates = pm[byte_at(a, i)] & window & ~matched_b;
    matched_b |= candidates & (0 - candidates);  // the lowest set bit, or nothing
    matched_a |= uint64_t{candidates != 0} << i;
    matches += candidates != 0 ? 1 : 0;
    // Slide the window: its top moves up one; its bottom stays at 0 until i reaches w.
    window = (window << 1) | uint64_t{i < w};
  }
  int out_of_order = 0;
  while (matched_a != 0) {
    const auto i = static_cast<std::size_t>(std::countr_zero(matched_a));
    const auto j = static_cast<std::size_t>(std::countr_zero(matched_b));
    out_of_order += a[i] != b[j] ? 1 : 0;
    matched_a &= matched_a - 1;
    matched_b &= matched_b - 1;
  }
  return {matches, out_of_order / 2};
}

JaroCounts jaro_long(std::string_view a, std::string_view b) {
  const auto w = static_cast<std::size_t>(jaro_window(a.size(), b.size()));
  std::vector<char> matched_a(a.size(), 0);
  std::vector<char> matched_b(b.size(), 0);
  int matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > w ? i - w : 0;
    const std::size_t hi = std::min(i + w + 1, b.size());
    for (std::size_t j = lo; j < hi; ++j) {
      if (!matched_b[j] && a[i] == b[j]) {
        matched_a[i] = matched_b[j] = 1;
        ++matches;
        break;
      }
    }
  }
  int out_of_order = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!matched_a[i]) continue;
    while (!matched_b[j]) ++j;
    out_of_order += a[i] != b[j] ? 1 : 0;
    ++j;
  }
  return {matches, out_of_order / 2};
}

double jaro_impl(std::string_view a, std::string_view b) {
  // Equal non-empty strings need no special case: every character matches in order, which
  // gives exactly 1.
  if (a.empty() || b.empty()) return a.size() == b.size() ? 1.0 : 0.0;
  const JaroCounts c =
      a.size() <= kShort && b.size() <= kShort ? jaro_short(a, b) : jaro_long(a, b);
  if (c.matches == 0) return 0.0;
  const double m = c.matches;
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - c.transpositions) / m) /
         3.0;
}

// ---------------------------------------------------------------------------------------------
// Levenshtein

// Myers (1999) in Hyyrö's (2001) formulation: the DP column for `pattern` (1..64 bytes) is
// held as vertical +1/-1 delta bit vectors, so each byte of `text` costs a dozen word
// operations. `text` may be of any length.
int levenshtein_myers(std::string_view pattern, std::string_view text) {
  const PatternMasks pm(pattern, text);
  const uint64_t last = uint64_t{1} << (pattern.size() - 1);
  uint64_t pv = ~uint64_t{0};
  uint64_t mv = 0;
  int score = static_cast<int>(pattern.size());
  for (char ch : text) {
    const uint64_t eq = pm[static_cast<unsigned char>(ch)];
    const uint64_t xv = eq | mv;
    const uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    uint64_t ph = mv | ~(xh | pv);
    uint64_t mh = pv & xh;
    if (ph & last) ++score;
    if (mh & last) --score;
    // The top row of the DP is 0, 1, 2, ...: every horizontal step there is +1.
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score;
}

int levenshtein_rows(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// ---------------------------------------------------------------------------------------------
// Damerau–Levenshtein

// Lowrance & Wagner's (1975) recurrence, H(i, j) the distance between a[1..i] and b[1..j]:
// besides the Levenshtein moves, a[k] and a[i] may be transposed to match b[j] and b[l] (k the
// last row with a[k] == b[j], l the last column with b[l] == a[i]) at cost
// H(k-1, l-1) + (i-k-1) + 1 + (j-l-1). When both gaps are non-empty, plain edits of the two
// stretches cost no more, so only j - l == 1 or i - k == 1 need checking. That lets the
// matrix shrink to three rows (Zhao & Sahni 2020): fr[j] remembers H(k-1, j-2) from the row
// k where column j last matched, and t remembers H(i-2, l-1) from the column l where this
// row last matched.
//
// `scratch` holds 3 * (|b| + 2) ints; `last_row` must hold -1 for every byte of `b` (other
// entries are written, never read).
int damerau_levenshtein_rows(std::string_view a, std::string_view b, int* scratch, int* last_row) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int infinity = std::max(n, m) + 1;
  // Rows are indexed from -1 (a column that stays infinite) to m.
  int* row = scratch + 1;              // row i; holds row i-2 until overwritten
  int* above = scratch + (m + 2) + 1;  // row i-1
  int* fr = scratch + 2 * (m + 2) + 1;
  row[-1] = infinity;
  for (int j = 0; j <= m; ++j) row[j] = j;                    // row 0
  for (int j = -1; j <= m; ++j) above[j] = fr[j] = infinity;  // row -1
  for (int i = 1; i <= n; ++i) {
    std::swap(row, above);
    const auto ai = static_cast<unsigned char>(a[static_cast<std::size_t>(i - 1)]);
    int two_above_left = row[0];  // H(i-2, j-1) as j advances
    int left = i;                 // H(i, j-1), kept in a register
    row[0] = i;
    int l = -1;  // last column in this row with b[l] == a[i]; -1 keeps j - l above 1
    int t = infinity;
    for (int j = 1; j <= m; ++j) {
      const auto bj = static_cast<unsigned char>(b[static_cast<std::size_t>(j - 1)]);
      int v = std::min(above[j - 1] + (ai == bj ? 0 : 1), above[j] + 1);
      if (ai == bj) {
        l = j;
        fr[j] = above[j - 2];
        t = two_above_left;
      } else {
        const int k = last_row[bj];  // -1 when b[j] is not in a[1..i-1]
        if (j - l == 1) {
          v = std::min(v, fr[j] + (i - k));
        } else if (i - k == 1) {
          v = std::min(v, t + (j - l));
        }
      }
      left = std::min(v, left + 1);
      two_above_left = row[j];
      row[j] = left;
    }
    last_row[ai] = i;
  }
  return row[m];
}

// Whether some adjacent pair "xy" (x != y) of one string has y before x somewhere in the
// other: the only shape in which a transposition can beat plain edits (the j - l == 1 and
// i - k == 1 cases above). When there is none, the Damerau–Levenshtein distance is the
// Levenshtein distance, which the bit-parallel algorithm finds several times faster; unrelated
// names, the bulk of compared pairs, usually qualify. Both strings at most 64 bytes.
bool transposition_may_help(std::string_view a, std::string_view b) {
  // First and last position of each byte in a and in b. Entries are written for the bytes of
  // a and b only, and only those are read; an absent byte has first 0xFF (after any last) and
  // last 0 (before any first).
  uint8_t first_a[256], last_a[256], first_b[256], last_b[256];
  auto mark_absent = [&](std::string_view s) {
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      first_a[c] = first_b[c] = 0xFF;
      last_a[c] = last_b[c] = 0;
    }
  };
  mark_absent(a);
  mark_absent(b);
  auto record = [](std::string_view s, uint8_t* first, uint8_t* last) {
    for (std::size_t i = s.size(); i-- > 0;) first[byte_at(s, i)] = static_cast<uint8_t>(i);
    for (std::size_t i = 0; i < s.size(); ++i) last[byte_at(s, i)] = static_cast<uint8_t>(i);
  };
  record(a, first_a, last_a);
  record(b, first_b, last_b);
  auto reversed_in = [](std::string_view s, const uint8_t* first, const uint8_t* last) {
    bool found = false;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      const unsigned char x = byte_at(s, i);
      const unsigned char y = byte_at(s, i + 1);
      found |= x != y && first[y] < last[x];
    }
    return found;
  };
  return reversed_in(b, first_a, last_a) || reversed_in(a, first_b, last_b);
}

// ---------------------------------------------------------------------------------------------
// q-gram Jaccard

struct SetSizes {
  std::size_t x = 0;       // distinct elements of x
  std::size_t y = 0;       // distinct elements of y
  std::size_t common = 0;  // distinct elements in both
};

// One merge over two sorted ranges that may hold repeats.
template <typename T>
SetSizes set_sizes(std::span<const T> x, std::span<const T> y) {
  SetSizes s;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < x.size() || j < y.size()) {
    const bool take_x = j == y.size() || (i < x.size() && !(y[j] < x[i]));
    const bool take_y = i == x.size() || (j < y.size() && !(x[i] < y[j]));
    const T value = take_x ? x[i] : y[j];
    s.x += take_x ? 1 : 0;
    s.y += take_y ? 1 : 0;
    s.common += take_x && take_y ? 1 : 0;
    while (take_x && i < x.size() && x[i] == value) ++i;
    while (take_y && j < y.size() && y[j] == value) ++j;
  }
  return s;
}

double jaccard_of(const SetSizes& s) {
  return static_cast<double>(s.common) / static_cast<double>(s.x + s.y - s.common);
}

// For the few grams of a name, insertion sort beats std::sort's set-up.
void insertion_sort(uint64_t* v, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    const uint64_t x = v[i];
    std::size_t j = i;
    for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];
    v[j] = x;
  }
}

// q-grams of up to 8 bytes packed into an integer, so sets are sorted arrays of integers and
// equal integers mean equal grams (the packing is exact, not a hash). Returns the count.
std::size_t packed_grams(std::string_view s, std::size_t q, uint64_t* out) {
  const uint64_t mask = q >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * q)) - 1;
  uint64_t key = 0;
  for (std::size_t i = 0; i < q - 1; ++i) key = (key << 8) | byte_at(s, i);
  std::size_t count = 0;
  for (std::size_t i = q - 1; i < s.size(); ++i) {
    key = ((key << 8) | byte_at(s, i)) & mask;
    out[count++] = key;
  }
  return count;
}

double jaccard_packed_short(std::string_view a, std::string_view b, std::size_t q) {
  uint64_t ga[kShort];
  uint64_t gb[kShort];
  const std::size_t na = packed_grams(a, q, ga);
  const std::size_t nb = packed_grams(b, q, gb);
  insertion_sort(ga, na);
  insertion_sort(gb, nb);
  return jaccard_of(set_sizes<uint64_t>({ga, na}, {gb, nb}));
}

double jaccard_packed_long(std::string_view a, std::string_view b, std::size_t q) {
  std::vector<uint64_t> ga(a.size() - q + 1);
  std::vector<uint64_t> gb(b.size() - q + 1);
  packed_grams(a, q, ga.data());
  packed_grams(b, q, gb.data());
  std::sort(ga.begin(), ga.end());
  std::sort(gb.begin(), gb.end());
  return jaccard_of(set_sizes<uint64_t>(ga, gb));
}

double jaccard_views(std::string_view a, std::string_view b, std::size_t q) {
  auto grams = [q](std::string_view s) {
    std::vector<std::string_view> g;
    g.reserve(s.size() - q + 1);
    for (std::size_t i = 0; i + q <= s.size(); ++i) g.push_back(s.substr(i, q));
    std::sort(g.begin(), g.end());
    return g;
  };
  return jaccard_of(set_sizes<std::string_view>(grams(a), grams(b)));
}

}  // namespace

double jaro(std::string_view a, std::string_view b) { return jaro_impl(a, b); }

double jaro_winkler(std::string_view a, std::string_view b, double prefix_scale) {
  // Above 0.25 the score could exceed 1; NaN fails both comparisons and becomes 0.
  const double p = prefix_scale > 0.25 ? 0.25 : (prefix_scale > 0.0 ? prefix_scale : 0.0);
  const double j = jaro_impl(a, b);
  const std::size_t limit = std::min<std::size_t>({4, a.size(), b.size()});
  std::size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return j + static_cast<double>(prefix) * p * (1.0 - j);
}

int levenshtein(std::string_view a, std::string_view b) {
  // A shared prefix or suffix never changes the distance; names often share both.
  strip_common_affixes(a, b);
  if (a.size() > b.size()) std::swap(a, b);
  if (a.empty()) return static_cast<int>(b.size());
  if (a.size() <= kShort) return levenshtein_myers(a, b);
  return levenshtein_rows(a, b);
}

int damerau_levenshtein(std::string_view a, std::string_view b) {
  // As for Levenshtein, a shared prefix or suffix never changes the distance (the
  // exhaustive test in string_metrics_test.cpp checks this against a search over all edits).
  strip_common_affixes(a, b);
  if (a.size() < b.size()) std::swap(a, b);  // the rows run along the shorter string
  if (b.empty()) return static_cast<int>(a.size());
  if (a.size() <= kShort && !transposition_may_help(a, b)) {
    return levenshtein_myers(b, a);
  }
  if (b.size() <= kShort) {
    int scratch[3 * (kShort + 2)];
    int last_row[256];
    for (char c : b) last_row[static_cast<unsigned char>(c)] = -1;
    return damerau_levenshtein_rows(a, b, scratch, last_row);
  }
  std::vector<int> scratch(3 * (b.size() + 2));
  std::array<int, 256> last_row;
  last_row.fill(-1);
  return damerau_levenshtein_rows(a, b, scratch.data(), last_row.data());
}

double jaccard(std::string_view a, std::string_view b, int q) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const auto gram = static_cast<std::size_t>(q < 1 ? 1 : q);
  // A string shorter than q is one gram of itself. That gram is shorter than any q-gram of
  // the other string and differs from the other's own short gram (the strings differ), so the
  // sets are disjoint.
  if (a.size() < gram || b.size() < gram) return 0.0;
  if (gram > 8) return jaccard_views(a, b, gram);
  if (a.size() <= kShort && b.size() <= kShort) return jaccard_packed_short(a, b, gram);
  return jaccard_packed_long(a, b, gram);
}

std::string soundex(std::string_view text) {
  // Codes for a..z; '0' for vowels (and y), which separate equal codes; '-' for h and w,
  // which do not (so "Ashcraft" is A261: s and c, with h between, count once).
  static constexpr char kCodes[] = "0123012-02245501262301-202";
  std::string out;
  char previous = 0;
  for (char ch : text) {
    char c = ch;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') continue;
    const char code = kCodes[c - 'a'];
    if (out.empty()) {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
      previous = code;
      continue;
    }
    if (code == '-') continue;
    if (code != '0' && code != previous) {
      out.push_back(code);
      if (out.size() == 4) return out;
    }
    previous = code;
  }
  if (!out.empty()) out.resize(4, '0');
  return out;
}

}  // namespace pvf::linkage
