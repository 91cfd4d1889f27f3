// Framework definitions, versioned: a version that an assessment uses never changes.
//
// Parsed definitions are memoised per connection, keyed by id, sha256 and load time, so reading
// a scorecard neither re-reads nor re-parses the definition: scorecards are read thousands of
// times a second.

#include "core/crypto.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

Result<std::shared_ptr<const framework::Framework>> parse_definition(const std::string& json) {
  auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return fail(Error::internal("a stored framework definition is not valid JSON"));
  auto def = framework::from_json(parsed);
  if (!def) {
    Error e = def.error();
    e.message = "a stored framework definition is invalid: " + e.message;
    return fail(std::move(e));
  }
  return std::make_shared<const framework::Framework>(std::move(*def));
}

constexpr std::string_view kFrameworkColumns =
    "SELECT f.id, f.key, f.version, f.title, f.sha256, f.loaded_at, "
    "EXISTS (SELECT 1 FROM assessments a WHERE a.framework_id = f.id) "
    "FROM frameworks f";

struct Row {
  StoredFramework meta;
};

Row read_row(Statement& s) {
  Row r;
  r.meta.id = s.int64(0);
  r.meta.key = s.text(1);
  r.meta.version = s.text(2);
  r.meta.title = s.text(3);
  r.meta.sha256 = s.text(4);
  r.meta.loaded_at = s.text(5);
  r.meta.in_use = s.int64(6) != 0;
  return r;
}

Result<StoredFramework> with_definition(Database& db, Row row) {
  const int64_t id = row.meta.id;
  // id + sha + loaded_at change whenever the row's definition does.
  const std::string memo_key =
      "framework:" + std::to_string(id) + ":" + row.meta.sha256 + ":" + row.meta.loaded_at;
  if (auto hit = db.memo_get(memo_key)) {
    row.meta.definition = std::static_pointer_cast<const framework::Framework>(hit);
    return std::move(row.meta);
  }
  PVF_TRY(auto st, db.prepare("SELECT definition_json FROM frameworks WHERE id = ?"));
  st.bind(1, id);
  PVF_TRY(auto json, detail::fetch_one<std::string>(st, [](Statement& s) { return s.text(0); }));
  if (!json) return fail(Error::not_found("framework " + std::to_string(id) + " not found"));
  PVF_TRY(row.meta.definition, parse_definition(*json));
  db.memo_put(memo_key, row.meta.definition);
  return std::move(row.meta);
}

Result<std::optional<StoredFramework>> find_where(Database& db, std::string_view where,
                                                  std::string_view a, std::string_view b) {
  PVF_TRY(auto st, db.prepare(std::string(kFrameworkColumns) + " " + std::string(where)));
  st.bind(1, a).bind(2, b);
  PVF_TRY(auto row, detail::fetch_one<Row>(st, read_row));
  if (!row) return std::optional<StoredFramework>();
  PVF_TRY(auto f, with_definition(db, std::move(*row)));
  return std::optional<StoredFramework>(std::move(f));
}

// The audit form: what identifies the version and what it says.
nlohmann::json audit_json(const StoredFramework& f) {
  return {{"id", f.id},
          {"key", f.key},
          {"version", f.version},
          {"title", f.title},
          {"sha256", f.sha256},
          {"definition", f.definition ? framework::to_json(*f.definition) : nlohmann::json()}};
}

std::string name_of(const framework::Framework& d) { return d.key + " " + d.version; }

}  // namespace

Result<StoredFramework> save_framework(Database& db, const Actor& actor,
                                       const framework::Framework& definition,
                                       std::string_view source_yaml) {
  if (definition.key.empty()) return fail(Error::invalid("a framework needs a key", "key"));
  if (definition.version.empty())
    return fail(Error::invalid("a framework needs a version", "version"));
  const nlohmann::json definition_json = framework::to_json(definition);
  // Stored definitions are read back with from_json: refuse one that would not read back.
  if (auto check = framework::from_json(definition_json); !check) {
    Error e = check.error();
    e.message = "the framework definition is invalid: " + e.message;
    return fail(std::move(e));
  }
  const std::string sha = crypto::sha256_hex(source_yaml);
  const std::string json =
      definition_json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  return db.transaction([&]() -> Result<StoredFramework> {
    PVF_TRY(auto existing, find_framework(db, definition.key, definition.version));
    const std::string now = now_utc();
    if (existing) {
      if (existing->sha256 == sha) return std::move(*existing);  // already stored as is
      PVF_TRY(auto count, db.prepare("SELECT count(*) FROM assessments WHERE framework_id = ?"));
      count.bind(1, existing->id);
      PVF_TRY(auto used,
              detail::fetch_one<int64_t>(count, [](Statement& s) { return s.int64(0); }));
      const int64_t n = used.value_or(0);
      if (n > 0)
        return fail(Error::conflict("framework " + name_of(definition) + " is used by " +
                                    std::to_string(n) + (n == 1 ? " assessment" : " assessments") +
                                    ": publish the change as a new version"));
      PVF_TRY(auto st, db.prepare("UPDATE frameworks SET title = ?, definition_json = ?, "
                                  "source_yaml = ?, sha256 = ?, loaded_at = ? WHERE id = ?"));
      st.bind_all(definition.title, json, source_yaml, sha, now, existing->id);
      PVF_CHECK(st.run());
      PVF_TRY(auto after, get_framework(db, existing->id));
      PVF_CHECK(append_audit(db, actor, "framework.replace", "framework", std::to_string(after.id),
                             audit_json(*existing), audit_json(after)));
      return after;
    }
    PVF_TRY(auto st, db.prepare("INSERT INTO frameworks(key, version, title, definition_json, "
                                "source_yaml, sha256, loaded_at) VALUES (?,?,?,?,?,?,?)"));
    st.bind_all(definition.key, definition.version, definition.title, json, source_yaml, sha, now);
    PVF_CHECK(st.run());
    PVF_TRY(auto created, get_framework(db, db.last_insert_id()));
    PVF_CHECK(append_audit(db, actor, "framework.create", "framework", std::to_string(created.id),
                           nullptr, audit_json(created)));
    return created;
  });
}

Result<std::vector<StoredFramework>> list_frameworks(Database& db) {
  PVF_TRY(auto st, db.prepare(std::string(kFrameworkColumns) + " ORDER BY f.key, f.version, f.id"));
  PVF_TRY(auto rows, detail::fetch_all<Row>(st, read_row));
  std::vector<StoredFramework> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    PVF_TRY(auto f, with_definition(db, std::move(r)));
    out.push_back(std::move(f));
  }
  return out;
}

Result<StoredFramework> get_framework(Database& db, int64_t id) {
  static const std::string sql = std::string(kFrameworkColumns) + " WHERE f.id = ?";
  PVF_TRY(auto st, db.prepare(sql));
  st.bind(1, id);
  PVF_TRY(auto row, detail::fetch_one<Row>(st, read_row));
  if (!row) return fail(Error::not_found("framework " + std::to_string(id) + " not found"));
  return with_definition(db, std::move(*row));
}

Result<std::optional<StoredFramework>> find_framework(Database& db, std::string_view key,
                                                      std::string_view version) {
  return find_where(db, "WHERE f.key = ? AND f.version = ?", key, version);
}

}  // namespace pvf::store
