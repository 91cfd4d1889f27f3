#include "linkage/records.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "linkage/clk.h"
#include "linkage/dates.h"
#include "linkage/postcode.h"
#include "linkage/text.h"

namespace pvf::linkage {

ValuePool::ValuePool() {
  values_.emplace_back();
  ids_.emplace(std::string_view(values_.front()), 0);
}

uint32_t ValuePool::intern(std::string_view value) {
  if (value.empty()) return 0;
  if (auto it = ids_.find(value); it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(values_.size());
  values_.emplace_back(value);
  ids_.emplace(std::string_view(values_.back()), id);
  return id;
}

std::size_t Records::count_in(uint8_t s) const {
  return static_cast<std::size_t>(std::count(source.begin(), source.end(), s));
}

int Records::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace {

// A column's kind follows its comparison; a column only used in blocking is text, unless a
// year() key reads it, which needs it parsed as a date.
Column column_for(const LinkSettings& settings, const std::string& name) {
  Column column;
  column.name = name;
  for (const auto& c : settings.comparisons) {
    if (c.column != name) continue;
    switch (c.method) {
      case ComparisonMethod::date:
        column.kind = ColumnKind::date;
        column.date_format = c.format;
        break;
      case ComparisonMethod::postcode:
        column.kind = ColumnKind::postcode;
        break;
      case ComparisonMethod::numeric:
        column.kind = ColumnKind::number;
        break;
      case ComparisonMethod::dice:
        column.kind = ColumnKind::encoding;
        break;
      default:
        break;
    }
    return column;
  }
  for (const auto* rules : {&settings.blocking_rules, &settings.training_blocking_rules,
                            &settings.deterministic_rules})
    for (const auto& rule : *rules)
      for (const auto& key : rule)
        if (key.column == name && key.kind == BlockingKey::Kind::year)
          column.kind = ColumnKind::date;
  return column;
}


}  // namespace

RecordsBuilder::RecordsBuilder(const LinkSettings& settings) : settings_(settings) {
  for (const auto& name : referenced_columns(settings))
    if (name != settings.unique_id_column) records_.columns.push_back(column_for(settings, name));
}

Status RecordsBuilder::begin_source(std::string name, const std::vector<std::string>& header) {
  if (auto ok = check_columns(settings_, header, name); !ok) return ok;
  if (records_.source_names.size() >= 2)
    return fail(Error::invalid("at most two sources can be linked", name));
  auto field_of = [&](const std::string& column) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), column) -
                                    header.begin());
  };
  id_field_ = field_of(settings_.unique_id_column);
  field_count_ = header.size();
  bindings_.clear();
  for (std::size_t c = 0; c < records_.columns.size(); ++c)
    bindings_.push_back({static_cast<int>(c), field_of(records_.columns[c].name)});
  records_.source_names.push_back(std::move(name));
  seen_ids_.clear();
  return {};
}

Status RecordsBuilder::add_row(std::span<const std::string_view> fields, int line) {
  const std::string& source = records_.source_names.back();
  auto where = [&](std::string_view column) {
    return source + ":" + std::to_string(line) + ":" + std::string(column);
  };
  if (fields.size() != field_count_)
    return fail(Error::invalid("the row has " + std::to_string(fields.size()) +
                                   " fields; the header has " + std::to_string(field_count_),
                               source + ":" + std::to_string(line)));
  std::string_view id = fields[id_field_];
  if (id.empty())
    return fail(Error::invalid("the unique id is missing", where(settings_.unique_id_column)));
  auto index = static_cast<uint32_t>(records_.unique_id.size());
  auto [it, inserted] = seen_ids_.emplace(std::string(id), index);
  if (!inserted)
    return fail(Error::invalid("this unique id is already used on another row of the file",
                               where(settings_.unique_id_column)));
  records_.unique_id.emplace_back(id);
  records_.source.push_back(static_cast<uint8_t>(records_.source_names.size() - 1));
  for (const auto& binding : bindings_) {
    Column& column = records_.columns[static_cast<std::size_t>(binding.column)];
    std::string_view raw = fields[binding.field];
    uint32_t value = 0;
    if (!raw.empty()) {
      bool parsed = true;
      switch (column.kind) {
        case ColumnKind::text:
          scratch_ = normalise_text(raw);
          break;
        case ColumnKind::date:
          if (auto date = parse_date(raw, column.date_format)) {
            write_iso(*date, scratch_);
          } else {
            parsed = false;
          }
          break;
        case ColumnKind::postcode:
          if (auto postcode = parse_uk_postcode(raw)) {
            scratch_ = postcode->full;
          } else {
            scratch_ = normalise_text(raw);
          }
          break;
        case ColumnKind::number: {
          double number = 0;
          auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), number);
          parsed = ec == std::errc() && end == raw.data() + raw.size() && std::isfinite(number);
          if (parsed) scratch_.assign(raw);
          break;
        }
        case ColumnKind::encoding:
          if (!clk_from_base64(raw))
            return fail(Error::invalid(
                "not a 1,024-bit encoding in base64 (made by pvf link encode)", where(column.name)));
          scratch_.assign(raw);
          break;
      }
      if (parsed) {
        value = column.pool.intern(scratch_);
      } else if (column.unparsed++ == 0) {
        column.first_unparsed_line = line;
        column.first_unparsed_source = source;
      }
    }
    column.value.push_back(value);
    if (column.count.size() < column.pool.size()) column.count.resize(column.pool.size(), 0);
    if (value != 0) ++column.count[value];
  }
  return {};
}

Records RecordsBuilder::finish() {
  seen_ids_.clear();
  for (auto& column : records_.columns) column.count.resize(column.pool.size(), 0);
  return std::move(records_);
}

}  // namespace pvf::linkage
