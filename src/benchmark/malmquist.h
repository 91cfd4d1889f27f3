// Malmquist productivity change between adjacent periods (Färe, Grosskopf, Norris & Zhang 1994,
// as DEAP and R's Benchmarking compute it). Pure: a panel in, one row per unit and pair out.
//
// With e_a(b) the Farrell efficiency of a unit's period-b data against the period-a frontier
// (θ for input orientation, 1/φ for output; CRS), between periods t and t+1:
//   malmquist          = sqrt( e_t(t+1)/e_t(t) · e_t+1(t+1)/e_t+1(t) )   (> 1: productivity rose)
//   efficiency_change  = e_t+1(t+1) / e_t(t)                          (catching up)
//   technical_change   = malmquist / efficiency_change                (the frontier moving)
// Under CRS the orientation does not change these. With VRS, efficiency change splits into
// pure_efficiency_change (the same ratio with VRS efficiencies) and scale_efficiency_change
// (efficiency_change / pure_efficiency_change); malmquist and technical change stay CRS.
//
// Each period's frontier is built from the units observed in it; a unit gets a row for a pair
// when it is observed in both periods. Where a cross-period LP has no solution (a unit outside
// the other period's technology in a way no scaling fixes, e.g. an output the other period
// never produced), the row's status says so and its values are absent.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/dea.h"
#include "benchmark/dea_table.h"

namespace pvf::benchmark {

struct MalmquistOptions {
  ReturnsToScale rts = ReturnsToScale::crs;  // crs, or vrs for the decomposition
  Orientation orientation = Orientation::input;
  unsigned threads = 0;
};

struct MalmquistRow {
  std::string unit;
  std::size_t period_from = 0;  // index into DeaPanel::periods
  std::size_t period_to = 0;
  DeaStatus status = DeaStatus::failed;  // optimal when every LP behind the row was solved
  double malmquist = 0;
  double efficiency_change = 0;
  double technical_change = 0;
  std::optional<double> pure_efficiency_change;   // VRS only
  std::optional<double> scale_efficiency_change;  // VRS only
};

struct MalmquistResult {
  std::vector<MalmquistRow> rows;  // by pair of periods, then by unit in the later period's order
};

// Called after each pair of periods with pairs done and the total; return false to stop (the
// result is then an Error with code cancelled).
using MalmquistProgress = std::function<bool(std::size_t done, std::size_t total)>;

Result<MalmquistResult> run_malmquist(const DeaPanel& panel, const MalmquistOptions& options,
                                      const MalmquistProgress& progress = {});

}  // namespace pvf::benchmark
