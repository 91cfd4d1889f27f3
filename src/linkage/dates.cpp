#include "linkage/dates.h"

#include <array>
#include <cstddef>

namespace pvf::linkage {
namespace {

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2200;
// %y: two-digit years up to this value are read as 20xx, the rest as 19xx.
constexpr int kTwoDigitPivot = 29;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

bool equals_ignoring_case(std::string_view text, std::string_view lower_word) {
  if (text.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (lower(text[i]) != lower_word[i]) return false;
  return true;
}

// 1..12 for an English month name or abbreviation (any case), 0 otherwise. "Sept" is accepted
// because it is the usual British abbreviation.
int month_from_name(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (equals_ignoring_case(word, kNames[i]) || equals_ignoring_case(word, kNames[i].substr(0, 3)))
      return static_cast<int>(i) + 1;
  }
  if (equals_ignoring_case(word, "sept")) return 9;
  return 0;
}

// Reads between min_digits and max_digits digits (as many as are there) from text[pos].
bool read_number(std::string_view text, std::size_t& pos, int min_digits, int max_digits,
                 int& out) {
  int value = 0;
  int n = 0;
  while (n < max_digits && pos < text.size() && is_digit(text[pos])) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  if (n < min_digits) return false;
  out = value;
  return true;
}

std::optional<Date> parse_with(std::string_view text, std::string_view format) {
  Date d;
  std::size_t pos = 0;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%') {
      if (pos >= text.size() || text[pos] != format[f]) return std::nullopt;
      ++pos;
      continue;
    }
    if (++f == format.size()) return std::nullopt;  // a lone % at the end
    switch (format[f]) {
      case 'Y':
        if (!read_number(text, pos, 4, 4, d.year)) return std::nullopt;
        break;
      case 'y': {
        int yy = 0;
        if (!read_number(text, pos, 2, 2, yy)) return std::nullopt;
        d.year = yy <= kTwoDigitPivot ? 2000 + yy : 1900 + yy;
        break;
      }
      case 'm':
        if (!read_number(text, pos, 1, 2, d.month)) return std::nullopt;
        break;
      case 'd':
        if (!read_number(text, pos, 1, 2, d.day)) return std::nullopt;
        break;
      case 'b': {
        const std::size_t start = pos;
        while (pos < text.size() && is_alpha(text[pos])) ++pos;
        d.month = month_from_name(text.substr(start, pos - start));
        if (d.month == 0) return std::nullopt;
        break;
      }
      case '%':
        if (pos >= text.size() || text[pos] != '%') return std::nullopt;
        ++pos;
        break;
      default:
        return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > days_in_month(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text, std::string_view format) {
  if (!format.empty()) return parse_with(text, format);
  // Compact dates must be exactly eight digits: "1980312" is more likely a slip than 1980-03-12
  // or 1980-31-2, and %m/%d alone would accept it.
  if (text.size() == 8) {
    if (auto d = parse_with(text, "%Y%m%d")) return d;
  }
  for (std::string_view f : {"%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %b %Y"}) {
    if (auto d = parse_with(text, f)) return d;
  }
  return std::nullopt;
}

int32_t days_since_epoch(const Date& date) {
  // Howard Hinnant's days_from_civil: counts in 400-year eras that start on 1 March, so the
  // leap day falls at the end of each era-year.
  const int y = date.year - (date.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;  // 0..399
  const int doy =
      (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;  // 0..365
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                        // 0..146096
  return era * 146097 + doe - 719468;
}

void write_compact(const Date& date, char out[8]) {
  // Unsigned arithmetic keeps a (contract-breaking) negative year from reaching UB.
  auto put = [](char* p, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(out, static_cast<unsigned>(date.year), 4);
  put(out + 4, static_cast<unsigned>(date.month), 2);
  put(out + 6, static_cast<unsigned>(date.day), 2);
}

void write_iso(const Date& d, std::string& out) {
  char buffer[10];
  buffer[0] = static_cast<char>('0' + d.year / 1000 % 10);
  buffer[1] = static_cast<char>('0' + d.year / 100 % 10);
  buffer[2] = static_cast<char>('0' + d.year / 10 % 10);
  buffer[3] = static_cast<char>('0' + d.year % 10);
  buffer[4] = '-';
  buffer[5] = static_cast<char>('0' + d.month / 10);
  buffer[6] = static_cast<char>('0' + d.month % 10);
  buffer[7] = '-';
  buffer[8] = static_cast<char>('0' + d.day / 10);
  buffer[9] = static_cast<char>('0' + d.day % 10);
  out.assign(buffer, 10);
}

}  // namespace pvf::linkage
