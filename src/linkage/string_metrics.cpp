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

unsigned char byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

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
    for (std::size_t i = 0; i < pattern.size(); ++i) masks_[byte_at(pattern, i)] |= uint64_t{1} << i;
  }
  // `c` must be a byte of the pattern or the text given to the constructor.
  uint64_t operator[](unsigned char c) const { return masks_[c]; }

 private:
  uint64_t masks_[256];  // deliberately left uninitialised; see above
};

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
// window; the masks find that character with one AND and a lowest-set-bit.
JaroCounts jaro_short(std::string_view a, std::string_view b) {
  const PatternMasks pm(b, a);
  const auto w = static_cast<std::size_t>(jaro_window(a.size(), b.size()));
  uint64_t matched_a = 0;
  uint64_t matched_b = 0;
  int matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > w ? i - w : 0;
    if (lo >= b.size()) break;
    const uint64_t window = low_bits(i + w + 1) & (~uint64_t{0} << lo);
    const uint64_t candidates = pm[byte_at(a, i)] & window & ~matched_b;
    if (candidates != 0) {
      matched_b |= candidates & (~candidates + 1);  // lowest set bit
      matched_a |= uint64_t{1} << i;
      ++matches;
    }
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
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
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
// Damerau–Levenshtein (Lowrance & Wagner 1975)

// `d` is the (|a|+2) x (|b|+2) matrix, row-major; row and column 0 are the "infinity" border
// (|a|+|b|), so d(i+1, j+1) is the distance between a[0..i) and b[0..j). Cells are written
// before they are read, so `d` needs no initialisation. `last_row` must hold 0 for every byte
// of `b`; other entries may be anything (they are written, never read).
template <typename Cell>
int damerau_levenshtein_matrix(std::string_view a, std::string_view b, Cell* d, int* last_row) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  const std::size_t stride = m + 2;
  auto at = [&](std::size_t i, std::size_t j) -> Cell& { return d[i * stride + j]; };
  const int infinity = static_cast<int>(n + m);
  at(0, 0) = static_cast<Cell>(infinity);
  for (std::size_t i = 0; i <= n; ++i) {
    at(i + 1, 0) = static_cast<Cell>(infinity);
    at(i + 1, 1) = static_cast<Cell>(i);
  }
  for (std::size_t j = 0; j <= m; ++j) {
    at(0, j + 1) = static_cast<Cell>(infinity);
    at(1, j + 1) = static_cast<Cell>(j);
  }
  for (std::size_t i = 1; i <= n; ++i) {
    const unsigned char ai = byte_at(a, i - 1);
    std::size_t last_col = 0;  // last column in this row whose byte equals a[i-1]
    for (std::size_t j = 1; j <= m; ++j) {
      const unsigned char bj = byte_at(b, j - 1);
      const auto k = static_cast<std::size_t>(last_row[bj]);  // last row whose byte equals b[j-1]
      const std::size_t l = last_col;
      const int cost = ai == bj ? 0 : 1;
      if (cost == 0) last_col = j;
      // Transpose a[k-1] with a[i-1] after deleting what lies between them in `a` and
      // inserting what lies between b[l-1] and b[j-1].
      const int transpose = at(k, l) + static_cast<int>((i - k - 1) + 1 + (j - l - 1));
      const int v = std::min({at(i, j) + cost, at(i + 1, j) + 1, at(i, j + 1) + 1, transpose});
      at(i + 1, j + 1) = static_cast<Cell>(v);
    }
    last_row[ai] = static_cast<int>(i);
  }
  return at(n + 1, m + 1);
}

// ---------------------------------------------------------------------------------------------
// q-gram Jaccard

// Distinct elements common to two sorted, de-duplicated ranges.
template <typename T>
std::size_t count_common(std::span<const T> x, std::span<const T> y) {
  std::size_t common = 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}

template <typename T>
std::size_t sort_unique(T* first, std::size_t n) {
  std::sort(first, first + n);
  return static_cast<std::size_t>(std::unique(first, first + n) - first);
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

double jaccard_of_counts(std::size_t x, std::size_t y, std::size_t common) {
  return static_cast<double>(common) / static_cast<double>(x + y - common);
}

double jaccard_packed_short(std::string_view a, std::string_view b, std::size_t q) {
  uint64_t ga[kShort];
  uint64_t gb[kShort];
  const std::size_t na = sort_unique(ga, packed_grams(a, q, ga));
  const std::size_t nb = sort_unique(gb, packed_grams(b, q, gb));
  return jaccard_of_counts(na, nb, count_common<uint64_t>({ga, na}, {gb, nb}));
}

double jaccard_packed_long(std::string_view a, std::string_view b, std::size_t q) {
  std::vector<uint64_t> ga(a.size() - q + 1);
  std::vector<uint64_t> gb(b.size() - q + 1);
  const std::size_t na = sort_unique(ga.data(), packed_grams(a, q, ga.data()));
  const std::size_t nb = sort_unique(gb.data(), packed_grams(b, q, gb.data()));
  return jaccard_of_counts(na, nb,
                           count_common<uint64_t>({ga.data(), na}, {gb.data(), nb}));
}

double jaccard_views(std::string_view a, std::string_view b, std::size_t q) {
  auto grams = [q](std::string_view s) {
    std::vector<std::string_view> g;
    g.reserve(s.size() - q + 1);
    for (std::size_t i = 0; i + q <= s.size(); ++i) g.push_back(s.substr(i, q));
    g.resize(sort_unique(g.data(), g.size()));
    return g;
  };
  const std::vector<std::string_view> ga = grams(a);
  const std::vector<std::string_view> gb = grams(b);
  return jaccard_of_counts(ga.size(), gb.size(), count_common<std::string_view>(ga, gb));
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
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  if (a.size() > b.size()) std::swap(a, b);
  if (a.empty()) return static_cast<int>(b.size());
  if (a.size() <= kShort) return levenshtein_myers(a, b);
  return levenshtein_rows(a, b);
}

int damerau_levenshtein(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.empty()) return static_cast<int>(b.size());
  if (b.empty()) return static_cast<int>(a.size());
  if (a.size() <= kShort && b.size() <= kShort) {
    // Every value is at most |a| + |b| <= 128, so a byte per cell keeps the matrix at 4 KiB.
    uint8_t d[(kShort + 2) * (kShort + 2)];
    int last_row[256];  // only the entries for bytes of b need to start at 0
    for (char c : b) last_row[static_cast<unsigned char>(c)] = 0;
    return damerau_levenshtein_matrix(a, b, d, last_row);
  }
  std::vector<int> d((a.size() + 2) * (b.size() + 2));
  std::array<int, 256> last_row{};
  return damerau_levenshtein_matrix(a, b, d.data(), last_row.data());
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
