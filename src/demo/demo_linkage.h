// The demo's record linkage: a data-sharing agreement between a council's adult social care and
// its housing register (synthetic people made by `pvf generate people`, data/demo/linkage/), both
// datasets uploaded by the body lead, and one linkage run between them, so the linkage pages show
// a result from the first start. The demo's admin, body lead and viewer are the members.
#pragma once

#include <cstdint>
#include <string>

#include "core/data_key.h"
#include "core/result.h"
#include "store/db.h"
#include "store/records.h"

namespace pvf::demo {

struct DemoLinkageActors {
  store::Actor admin;      // creates the agreement
  store::Actor uploader;   // a member: uploads and runs
  std::vector<int64_t> member_ids;
};

// Returns the run's id. Runs inside the caller's transaction.
Result<int64_t> seed_demo_linkage(store::Database& db, const crypto::DataKey& key,
                                  const std::string& demo_dir, const DemoLinkageActors& actors);

}  // namespace pvf::demo
