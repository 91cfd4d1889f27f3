// What every CSV import shares (import_detail.h), and the JSON of an ImportSummary
// (import_summary.h).
#include "store/import_detail.h"

#include <charconv>
#include <cmath>

#include "core/crypto.h"
#include "store/import_summary.h"
#include "store/repo_internal.h"

namespace pvf::store {

nlohmann::json to_json(const ImportSummary& s) {
  return {{"import_id", s.import_id},
          {"rows", s.rows},
          {"inserted", s.inserted},
          {"updated", s.updated},
          {"unchanged", s.unchanged}};
}

namespace detail {

std::optional<double> parse_number(std::string_view t) {
  if (!t.empty() && t.front() == '+') {
    t.remove_prefix(1);
    if (!t.empty() && t.front() == '-') return std::nullopt;  // "+-1"
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

Result<int64_t> start_import(Database& db, const Actor& actor, std::string_view kind,
                             std::string_view format, std::string_view source_name,
                             std::string_view sha256) {
  PVF_TRY(auto st, db.prepare("INSERT INTO observation_imports(kind, format, source_name, sha256, "
                              "rows, inserted, updated, unchanged, user_id, username, at) "
                              "VALUES (?,?,?,?,0,0,0,0,?,?,?)"));
  st.bind_all(kind, format, source_name, sha256, actor.user_id,
              actor.username.empty() ? std::string("system") : actor.username, now_utc());
  PVF_CHECK(st.run());
  return db.last_insert_id();
}

Status finish_import(Database& db, int64_t import_id, int64_t rows, int64_t inserted,
                     int64_t updated, int64_t unchanged) {
  PVF_TRY(auto st, db.prepare("UPDATE observation_imports SET rows = ?, inserted = ?, "
                              "updated = ?, unchanged = ? WHERE id = ?"));
  st.bind_all(rows, inserted, updated, unchanged, import_id);
  PVF_CHECK(st.run());
  return {};
}

std::string table_sha256(const csv::Table& table) {
  std::string text = csv::format_row(table.header);  // each row ends with "\n"
  for (const auto& r : table.rows) text += csv::format_row(r.fields);
  return crypto::sha256_hex(text);
}

Status record_table_import(Database& db, const Actor& actor, std::string_view kind,
                           const csv::Table& table, std::string_view sha256,
                           ImportSummary& summary) {
  const std::string digest = sha256.empty() ? table_sha256(table) : std::string(sha256);
  PVF_TRY(summary.import_id, start_import(db, actor, kind, "pvf", table.source, digest));
  return finish_import(db, summary.import_id, summary.rows, summary.inserted, summary.updated,
                       summary.unchanged);
}

Status bump_measure_generation(Database& db) {
  PVF_TRY(auto st, db.prepare("UPDATE measure_generation SET generation = generation + 1"));
  PVF_CHECK(st.run());
  return {};
}

}  // namespace detail
}  // namespace pvf::store
