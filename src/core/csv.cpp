#include "core/csv.h"

#include <charconv>
#include <cmath>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace pvf::csv {
namespace {

std::string trim_copy(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<size_t> Table::column(std::string_view name) const {
  const std::string wanted = trim_copy(name);
  for (size_t i = 0; i < header.size(); ++i)
    if (iequals(trim_copy(header[i]), wanted)) return i;
  return std::nullopt;
}

std::string Table::where(const Row& row, std::string_view col) const {
  return source + ":" + std::to_string(row.line) + ":" + std::string(col);
}

Result<Table> parse(std::string_view text, std::string source, bool trim) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Table table;
  table.source = std::move(source);
  std::vector<Row> records;
  Row current;
  std::string field;
  bool in_quotes = false, was_quoted = false, row_has_content = false;
  int line = 1;
  current.line = 1;

  auto end_field = [&] {
    current.fields.push_back(trim && !was_quoted ? trim_copy(field) : field);
    field.clear();
    was_quoted = false;
  };
  auto end_row = [&] {
    end_field();
    if (row_has_content || current.fields.size() > 1) records.push_back(std::move(current));
    current = Row{};
    row_has_content = false;
  };

  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && trim_copy(field).empty()) {
      field.clear();
      in_quotes = was_quoted = row_has_content = true;
    } else if (c == ',') {
      end_field();
      row_has_content = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
      current.line = line;
    } else {
      field += c;
      if (c != ' ' && c != '\t') row_has_content = true;
    }
  }
  if (in_quotes)
    return fail(Error::invalid("a quoted field is not closed before the end of the file",
                               table.source + ":" + std::to_string(current.line)));
  if (!field.empty() || !current.fields.empty() || row_has_content) end_row();

  if (records.empty()) return fail(Error::invalid("the file is empty: expected a header row", table.source));
  table.header = std::move(records.front().fields);
  Error error = Error::invalid("rows do not match the header", table.source);
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].fields.size() != table.header.size()) {
      error.details.push_back({table.source + ":" + std::to_string(records[r].line),
                               "has " + std::to_string(records[r].fields.size()) +
                                   " fields, the header has " +
                                   std::to_string(table.header.size())});
      continue;
    }
    table.rows.push_back(std::move(records[r]));
  }
  if (!error.details.empty()) {
    error.where = error.details.front().where;
    return fail(std::move(error));
  }
  return table;
}

Result<Table> read_file(const std::string& path, bool trim) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::io("cannot open the file", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path, trim);
}

std::string escape(std::string_view f) {
  if (f.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(f);
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += escape(fields[i]);
  }
  out += '\n';
  return out;
}

std::string format_number(double value, int significant) {
  if (!std::isfinite(value)) return {};
  if (significant > 0) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value,
                                         std::chars_format::scientific, significant - 1);
    if (ec == std::errc()) std::from_chars(buf, end, value);
  }
  const double a = std::fabs(value);
  const bool plain = a == 0 || (a >= 1e-6 && a < 1e16);
  char buf[64];
  const auto [end, ec] = plain
                             ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                             : std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace pvf::csv
