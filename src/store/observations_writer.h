// INTERNAL to the observation import (observations_*.cpp; not API): the batched write path.
// Rows go to SQLite in 64-row INSERT OR IGNORE statements; only a batch that met stored rows is
// re-run as one 64-row UPDATE ... FROM (VALUES ...) that changes a row only when a value
// differs, so the counts are exact without reading the table back. Also: dropping the
// observations table's secondary indexes for a large import, and a connection pragma set for
// the import's duration. All of it runs inside the import's transaction, on its thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/db.h"

namespace pvf::store::observations_detail {

inline constexpr size_t kBatch = 64;  // rows per multi-row INSERT

// One row to write. The strings are owned by the import's look-ups (PeriodCache keeps its
// entries in a deque; qualities are interned), so they outlive the batch.
struct Pending {
  int64_t indicator_id;
  const std::string* period;
  int64_t body_id;
  double value;
  std::optional<double> numerator, denominator;
  const std::string* quality;  // interned; nullptr for none
};

// Upserts observations by (indicator, period, body), counting inserted, updated and unchanged.
class Writer {
 public:
  // Prepares the four statements (64-row and one-row INSERT and UPDATE) for rows of import_id.
  static Result<Writer> open(Database& db, int64_t import_id);
  // Queues a row; writes the batch when it is full. Called once a row: kept inline.
  Status add(const Pending& p) {
    pending_[n_++] = p;
    return n_ == kBatch ? flush() : Status{};
  }
  // Writes the queued rows (a short last batch row by row).
  Status flush();
  int64_t written() const { return written_; }  // rows flushed so far
  int64_t inserted() const { return inserted_; }
  int64_t updated() const { return updated_; }
  int64_t unchanged() const { return unchanged_; }

 private:
  explicit Writer(int64_t import_id) : import_id_(import_id) {}
  void bind(Statement& st, int at, const Pending& p);

  int64_t import_id_;
  Statement many_, one_, update_, update_many_;
  std::array<Pending, kBatch> pending_{};
  size_t n_ = 0;
  int64_t inserted_ = 0, updated_ = 0, unchanged_ = 0, written_ = 0;
};

// Drops the observations table's secondary indexes for a large import; rebuild() puts them
// back (a rollback restores them too).
class IndexPause {
 public:
  static Result<IndexPause> begin(Database& db);
  Status rebuild(Database& db);

 private:
  std::vector<std::pair<std::string, std::string>> indexes_;  // name, CREATE INDEX sql
};

// Sets a connection pragma for the import and restores it after (nothing when the pragma
// cannot be read). Errors are ignored: a pragma only changes speed here.
class PragmaScope {
 public:
  PragmaScope(Database& db, std::string name, std::string_view value);
  ~PragmaScope();
  PragmaScope(const PragmaScope&) = delete;
  PragmaScope& operator=(const PragmaScope&) = delete;

 private:
  Database& db_;
  std::string name_;
  std::string previous_;
};

}  // namespace pvf::store::observations_detail
