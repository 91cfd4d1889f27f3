// INTERNAL to src/store (not API; nothing outside src/store includes it): what every CSV import
// shares — reading numbers, naming period kinds, and the observation_imports row that records
// an import. Implemented in import_detail.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/csv.h"
#include "core/period.h"
#include "core/result.h"
#include "store/db.h"
#include "store/import_summary.h"
#include "store/records.h"

namespace pvf::store::detail {

// A finite decimal ("12.5", "-3", "1e6", "+2"; not "+-2"), else nullopt. O(length), no
// allocation: the observation import calls it for every cell.
std::optional<double> parse_number(std::string_view text);

// Inserts the observation_imports row of an import with zero counts (finish_import fills them
// in); the actor's username, "system" when it has none. Returns its id.
Result<int64_t> start_import(Database& db, const Actor& actor, std::string_view kind,
                             std::string_view format, std::string_view source_name,
                             std::string_view sha256);
Status finish_import(Database& db, int64_t import_id, int64_t rows, int64_t inserted,
                     int64_t updated, int64_t unchanged);
// SHA-256 (hex) of the table written back as CSV, for imports given a parsed table and no
// digest of the file's own text.
std::string table_sha256(const csv::Table& table);
// The observation_imports row of a table import (format "pvf", source_name = table.source) with
// the summary's counts; sha256 is the caller's digest of the file, else table_sha256(table).
// Sets summary.import_id.
Status record_table_import(Database& db, const Actor& actor, std::string_view kind,
                           const csv::Table& table, std::string_view sha256,
                           ImportSummary& summary);
// Moves measure_generation on by one (measure data changed).
Status bump_measure_generation(Database& db);

}  // namespace pvf::store::detail
