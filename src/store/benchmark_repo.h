// Benchmarking runs in the store: the variables a run can use, assembling a run's data from the
// store (spending, activity volumes, indicator values for a period and a group of bodies),
// running the engines of src/benchmark (DEA, Malmquist, the Simar–Wilson bootstrap), storing the
// results, and reading them back for the API, the web page and the scorecard's data signals.
// Also nearest-neighbour peer groups computed from stored indicators.
//
// Files: benchmark_data.cpp (variables, data assembly), benchmark_run.cpp (spec rules, running,
// saving), benchmark_repo.cpp (reading, listing, deleting), neighbours_repo.cpp.
//
// A run is immutable once stored: it records what the data said when it ran. Its data are read
// in one snapshot when it starts; its results are written in one transaction at the end, so a
// failed or cancelled run stores nothing. Running, storing and deleting are audited.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/dea_models.h"
#include "core/result.h"
#include "store/db.h"
#include "store/indicators_repo.h"
#include "store/records.h"

namespace pvf::store {

// ---- variables (benchmark_data.cpp) ----

enum class VariableSource { spending, activity, indicator };
const char* to_string(VariableSource source);  // "spending", "activity", "indicator"
std::optional<VariableSource> parse_variable_source(std::string_view text);

// The sources described once: the API's model listing reads this.
struct VariableSourceInfo {
  VariableSource value;
  std::string_view name;
  std::string_view title;
  std::string_view description;
};
const std::vector<VariableSourceInfo>& variable_sources();

struct VariableRef {
  VariableSource source = VariableSource::spending;
  // spending: an input line, or nullopt for the body's total over all lines; activity: the
  // activity; indicator: the indicator key.
  std::optional<std::string> key;
  bool operator==(const VariableRef&) const = default;
};
nlohmann::json to_json(const VariableRef& v);  // {source,key}

struct PeriodCount {
  std::string period;
  int64_t bodies = 0;
};
struct BenchmarkVariable {
  VariableRef ref;
  std::string name;   // column name: "spending", "spending_<line>", the activity, the indicator key
  std::string label;  // "Spending, all lines (£)", "Activity: home_care_hours", indicator's name
  std::string unit;   // "£", "" for activity volumes, the indicator's unit
  std::optional<std::string> polarity;  // indicators only: "higher" | "lower" | "neutral"
  std::vector<PeriodCount> periods;     // periods with data and bodies with a value, in order
};
// {source,key,name,label,unit,polarity,periods:[{period,bodies}]}
nlohmann::json to_json(const BenchmarkVariable& v);

// Every spending line (and the all-lines total when any spending is stored), every activity and
// every indicator, in that order (each by name). Cost: three grouped scans.
Result<std::vector<BenchmarkVariable>> benchmark_variables(Database& db);

// ---- specs and runs (benchmark_run.cpp) ----

enum class BenchmarkKind { dea, malmquist };
const char* to_string(BenchmarkKind kind);  // "dea", "malmquist"

struct BenchmarkSpec {
  BenchmarkKind kind = BenchmarkKind::dea;
  std::string title;                 // empty: made from the variables
  std::vector<std::string> periods;  // dea: exactly one; malmquist: two or more
  GroupSelector group;               // scope all by default
  std::vector<VariableRef> inputs;
  std::vector<VariableRef> outputs;
  benchmark::ReturnsToScale rts = benchmark::ReturnsToScale::crs;
  benchmark::Orientation orientation = benchmark::Orientation::input;
  bool slacks = false;
  bool super_efficiency = false;
  int bootstrap = 0;  // replicates; 0 = none
  int64_t seed = 1;
};
// The API's BenchmarkSpec: {kind,title,period,periods,group,group_id,body,inputs,outputs,rts,
// orientation,slacks,super_efficiency,bootstrap,seed} (period = the last period).
nlohmann::json to_json(const BenchmarkSpec& spec);

inline constexpr int kMinBootstrap = 100;
inline constexpr int kMaxBootstrap = 2000;

// The rules a spec must keep, checked against the store so a request can be refused before any
// work is queued: periods parse, are of one kind and distinct (dea one, malmquist at least two;
// rewritten canonical and in time order), at least one input and one output, no variable twice,
// each names a stored line / activity / indicator (spending: any spending stored at all), the
// group resolves, crs or vrs for malmquist, slacks / super_efficiency / bootstrap for dea only,
// bootstrap 0 or kMinBootstrap..kMaxBootstrap and not with super_efficiency, title at most 200
// characters. Every problem is listed in details with its JSON path as `where` ("periods",
// "inputs[1].key", "rts", "group_id", ...). Returns the normalised spec.
Result<BenchmarkSpec> check_benchmark_spec(Database& db, BenchmarkSpec spec);

// Progress of a run: stage text ("Reading data", "Solving 8 linear programmes", ...), done and
// total in the stage's own units. Return false to cancel (the run then fails with cancelled and
// stores nothing). Called on the running thread.
using BenchmarkProgress =
    std::function<bool(std::string_view stage, uint64_t done, uint64_t total)>;

// Checks the spec, reads the data, runs the engine, stores the run and its results, and appends
// an audit entry "benchmark.run" (entity "benchmark_run"). Admin and treasury analysts only
// (forbidden otherwise: stored runs feed every body's data signals). Fewer than two units, or
// data the engine refuses (e.g. a bootstrap where every unit is efficient), is invalid_input
// with the reason. Returns the new run's id. `threads` as for the engines (0 = all cores).
Result<int64_t> run_benchmark(Database& db, const Actor& actor, const BenchmarkSpec& spec,
                              const BenchmarkProgress& progress = {}, unsigned threads = 0);

// ---- reading (benchmark_repo.cpp) ----

struct BenchmarkFilter {
  std::optional<BenchmarkKind> kind;
  std::optional<int64_t> body_id;  // runs with this body as a unit
  int limit = 50;                  // 1..200
  std::optional<int64_t> before_id;  // cursor: ids less than this (newest first)
};
struct BenchmarkPage {
  nlohmann::json items;  // [BenchmarkSummary]
  std::optional<int64_t> next_cursor;
};
Result<BenchmarkPage> list_benchmarks(Database& db, const BenchmarkFilter& filter);

// The API's Benchmark (summary, spec, variables, left_out, warnings, results, malmquist) with
// body names and codes read through. not_found for an unknown id.
Result<nlohmann::json> get_benchmark(Database& db, int64_t id);
// The CSV export of a run (columns in docs/api-outline.md), and a file name for it.
struct BenchmarkCsv {
  std::string filename;
  std::string text;
};
Result<BenchmarkCsv> benchmark_csv(Database& db, int64_t id);

// Admin and treasury analysts; audit "benchmark.delete". not_found for an unknown id.
Status delete_benchmark(Database& db, const Actor& actor, int64_t id);

// For the data signals: a body's result in the newest DEA run that has it as a unit and whose
// period is `period` or, failing that, the newest earlier period (nullopt when none).
struct BodyEfficiency {
  int64_t run_id = 0;
  std::string title;
  std::string period;
  std::string group_label;
  std::string rts, orientation;
  bool super_efficiency = false;
  std::string status;
  std::optional<double> efficiency;
  std::optional<int64_t> rank;
  int64_t units = 0;
  int64_t efficient = 0;
  std::vector<std::string> peer_names;  // largest λ first
  // 1 − target/actual of each input (input orientation) or target/actual − 1 of each output
  // (output orientation), with the variables' labels: the room for improvement.
  std::vector<std::pair<std::string, double>> improvements;
};
Result<std::optional<BodyEfficiency>> body_efficiency(Database& db, int64_t body_id,
                                                      std::string_view period);

// The body's latest period pair (period_to <= `period`) in the newest Malmquist run that has it.
struct BodyProductivityChange {
  int64_t run_id = 0;
  std::string title;
  std::string period_from, period_to;
  std::string group_label;
  double malmquist = 1, efficiency_change = 1, technical_change = 1;
  std::optional<double> group_median;  // of the run's malmquist values for that pair
  int64_t group_count = 0;
};
Result<std::optional<BodyProductivityChange>> body_productivity_change(Database& db,
                                                                      int64_t body_id,
                                                                      std::string_view period);

// ---- nearest neighbours from stored indicators (neighbours_repo.cpp) ----

struct NeighboursRequest {
  int64_t body_id = 0;
  std::vector<std::string> indicators;  // keys, at least one
  std::vector<double> weights;          // empty = 1 each
  std::string period;
  int k = 15;
  GroupSelector group;  // candidates; all by default
  bool save = true;
  std::string name;  // default "Nearest neighbours of <body>"
};
// {body_id,period,variables,candidates,left_out,neighbours,group} (the API's NeighboursResult).
// With save: creates the comparison group (method nearest_neighbours, owner the body, the body
// first then its neighbours nearest first) through create_comparison_group (its rules and audit;
// a taken name is conflict). Errors name the request field ("indicators[0]", "k", "period"...).
Result<nlohmann::json> nearest_neighbours(Database& db, const Actor& actor,
                                          const NeighboursRequest& request);

}  // namespace pvf::store
