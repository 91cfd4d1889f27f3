// CIPFA-style nearest-neighbour peer groups: which bodies are most alike on a set of descriptive
// variables (for councils: population, deprivation, density... not spending).
//
// Method, for n bodies and the variables with a positive weight:
//   1. each variable is standardised to z = (x - mean) / sd, where sd is the SAMPLE standard
//      deviation (divisor n - 1), as R's scale() does;
//   2. the distance between bodies i and j is d_ij = sqrt(sum_v w_v (z_iv - z_jv)^2): a weight
//      multiplies the squared standardised difference (default 1; 0 leaves the variable out);
//   3. each body's distances are rebased so that its farthest body is at 1: d_ij / max_j d_ij;
//   4. its k nearest other bodies (default 15) are its peer group, ranked 1..k by rebased
//      distance; equal distances are ranked by id, in byte order ("E06" before "E07"), so the
//      result never depends on input order.
// Rebasing removes any common scale: using the population sd instead of the sample sd, or
// multiplying every weight by the same constant, changes no rebased distance and no rank;
// nor does a change of a variable's units (multiplying it by a non-zero constant, adding a
// constant).
//
// Refused (Error::invalid_input, every problem listed in Error.details): k < 1; fewer than k + 1
// bodies; no variables, an empty or repeated variable name; a weight count that differs from
// the variable count, a negative or non-finite weight, or weights all zero; a values matrix of
// the wrong size; an empty or repeated id; a non-finite value (there are no missing values: the
// table reader refuses empty cells); a weighted variable whose values are all equal (zero
// variance cannot be standardised). A variable with weight 0 is still checked for finite values
// but not for variance. Where strings: "k", "ids[3]", "variables[1]", "weights[2]",
// "values[3][1]" (body 3, variable 1, both 0-based).
//
// Weights so large that a squared distance overflows a double are refused too ("weights").
//
// Cost: O(n^2 m) time for m weighted variables, O(n m + n k) memory: distances are computed one
// body at a time and only the k best are kept. Rows run in parallel (oneTBB); the result does not
// depend on the thread count. Measured on one core, 40 variables: 10 ms for 400 bodies,
// 2 s for 10,000. Pure and thread-safe: no shared state, no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace pvf::benchmark {

struct NeighbourInput {
  std::vector<std::string> ids;        // one per body, non-empty and unique
  std::vector<std::string> variables;  // one name per column of `values`
  std::vector<double> values;          // row-major: values[i * variables.size() + v]
  std::vector<double> weights;         // empty means 1 for every variable
  int k = 15;                          // peers per body
};

struct Neighbour {
  size_t index = 0;     // the neighbour's position in NeighbourInput::ids
  std::string id;       // NeighbourInput::ids[index]
  int rank = 0;         // 1 = nearest
  double distance = 0;  // rebased: raw distance / the body's farthest raw distance, in [0, 1]
};

struct BodyNeighbours {
  std::string id;
  double farthest = 0;                // raw (unrebased) distance to its farthest body, > 0
  std::vector<Neighbour> neighbours;  // exactly k, nearest first
};

// How each variable was standardised, so a reader can reproduce the distances.
struct VariableScale {
  std::string name;
  double weight = 1;
  double mean = 0;
  double sd = 0;  // sample sd; 0 is reported (not used) for a variable with weight 0
};

struct NeighbourResult {
  std::vector<BodyNeighbours> bodies;  // in input order
  std::vector<VariableScale> variables;
};

// The rules on the settings alone (variables, weights, k), so a caller can refuse bad options
// before reading any data; compute_neighbours() applies them too.
Status check_neighbour_settings(const std::vector<std::string>& variables,
                                const std::vector<double>& weights, int k);

Result<NeighbourResult> compute_neighbours(const NeighbourInput& input);

}  // namespace pvf::benchmark
