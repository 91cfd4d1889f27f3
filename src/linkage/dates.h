// Dates of birth as agencies write them: 19800312, 1980-03-12, 12/03/1980, 12-03-1980,
// 12 Mar 1980. Day-first is assumed for slashed dates (UK usage).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pvf::linkage {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31, valid for the month and year
};

// Parses `text` (already trimmed). With a `format` it must match exactly; the format uses
// strftime's %Y (4 digits), %y (2 digits, 00-29 -> 20xx, else 19xx), %m, %d (1 or 2 digits,
// two taken when present), %b (English month abbreviation or full name, also "Sept", any
// case), %% and literal characters; it must give a year, a month and a day. Without a format
// the forms above are tried in turn (the compact form only as exactly eight digits).
// Impossible dates (31 April, 29 Feb 1981) and years outside 1800..2200 give nullopt. Pure;
// no allocation.
std::optional<Date> parse_date(std::string_view text, std::string_view format = {});

// Days since 1970-01-01 (proleptic Gregorian), negative before it.
int32_t days_since_epoch(const Date& date);

// The date as "YYYYMMDD", without a terminating NUL (year 0..9999): the text the date
// comparison's one-edit-apart level compares, so a single mistyped digit is one edit whatever
// format the source used.
void write_compact(const Date& date, char out[8]);

// The date as "YYYY-MM-DD" into `out` (replacing its content; no allocation once it has room).
void write_iso(const Date& date, std::string& out);

}  // namespace pvf::linkage
