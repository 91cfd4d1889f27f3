// seed_demo_benchmarks: the demo's stored benchmarking runs, so the Benchmarking page and the
// scorecard's "benchmarking" and "cost control and shifting" signals have something to show.
// Run on the demo's (illustrative) spending and activity data for the eight demo councils
// (data/demo/measure/), as the treasury analyst, through store::run_benchmark:
//   1. DEA 2023-24, VRS input-oriented with maximum slacks: spending (all lines) against
//      home_care_hours and residential_care_weeks;
//   2. Malmquist 2018-19 to 2023-24, CRS input-oriented: the same variables, spending in
//      2018-19 prices by each council's deflator.
#pragma once

#include "core/result.h"
#include "store/db.h"
#include "store/records.h"

namespace pvf::demo {

struct DemoBenchmarkSummary {
  int64_t dea_run_id = 0;
  int64_t malmquist_run_id = 0;
};

// One thread: the runs are tiny and seeding should give the same answer on any machine.
Result<DemoBenchmarkSummary> seed_demo_benchmarks(store::Database& db, const store::Actor& analyst);

}  // namespace pvf::demo
