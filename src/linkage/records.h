// The records to link, standardised once and held column by column: each value is interned, so
// a record stores a 32-bit id per column, exact agreement is id equality, and a value's
// derived forms (parsed date, postcode parts, encoding) are computed once per distinct value.
// Memory: about 4 bytes per record per column plus each distinct value once.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "linkage/settings.h"

namespace pvf::linkage {

// Distinct values of a column; id 0 is "missing". Views returned stay valid for the pool's life.
class ValuePool {
 public:
  ValuePool();
  // Moving keeps the views valid (a deque's elements stay put); copying would not.
  ValuePool(ValuePool&&) = default;
  ValuePool& operator=(ValuePool&&) = default;
  ValuePool(const ValuePool&) = delete;
  ValuePool& operator=(const ValuePool&) = delete;
  uint32_t intern(std::string_view value);  // the empty string interns as 0
  std::string_view text(uint32_t id) const { return values_[id]; }
  std::size_t size() const { return values_.size(); }  // including the missing value

 private:
  std::deque<std::string> values_;  // a deque never moves its strings, so views stay valid
  std::unordered_map<std::string_view, uint32_t> ids_;
};

// How a column's raw text is standardised, from how the settings use it.
enum class ColumnKind {
  text,      // normalise_text
  date,      // parsed (the date comparison's format, else recognised) and written YYYY-MM-DD
  postcode,  // a UK postcode written "SW1A 1AA"; other text normalised
  number,    // a decimal number as written (trimmed); not a number = missing
  encoding,  // a CLK in base64, kept as written
};

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::text;
  std::string date_format;        // date: empty = recognise
  std::vector<uint32_t> value;    // per record; 0 = missing
  std::vector<uint32_t> count;    // per value id: how many records hold it (0 for id 0)
  ValuePool pool;
  uint64_t unparsed = 0;          // values present but not a date / number: left missing
  int first_unparsed_line = 0;    // line of the first such value (for the warning)
  std::string first_unparsed_source;
};

struct Records {
  std::vector<std::string> unique_id;  // as written
  std::vector<uint8_t> source;         // 0 = the first (or only) file, 1 = the second
  std::vector<std::string> source_names;
  std::vector<Column> columns;         // every column the settings reference, but the unique id

  std::size_t size() const { return unique_id.size(); }
  std::size_t count_in(uint8_t s) const;
  // Index into columns, or -1.
  int column_index(std::string_view name) const;
};

// Builds Records from one or two sources, row by row (the caller streams the CSV).
class RecordsBuilder {
 public:
  explicit RecordsBuilder(const LinkSettings& settings);

  // Starts a source; errors name `name` and each column the settings use that it lacks.
  Status begin_source(std::string name, const std::vector<std::string>& header);
  // One row in header order; `line` for messages. A missing or repeated unique id is an error
  // naming "file:line:column" (no value is quoted: identifiers are personal data).
  Status add_row(std::span<const std::string_view> fields, int line);
  Records finish();

 private:
  struct Binding {
    int column = -1;  // into records_.columns
    std::size_t field = 0;
  };
  const LinkSettings& settings_;
  Records records_;
  std::size_t id_field_ = 0;
  std::size_t field_count_ = 0;
  std::vector<Binding> bindings_;
  std::unordered_map<std::string, uint32_t> seen_ids_;  // per source, cleared between
  std::string scratch_;
};

}  // namespace pvf::linkage
