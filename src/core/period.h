// Reporting periods: UK financial years ("2024-25", April to March), their quarters
// ("2024-25 Q1", April to June) and calendar years ("2024").
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pvf {

class Period {
 public:
  enum class Kind { financial_year, financial_quarter, calendar_year };

  // Parses the canonical text forms above; "2024-25" must have consecutive years.
  static Result<Period> parse(std::string_view text);

  Kind kind() const { return kind_; }
  int start_year() const { return year_; }  // 2024 for "2024-25" and "2024"
  int quarter() const { return quarter_; }  // 1..4 for quarters, 0 otherwise
  std::string to_string() const;

  // The period immediately before, of the same kind.
  Period previous() const;
  Period next() const;

  // Periods of the same kind order in time; across kinds, by kind then time.
  auto operator<=>(const Period&) const = default;

 private:
  Period(Kind kind, int year, int quarter) : kind_(kind), year_(year), quarter_(quarter) {}
  Kind kind_;
  int year_;
  int quarter_;
};

// For messages: "a financial year", "a quarter", "a calendar year".
const char* period_kind_name(Period::Kind kind);
// For messages: "financial years", "quarters", "calendar years".
const char* period_kind_plural(Period::Kind kind);

}  // namespace pvf
