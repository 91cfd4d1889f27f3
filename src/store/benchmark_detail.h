// Private to src/store: a benchmarking run's data as assembled from the store, shared by
// benchmark_data.cpp (which builds it) and benchmark_run.cpp (which runs and stores it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/dea_table.h"
#include "store/benchmark_repo.h"

namespace pvf::store::benchmark_detail {

struct BodyRef {
  int64_t body_id = 0;
  std::string name;
  std::optional<std::string> code;
};

struct LeftOut {
  BodyRef body;
  std::string reason;  // "no spending in 2023-24; no home_care_hours in 2023-24"
};

struct RunVariable {
  bool is_input = true;
  VariableRef ref;
  std::string name;  // column name, unique within the run
  std::string label;
  std::string unit;
  std::optional<std::string> polarity;
};

struct RunData {
  std::string group_label;
  std::vector<RunVariable> variables;  // inputs first, then outputs, in the spec's order
  // periods = the spec's; data[p].units are body ids as decimal text.
  benchmark::DeaPanel panel;
  std::vector<BodyRef> bodies;  // every body that is a unit in some period, by id
  std::vector<LeftOut> left_out;  // by name
  std::vector<std::string> warnings;
};

// Reads every value the run needs in the caller's snapshot. The spec must have passed
// check_benchmark_spec. Spending is nominal for one period; over several (Malmquist) each
// line is put in the first period's prices by the body's own deflator for that line.
Result<RunData> assemble_run_data(Database& db, const BenchmarkSpec& spec);

// Column name and label of a variable (no store access for spending and activity).
std::string variable_name(const VariableRef& ref);

}  // namespace pvf::store::benchmark_detail
