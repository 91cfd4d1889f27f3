#include "core/period.h"

#include <charconv>

namespace pvf {
namespace {

bool parse_digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::string two_digits(int v) {
  v %= 100;
  return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

}  // namespace

Result<Period> Period::parse(std::string_view text) {
  const std::string shown{text};
  auto bad = [&](std::string why) {
    return fail(Error::invalid("'" + shown + "' is not a period: " + why +
                               " (use a financial year like 2024-25, a quarter like 2024-25 Q1, "
                               "or a calendar year like 2024)"));
  };
  int year = 0;
  if (text.size() == 4) {
    if (!parse_digits(text, year)) return bad("expected four digits");
    return Period(Kind::calendar_year, year, 0);
  }
  if (text.size() != 7 && text.size() != 10) return bad("wrong length");
  if (!parse_digits(text.substr(0, 4), year) || text[4] != '-') return bad("expected YYYY-YY");
  int end = 0;
  if (!parse_digits(text.substr(5, 2), end)) return bad("expected YYYY-YY");
  if (end != (year + 1) % 100) return bad("the two years must be consecutive");
  if (text.size() == 7) return Period(Kind::financial_year, year, 0);
  if (text[7] != ' ' || text[8] != 'Q' || text[9] < '1' || text[9] > '4')
    return bad("expected a quarter Q1 to Q4");
  return Period(Kind::financial_quarter, year, text[9] - '0');
}

std::string Period::to_string() const {
  std::string out = std::to_string(year_);
  switch (kind_) {
    case Kind::calendar_year: return out;
    case Kind::financial_year: return out + "-" + two_digits(year_ + 1);
    case Kind::financial_quarter:
      return out + "-" + two_digits(year_ + 1) + " Q" + std::to_string(quarter_);
  }
  return out;
}

Period Period::previous() const {
  if (kind_ == Kind::financial_quarter)
    return quarter_ == 1 ? Period(kind_, year_ - 1, 4) : Period(kind_, year_, quarter_ - 1);
  return Period(kind_, year_ - 1, 0);
}

Period Period::next() const {
  if (kind_ == Kind::financial_quarter)
    return quarter_ == 4 ? Period(kind_, year_ + 1, 1) : Period(kind_, year_, quarter_ + 1);
  return Period(kind_, year_ + 1, 0);
}

const char* period_kind_name(Period::Kind kind) {
  switch (kind) {
    case Period::Kind::financial_year:
      return "a financial year";
    case Period::Kind::financial_quarter:
      return "a quarter";
    case Period::Kind::calendar_year:
      return "a calendar year";
  }
  return "a period";
}

const char* period_kind_plural(Period::Kind kind) {
  switch (kind) {
    case Period::Kind::financial_year:
      return "financial years";
    case Period::Kind::financial_quarter:
      return "quarters";
    case Period::Kind::calendar_year:
      return "calendar years";
  }
  return "periods";
}

}  // namespace pvf
