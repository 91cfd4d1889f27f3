// A SQLite connection with pvf's settings (WAL, foreign keys, busy timeout), the numbered
// migrations, prepared statements, and transactions that roll back on any error.
// One Database per thread: a connection is not shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pvf::store {

// A prepared statement, reset and re-bound for each use. Parameters are 1-based.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);
  // Bytes as a BLOB (STRICT tables refuse text in a BLOB column).
  Statement& bind_blob(int index, std::string_view bytes);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  // Binds each argument in turn from parameter 1.
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  // true when a row is ready, false when done; an error carries SQLite's message.
  Result<bool> step();
  // Runs to completion (for INSERT/UPDATE/DELETE); returns rows changed.
  Result<int> run();
  // Ends the statement early. A statement left mid-result holds the connection's WAL read
  // snapshot open, hiding later commits by other connections: call this after reading one row.
  void reset();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::optional<int64_t> opt_int64(int col) const;
  std::optional<double> opt_real(int col) const;
  std::string blob(int col) const;

 private:
  friend class Database;
  sqlite3_stmt* stmt_ = nullptr;  // owned by the Database's cache
};

class Database {
 public:
  // Opens (creating if needed) and configures the database; ":memory:" for tests.
  static Result<std::unique_ptr<Database>> open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Applies every migration newer than the stored schema version, each in one transaction.
  Status migrate();
  int schema_version();
  static int latest_schema_version();

  Status exec(std::string_view sql);
  // Prepared once per connection and cached; the statement is reset before being returned.
  Result<Statement> prepare(std::string_view sql);
  int64_t last_insert_id() const;
  int changes() const;
  const std::string& path() const { return path_; }

  // A per-connection memo for data derived from rows (parsed framework definitions), keyed by
  // text that changes whenever those rows do. Bounded; not shared across connections.
  std::shared_ptr<const void> memo_get(const std::string& key) const;
  void memo_put(const std::string& key, std::shared_ptr<const void> value);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it returns an error
  // (or throws). `body` returns Result<T> or Status. Nested calls join the outer transaction.
  template <class F>
  auto transaction(F&& body) -> std::invoke_result_t<F> {
    return run_in_transaction("BEGIN IMMEDIATE", std::forward<F>(body));
  }

  // Runs `body` inside one deferred (read) transaction, so its queries share one snapshot and
  // pay SQLite's WAL locking once rather than per statement. For reads only.
  template <class F>
  auto read_transaction(F&& body) -> std::invoke_result_t<F> {
    return run_in_transaction("BEGIN DEFERRED", std::forward<F>(body));
  }

 private:
  template <class F>
  auto run_in_transaction(const char* begin, F&& body) -> std::invoke_result_t<F> {
    using R = std::invoke_result_t<F>;
    const bool wants_write = std::string_view(begin) == "BEGIN IMMEDIATE";
    if (depth_ > 0) {
      // A write joining a deferred read transaction would upgrade its snapshot, which SQLite
      // may refuse at once (SQLITE_BUSY_SNAPSHOT): a bug in the caller, so say so plainly.
      if (wants_write && !outer_writes_)
        return R(tl::unexpect,
                 Error::internal("a write was started inside a read transaction"));
      ++depth_;
      struct Leave { int& d; ~Leave() { --d; } } leave{depth_};
      return body();
    }
    if (auto s = exec(begin); !s) return R(tl::unexpect, s.error());
    depth_ = 1;
    outer_writes_ = wants_write;
    try {
      R result = body();
      depth_ = 0;
      if (!result) {
        (void)exec("ROLLBACK");
        return result;
      }
      if (auto s = exec("COMMIT"); !s) {
        (void)exec("ROLLBACK");
        return R(tl::unexpect, s.error());
      }
      return result;
    } catch (const std::exception& e) {
      depth_ = 0;
      (void)exec("ROLLBACK");
      return R(tl::unexpect, Error::internal(std::string("transaction failed: ") + e.what()));
    }
  }

 private:
  Database() = default;
  sqlite3* db_ = nullptr;
  std::string path_;
  int depth_ = 0;
  bool outer_writes_ = false;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::unordered_map<std::string, std::shared_ptr<const void>> memo_;
};

// Maps a SQLite failure to an Error: constraint violations become conflict/invalid_input
// with SQLite's message; the rest io_error.
Error sqlite_error(sqlite3* db, int rc, std::string_view context);

// "2026-11-23T22:10:00Z", UTC now.
std::string now_utc();

}  // namespace pvf::store
