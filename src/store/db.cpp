#include "store/db.h"

#include <sqlite3.h>

#include <chrono>
#include <ctime>

#include "store/migrations.h"

namespace pvf::store {

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string text = std::string(context) + ": " + msg;
  const int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    // Triggers that guard read-only state raise ABORT with our own message.
    if (msg.find("read-only") != std::string::npos || msg.find("append-only") != std::string::npos ||
        msg.find("cannot change") != std::string::npos || rc == SQLITE_CONSTRAINT_UNIQUE ||
        rc == SQLITE_CONSTRAINT_PRIMARYKEY)
      return Error{ErrorCode::conflict, text, {}, {}};
    return Error{ErrorCode::invalid_input, text, {}, {}};
  }
  return Error{ErrorCode::io_error, text, {}, {}};
}

std::string now_utc() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ---- Statement ----

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view v) {
  sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  Error e = sqlite_error(db, sqlite3_extended_errcode(db), "database");
  sqlite3_reset(stmt_);
  return fail(std::move(e));
}

Result<int> Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return fail(r.error());
    if (!*r) break;
  }
  return sqlite3_changes(sqlite3_db_handle(stmt_));
}

void Statement::reset() { sqlite3_reset(stmt_); }

bool Statement::is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
int64_t Statement::int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::real(int c) const { return sqlite3_column_double(stmt_, c); }
std::string Statement::text(int c) const {
  const auto* p = sqlite3_column_text(stmt_, c);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, c))
           : std::string();
}
std::string Statement::blob(int c) const {
  const auto* p = sqlite3_column_blob(stmt_, c);
  return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, c)) : std::string();
}
std::optional<std::string> Statement::opt_text(int c) const {
  if (is_null(c)) return std::nullopt;
  return text(c);
}
std::optional<int64_t> Statement::opt_int64(int c) const {
  if (is_null(c)) return std::nullopt;
  return int64(c);
}
std::optional<double> Statement::opt_real(int c) const {
  if (is_null(c)) return std::nullopt;
  return real(c);
}

// ---- Database ----

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
  std::unique_ptr<Database> d(new Database());
  d->path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &d->db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = Error::io(std::string("cannot open the database: ") +
                            (d->db_ ? sqlite3_errmsg(d->db_) : sqlite3_errstr(rc)),
                        path);
    return fail(std::move(e));
  }
  sqlite3_busy_timeout(d->db_, 5000);
  sqlite3_extended_result_codes(d->db_, 1);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                             "PRAGMA synchronous=NORMAL", "PRAGMA temp_store=MEMORY"}) {
    if (auto s = d->exec(pragma); !s) {
      Error e = s.error();
      e.where = path;
      return fail(std::move(e));
    }
  }
  return d;
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db_, sqlite3_extended_errcode(db_), "database");
    if (err) sqlite3_free(err);
    return fail(std::move(e));
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return fail(sqlite_error(db_, rc, "preparing SQL"));
  cache_.emplace(std::move(key), stmt);
  return Statement(stmt);
}

std::shared_ptr<const void> Database::memo_get(const std::string& key) const {
  auto it = memo_.find(key);
  return it == memo_.end() ? nullptr : it->second;
}

void Database::memo_put(const std::string& key, std::shared_ptr<const void> value) {
  if (memo_.size() >= 256) memo_.clear();
  memo_[key] = std::move(value);
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

int Database::latest_schema_version() { return static_cast<int>(migrations().size()); }

int Database::schema_version() {
  auto st = prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!st) return 0;  // table not created yet
  auto row = st->step();
  const int version = row && *row ? static_cast<int>(st->int64(0)) : 0;
  st->reset();
  return version;
}

Status Database::migrate() {
  if (auto s = exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL"
                    ") STRICT");
      !s)
    return s;
  const int current = schema_version();
  const auto& all = migrations();
  if (current > static_cast<int>(all.size()))
    return fail(Error::conflict("the database has schema version " + std::to_string(current) +
                                ", newer than this pvf knows (" + std::to_string(all.size()) +
                                "): upgrade pvf"));
  for (size_t i = static_cast<size_t>(current); i < all.size(); ++i) {
    const auto& m = all[i];
    auto applied = transaction([&]() -> Status {
      if (auto s = exec(m.sql); !s) {
        Error e = s.error();
        e.message = "migration " + m.name + " failed: " + e.message;
        return fail(std::move(e));
      }
      auto st = prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)");
      if (!st) return fail(st.error());
      auto r = st->bind_all(static_cast<int64_t>(i + 1), m.name, now_utc()).run();
      if (!r) return fail(r.error());
      return {};
    });
    if (!applied) return applied;
  }
  return {};
}

}  // namespace pvf::store
