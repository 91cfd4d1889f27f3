#include "linkage/postcode.h"

#include <cstddef>

namespace pvf::linkage {
namespace {

constexpr std::size_t kMaxCompact = 7;  // "AA9A9AA" without its space

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// The outward code's shapes: A9, A99, A9A, AA9, AA99, AA9A. Returns the number of leading
// letters (the area's length), 0 when the shape is wrong.
std::size_t area_length(std::string_view out) {
  if (out.size() < 2 || out.size() > 4 || !is_letter(out[0])) return 0;
  const std::size_t letters = is_letter(out[1]) ? 2 : 1;
  if (out.size() < letters + 1 || !is_digit(out[letters])) return 0;
  const std::string_view rest = out.substr(letters + 1);  // after the district's first digit
  if (rest.empty()) return letters;
  if (rest.size() == 1 && (is_digit(rest[0]) || is_letter(rest[0]))) return letters;
  return 0;
}

}  // namespace

std::optional<Postcode> parse_uk_postcode(std::string_view text) {
  char compact[kMaxCompact];
  std::size_t n = 0;
  for (char c : text) {
    if (is_space(c)) continue;
    if (n == kMaxCompact) return std::nullopt;
    compact[n++] = upper(c);
  }
  if (n < 5) return std::nullopt;  // the shortest, A9 9AA

  // The inward code is always the last three characters: a digit and two letters.
  char* in = compact + n - 3;
  if (in[0] == 'O') in[0] = '0';  // the usual slip; O never stands there in a real postcode
  if (!is_digit(in[0]) || !is_letter(in[1]) || !is_letter(in[2])) return std::nullopt;

  const std::string_view outward(compact, n - 3);
  const std::string_view inward(in, 3);
  std::size_t area = area_length(outward);
  if (area == 0) {
    // Girobank's GIR 0AA is the one postcode outside the pattern.
    if (outward != "GIR" || inward != "0AA") return std::nullopt;
    area = 3;
  }

  Postcode p;
  p.district = std::string(outward);
  p.full = p.district + ' ' + std::string(inward);
  p.sector = p.full.substr(0, outward.size() + 2);
  p.area = p.district.substr(0, area);
  return p;
}

}  // namespace pvf::linkage
