#include "demo/demo_benchmarks.h"

#include "store/benchmark_repo.h"

namespace pvf::demo {

Result<DemoBenchmarkSummary> seed_demo_benchmarks(store::Database& db,
                                                  const store::Actor& analyst) {
  using store::VariableRef;
  using store::VariableSource;
  const std::vector<VariableRef> inputs = {{VariableSource::spending, std::nullopt}};
  const std::vector<VariableRef> outputs = {{VariableSource::activity, "home_care_hours"},
                                            {VariableSource::activity, "residential_care_weeks"}};
  DemoBenchmarkSummary summary;

  store::BenchmarkSpec dea;
  dea.kind = store::BenchmarkKind::dea;
  dea.title = "Adult social care cost efficiency 2023-24 (illustrative data)";
  dea.periods = {"2023-24"};
  dea.inputs = inputs;
  dea.outputs = outputs;
  dea.rts = benchmark::ReturnsToScale::vrs;
  dea.slacks = true;
  auto dea_id = store::run_benchmark(db, analyst, dea, {}, 1);
  if (!dea_id) return fail(dea_id.error());
  summary.dea_run_id = *dea_id;

  store::BenchmarkSpec malmquist;
  malmquist.kind = store::BenchmarkKind::malmquist;
  malmquist.title = "Adult social care productivity change 2018-19 to 2023-24 (illustrative data)";
  malmquist.periods = {"2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"};
  malmquist.inputs = inputs;
  malmquist.outputs = outputs;
  auto m_id = store::run_benchmark(db, analyst, malmquist, {}, 1);
  if (!m_id) return fail(m_id.error());
  summary.malmquist_run_id = *m_id;
  return summary;
}

}  // namespace pvf::demo
