// The demo's measurement data (data/demo/, see its README): the real Oflog adult social care
// data — 7 measures for ~157 English councils, 2015-16 to 2022-23 — as indicators, their units
// and framework areas, and each demo council's published nearest neighbours as a named
// comparison group. Written through the store (store/indicators_repo.h), so the same rules and
// audit entries apply as for a user's import.
//
// Files read from `demo_dir`:
//   oflog/ASC_data.csv   Oflog's published layout, imported as is (store::import_observations):
//                        creates the councils the store lacks and the 7 indicators
//   indicators.csv       key,name,unit,polarity,frequency,area,source for ASC1..ASC7
//   bodies.csv           the demo's bodies: each council (type council, with a code) gets a group
//   oflog/NN.json        {"<LA code>": ["<code>", ...16 codes in published order]}
#pragma once

#include <string>

#include "core/result.h"
#include "store/db.h"
#include "store/indicators_repo.h"
#include "store/records.h"

namespace pvf::demo {

struct DemoIndicatorSummary {
  store::ObservationImportSummary observations;  // the Oflog import
  store::ImportSummary definitions;              // indicators.csv
  int groups_created = 0;
  int groups_updated = 0;
};

// Call after the demo's bodies are stored (seed_demo does, inside its transaction). One
// transaction (joining the caller's): any error writes nothing and names the file at fault.
// Idempotent: a second call changes nothing. Groups are named "Nearest neighbours of <name>"
// (method "published", owner the council, members in NN.json order, codes the store lacks
// skipped). ~0.1 s.
Result<DemoIndicatorSummary> seed_demo_indicators(
    store::Database& db, const std::string& demo_dir,
    const store::Actor& actor = store::Actor::system());

}  // namespace pvf::demo
