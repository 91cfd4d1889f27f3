// What one CSV import of a table did: the summary every table import returns (indicators and
// comparison groups, indicators_repo.h; goals, productivity data and surveys, measure_repo.h).
// The observation import reports more (ObservationImportSummary, indicators_repo.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

namespace pvf::store {

// Every counted item is exactly one of inserted (new key), updated (stored key, other values)
// or unchanged. The items are the file's data rows, except for import_groups, which counts
// groups (see its contract).
struct ImportSummary {
  int64_t import_id = 0;  // observation_imports.id
  int64_t rows = 0;       // data rows in the file
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};
nlohmann::json to_json(const ImportSummary& s);  // {import_id,rows,inserted,updated,unchanged}

}  // namespace pvf::store
