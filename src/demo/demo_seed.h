// Demo and benchmark data, written through the store's repositories (store/repositories.h) so
// every domain rule, workflow permission and audit entry applies exactly as it would for a user.
//
// The demo lives as files in data/demo/ (see data/demo/README.md):
//   bodies.csv           bodies for store::import_bodies (name,code,type,region,parent_code)
//   accounts.json        demo sign-ins {"accounts":[{username,password,display_name,role,body}]}
//   assessments/*.json   one assessment each, applied in file-name order: who creates it, its
//                        ratings (optionally carried forward from an earlier period), and the
//                        steps of its workflow (transitions, comments, ratings, actions).
// Timestamps are whatever the store records (the time of seeding).
//
// Not thread-safe beyond the Database's own rule (one Database per thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/data_key.h"
#include "store/db.h"

namespace pvf::demo {

struct DemoAccount {
  std::string username;
  std::string password;  // the demo password, printed so people can sign in
  std::string role;      // "admin", "treasury_analyst", ...
  std::string body;      // the body's name for body leads and assessors, else empty
};

struct DemoSummary {
  bool seeded = false;  // false when the db already had data (users)
  // What the db holds after the call (the demo's data when it was just seeded).
  int bodies = 0;
  int assessments = 0;
  int comments = 0;
  int actions = 0;
  int indicators = 0;
  int observations = 0;
  int goals = 0;
  int linkage_runs = 0;
  // The demo's accounts that exist in the db (after seeding, all of them).
  std::vector<DemoAccount> accounts;
};

// Loads the framework YAML (parse + store::save_framework: a no-op when already stored) and, the
// first time (when the db has no users), seeds the demo from `demo_dir`: bodies, accounts,
// assessments, then the measurement data (demo_indicators.h: Oflog's adult social care
// indicators for every council and published nearest-neighbour groups; demo_measure_inputs.h:
// goals, productivity inputs and survey responses of the demo councils). Later calls change
// nothing and return seeded=false with the accounts list. One transaction: on any error nothing
// is written, and the error names the demo file and JSON path at fault.
// With `data_key` (the server's key for person records), also the linkage demo
// (demo_linkage.h): an agreement, two synthetic person datasets sealed with that key, a run.
// Slow part: one argon2id hash per demo account (~0.1 s each).
Result<DemoSummary> seed_demo(store::Database& db, const std::string& framework_yaml,
                              const std::string& demo_dir,
                              const crypto::DataKey* data_key = nullptr);

// For benchmarks: `bodies` councils (codes "BM000001"...; reused when they exist) x `periods`
// consecutive financial years ending 2025-26. Every assessment is fully rated with deterministic
// pseudo-random levels from `seed` (the same arguments give the same levels on every platform);
// every period before the last is agreed and the last one is left submitted. Acts as the
// accounts "bench-admin" (admin) and "bench-treasury" (treasury_analyst), created when missing.
// One transaction. Returns the created assessments' ids, body by body, oldest period first.
// bodies in 1..100000, periods in 1..50; a body x period that already exists -> conflict.
Result<std::vector<int64_t>> seed_benchmark(store::Database& db, const std::string& framework_yaml,
                                            int bodies, int periods, uint32_t seed);

}  // namespace pvf::demo
