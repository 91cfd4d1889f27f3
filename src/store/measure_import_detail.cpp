// The CSV import plumbing shared by the measure repositories (measure_import_detail.h).
#include "store/measure_import_detail.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/crypto.h"
#include "store/import_detail.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store::measure_detail {

void Problems::add(std::string where, std::string message, ErrorCode code) {
  if (code == ErrorCode::forbidden) forbidden_ = true;
  if (code == ErrorCode::conflict) conflict_ = true;
  details_.push_back(ErrorDetail{std::move(where), std::move(message)});
}

Error Problems::error(const std::string& source) const {
  const ErrorCode code = forbidden_  ? ErrorCode::forbidden
                         : conflict_ ? ErrorCode::conflict
                                     : ErrorCode::invalid_input;
  Error e{code,
          source + ": the file has " + std::to_string(details_.size()) +
              " problem(s); nothing was imported",
          details_.empty() ? std::string() : details_.front().where, details_};
  return e;
}

Columns::Columns(const csv::Table& table, std::vector<std::string_view> required,
                 std::vector<std::string_view> optional, Problems& problems) {
  std::string all;
  for (auto list : {&required, &optional})
    for (auto name : *list) {
      // Appended piece by piece: GCC 12 -O3 misreads `"," + std::string(name)` (-Wrestrict).
      if (!all.empty()) all += ',';
      all += name;
    }
  const std::string header_where = table.source + ":1:";
  for (size_t i = 0; i < table.header.size(); ++i) {
    const std::string shown = detail::trim(table.header[i]);
    const std::string h = detail::lower(shown);
    const bool known = std::find(required.begin(), required.end(), h) != required.end() ||
                       std::find(optional.begin(), optional.end(), h) != optional.end();
    if (!known) {
      problems.add(header_where + shown, "unknown column '" + shown + "': the columns are " + all);
    } else if (index(h)) {
      problems.add(header_where + h, "column '" + h + "' appears twice");
    } else {
      found_.emplace_back(h, i);
    }
  }
  for (auto name : required)
    if (!index(name))
      problems.add(header_where + std::string(name),
                   "the " + std::string(name) + " column is missing (the columns are " + all + ")");
}

std::optional<size_t> Columns::index(std::string_view name) const {
  for (const auto& [n, i] : found_)
    if (n == name) return i;
  return std::nullopt;
}

std::string Columns::cell(const csv::Row& row, std::string_view name) const {
  const auto i = index(name);
  if (!i || *i >= row.fields.size()) return {};
  return detail::trim(row.fields[*i]);
}

std::optional<double> parse_number(std::string_view text, std::string& why) {
  const std::string shown(text);
  if (text.empty()) {
    why = "is empty: expected a number";
    return std::nullopt;
  }
  if (text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') text = {};  // "+-1" is not a number
  }
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) {
    why = "'" + shown + "' is out of range for a number";
    return std::nullopt;
  }
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    why = "'" + shown + "' is not a number";
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    why = "'" + shown + "' is not a finite number";
    return std::nullopt;
  }
  return v;
}

std::optional<Period> read_period(const std::string& cell, const std::string& where,
                                  Problems& problems) {
  if (cell.empty()) {
    problems.add(where, "period is empty");
    return std::nullopt;
  }
  auto p = Period::parse(cell);
  if (!p) {
    problems.add(where, "period '" + cell + "': " + p.error().message);
    return std::nullopt;
  }
  return *p;
}

Result<BodyResolver> BodyResolver::load(Database& db) {
  PVF_TRY(auto st, db.prepare("SELECT id, code, name FROM bodies"));
  BodyResolver r;
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    const int64_t id = st.int64(0);
    if (auto code = st.opt_text(1)) r.by_code_.emplace_back(*code, id);
    r.by_name_.emplace_back(st.text(2), id);
    r.names_.emplace_back(id, st.text(2));
  }
  std::sort(r.by_code_.begin(), r.by_code_.end());
  std::sort(r.by_name_.begin(), r.by_name_.end());
  std::sort(r.names_.begin(), r.names_.end());
  return r;
}

std::optional<int64_t> BodyResolver::find(const std::string& code_or_name) const {
  for (const auto* list : {&by_code_, &by_name_}) {
    auto it = std::lower_bound(list->begin(), list->end(), code_or_name,
                               [](const auto& e, const std::string& k) { return e.first < k; });
    if (it != list->end() && it->first == code_or_name) return it->second;
  }
  return std::nullopt;
}

std::optional<int64_t> BodyResolver::resolve(const std::string& cell, const std::string& where,
                                             Problems& problems) const {
  if (cell.empty()) {
    problems.add(where, "body is empty: give a body's code or exact name");
    return std::nullopt;
  }
  auto id = find(cell);
  if (!id)
    problems.add(where, "body '" + cell + "' matches no stored body (by code or exact name)");
  return id;
}

const std::string& BodyResolver::name(int64_t id) const {
  static const std::string kUnknown = "?";
  auto it = std::lower_bound(names_.begin(), names_.end(), id,
                             [](const auto& e, int64_t k) { return e.first < k; });
  return it != names_.end() && it->first == id ? it->second : kUnknown;
}

void check_scope(const Actor& actor, int64_t body_id, const std::string& body_name,
                 const std::string& where, Problems& problems) {
  if (actor.role != Role::body_lead && actor.role != Role::assessor) return;
  if (!actor.body_id)
    problems.add(where,
                 "a " + std::string(to_string(actor.role)) +
                     " without a body cannot write data for " + body_name,
                 ErrorCode::forbidden);
  else if (*actor.body_id != body_id)
    problems.add(where,
                 "a " + std::string(to_string(actor.role)) +
                     " writes data for their own body only, not " + body_name,
                 ErrorCode::forbidden);
}

Result<int64_t> record_import(Database& db, const Actor& actor, std::string_view kind,
                              const csv::Table& table, std::string_view sha256,
                              ImportSummary& summary, bool bump_generation, nlohmann::json extra) {
  std::string digest(sha256);
  if (digest.empty()) {
    // No file text: the digest of the table as read, re-written as CSV.
    PVF_CHECK(crypto::crypto_init());
    digest = detail::table_sha256(table);
  }
  PVF_CHECK(detail::record_table_import(db, actor, kind, table, digest, summary));
  nlohmann::json after = {{"kind", kind},
                          {"format", "pvf"},
                          {"source", table.source},
                          {"sha256", digest},
                          {"rows", summary.rows},
                          {"inserted", summary.inserted},
                          {"updated", summary.updated},
                          {"unchanged", summary.unchanged}};
  if (extra.is_object()) after.update(extra);
  PVF_CHECK(append_audit(db, actor, std::string(kind) + ".import", "observation_import",
                         std::to_string(summary.import_id), nullptr, after));
  if (bump_generation && summary.inserted + summary.updated > 0)
    PVF_CHECK(detail::bump_measure_generation(db));
  return summary.import_id;
}

}  // namespace pvf::store::measure_detail
