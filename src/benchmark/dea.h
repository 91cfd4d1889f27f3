// Data envelopment analysis: envelopment models solved with COIN-OR CLP. Pure: plain data in,
// results out, no I/O.
//
// Scores are Farrell measures as R's Benchmarking package reports them: input orientation gives
// θ ≤ 1 (the share of its inputs a body would need at the frontier), output orientation φ ≥ 1
// (the factor by which its outputs could grow). Super-efficiency (Andersen–Petersen) leaves each
// body out of its own reference set, so θ may exceed 1 (φ fall below 1); where that LP has no
// solution (typical under VRS) the body's status says so: a finding, not an error.
//
// Second-stage slacks maximise the plain sum of all input and output slacks at the radial
// optimum, as Benchmarking's slack() and DEAP do; the sum is in the data's units, so a variable
// measured in large numbers dominates the choice among equally radial projections.
//
// Scale: units are first screened into a frontier set F such that the technology spanned by F
// equals the technology spanned by all units (column generation: a unit outside the technology
// of F brings in the unit that prices out most strongly against it). Every unit's LP is then
// solved against F only, which gives exactly the scores and slacks of the full LP; λ weights
// are then reported over F (among optimal λ, which are not unique in general, these use only
// frontier units). Units' LPs run in parallel (oneTBB) with warm-started dual simplex.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "benchmark/dea_models.h"
#include "core/result.h"

namespace pvf::benchmark {

// Production data of n units with m inputs and s outputs; values row-major per unit.
struct DeaData {
  std::vector<std::string> units;         // unit ids, distinct
  std::vector<std::string> input_names;   // m ≥ 1
  std::vector<std::string> output_names;  // s ≥ 1
  std::vector<double> inputs;             // n × m: inputs[u * m + i]
  std::vector<double> outputs;            // n × s: outputs[u * s + r]

  std::size_t size() const { return units.size(); }
  std::size_t input_count() const { return input_names.size(); }
  std::size_t output_count() const { return output_names.size(); }
  double input(std::size_t unit, std::size_t i) const { return inputs[unit * input_count() + i]; }
  double output(std::size_t unit, std::size_t r) const {
    return outputs[unit * output_count() + r];
  }
};

// Checks shapes, distinct non-empty ids and names, and that every value is finite and ≥ 0.
// Every problem is listed (Error.details); `where` reads "unit B: x2".
Status validate(const DeaData& data);

struct DeaOptions {
  ReturnsToScale rts = ReturnsToScale::crs;
  Orientation orientation = Orientation::input;
  bool slacks = false;            // second stage: maximum sum of slacks
  bool super_efficiency = false;  // Andersen–Petersen: each unit left out of its reference set
  // Screen the frontier first (exact either way; off solves every LP against all units, which
  // the tests use to check the screening and nobody else needs).
  bool screen_frontier = true;
  // Worker threads for the units' LPs; 0 lets oneTBB choose (all cores).
  unsigned threads = 0;
};

enum class DeaStatus {
  optimal,     // solved; the fields below hold the answer
  infeasible,  // no reference mix reaches the unit (e.g. VRS super-efficiency of an extreme unit)
  unbounded,   // the score is not bounded (e.g. output super-efficiency with a zero input)
  failed,      // the solver stopped without an answer (numerical trouble); should not happen
};
const char* to_string(DeaStatus status);

struct DeaPeer {
  std::size_t unit;  // index into DeaData::units
  double lambda;     // its weight in the reference mix (> 1e-9)
};

struct DeaUnitResult {
  DeaStatus status = DeaStatus::failed;
  double efficiency = 0;  // θ (input orientation) or φ (output); meaningful when optimal
  // With DeaOptions::slacks, when optimal: slacks after the second stage (else radial-only
  // slacks, which may not be the maximal ones); always filled when optimal.
  std::vector<double> input_slacks;   // m: θ·x − Σλx (input) or x − Σλx (output)
  std::vector<double> output_slacks;  // s: Σλy − y (input) or Σλy − φ·y (output)
  std::vector<DeaPeer> peers;         // by unit index, ascending
  // Where the unit would be at the frontier: Σλx and Σλy, i.e. the radial projection less the
  // input slacks and plus the output slacks.
  std::vector<double> input_targets;
  std::vector<double> output_targets;
};

struct DeaResult {
  std::vector<DeaUnitResult> units;  // in the order of DeaData::units
  std::size_t frontier_set_size = 0; // units in the screened reference set (all, unscreened)
  std::size_t lp_solves = 0;         // LPs solved in all (screening, scores, second stages)
};

// Called now and then from the calling thread with units done and the total; return false to
// stop, and run_dea then returns an Error with code cancelled.
using DeaProgress = std::function<bool(std::size_t done, std::size_t total)>;

Result<DeaResult> run_dea(const DeaData& data, const DeaOptions& options,
                          const DeaProgress& progress = {});

// The radial score alone of each unit of `evaluated` against the technology spanned by the
// units of `reference` (which need not contain them): Malmquist's cross-period distances and the
// bootstrap's scores against pseudo-samples. Same input and output names in both, in order.
struct DeaScore {
  DeaStatus status = DeaStatus::failed;
  double efficiency = 0;
};
Result<std::vector<DeaScore>> score_against(const DeaData& reference, const DeaData& evaluated,
                                            ReturnsToScale rts, Orientation orientation,
                                            unsigned threads = 0);
// The same for several sets of points against one reference, screening its frontier once
// (Malmquist scores both periods' data against each period's frontier); one list per set.
Result<std::vector<std::vector<DeaScore>>> score_against(
    const DeaData& reference, const std::vector<const DeaData*>& evaluated, ReturnsToScale rts,
    Orientation orientation, unsigned threads = 0);

}  // namespace pvf::benchmark
