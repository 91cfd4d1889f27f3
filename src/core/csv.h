// CSV as Excel and R write it (RFC 4180): quoted fields may hold commas, quotes ("") and
// line breaks; a UTF-8 byte-order mark and CRLF line ends are accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pvf::csv {

struct Row {
  int line = 0;  // 1-based line in the file where the row starts (the header is line 1)
  std::vector<std::string> fields;
};

struct Table {
  std::string source;  // file name used in error messages
  std::vector<std::string> header;
  std::vector<Row> rows;

  // Index of a header column, or nullopt. Matching ignores case and surrounding spaces.
  std::optional<size_t> column(std::string_view name) const;
  // "file.csv:12:name", for error messages.
  std::string where(const Row& row, std::string_view column) const;
};

// Parses the whole text. Each row must have as many fields as the header; blank lines are skipped.
// `trim` strips spaces around unquoted fields (FEBRL files separate fields with ", ").
Result<Table> parse(std::string_view text, std::string source, bool trim = true);

// Reads and parses a file; errors name the file.
Result<Table> read_file(const std::string& path, bool trim = true);

// Quotes a field when it holds a comma, quote, or line break. Fields that a spreadsheet would
// run as a formula (=, +, -, @ first) are left alone: pvf writes numbers with signs.
std::string escape(std::string_view field);
std::string format_row(const std::vector<std::string>& fields);

// A number as a CSV cell: the shortest text that reads back as `value`, without an exponent
// from 1e-6 to 1e16 ("0.5", "1234567", "1e+20"); empty for a non-finite value. With
// `significant` > 0 it is first rounded to that many significant digits, for solver results
// whose last digits are noise (an LP's 0.9999999999999998 prints as 1).
std::string format_number(double value, int significant = 0);

}  // namespace pvf::csv
