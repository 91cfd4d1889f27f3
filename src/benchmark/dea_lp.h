// Internal to the DEA engine: one envelopment LP in COIN-OR CLP, reused from unit to unit.
//
// Columns: 0 is the radial variable (θ or φ), then one λ column per reference unit. Rows: one per
// input, one per output, and one for the returns-to-scale rule unless CRS. Input orientation:
//   min θ   s.t.  Σλ x_i − θ x_ik ≤ 0,   Σλ y_r ≥ y_rk,   rts(λ)
// Output orientation (written as a minimisation so reduced costs read the same way):
//   min −φ  s.t.  Σλ x_i ≤ x_ik,         Σλ y_r − φ y_rk ≥ 0,   rts(λ)
// Moving to the next unit changes only the radial column and the right-hand sides, so the last
// basis stays dual feasible and the dual simplex starts from it (warm start).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "benchmark/dea.h"

class ClpSimplex;

namespace pvf::benchmark::detail {

struct RadialSolution {
  DeaStatus status = DeaStatus::failed;
  double score = 0;  // θ or φ
};

class EnvelopmentLp {
 public:
  // `reference` supplies the λ columns' data and must outlive the LP.
  EnvelopmentLp(const DeaData& reference, ReturnsToScale rts, Orientation orientation);
  EnvelopmentLp(const EnvelopmentLp& other);
  EnvelopmentLp& operator=(const EnvelopmentLp&) = delete;
  ~EnvelopmentLp();

  void add_reference(std::size_t unit);
  const std::vector<std::size_t>& reference_units() const { return columns_; }

  // The radial LP for the point (x, y) (m and s values). `excluded` is a reference unit held at
  // λ = 0 (super-efficiency), or npos.
  RadialSolution solve(const double* x, const double* y, std::size_t excluded = npos);

  // After an optimal solve of the same point: fixes the radial score and maximises the sum of
  // slacks. Returns false when that LP could not be solved (the radial solution then stands).
  bool maximise_slacks(double score, std::size_t excluded = npos);

  // Reduced cost a unit's λ column would have under the last solve's duals; negative means it
  // would improve that unit's LP. Only meaningful after an optimal solve.
  double reduced_cost(const double* x, const double* y) const;

  // Fills peers, slacks and targets of the last optimal solve of point (x, y).
  void read_solution(const double* x, const double* y, double score, DeaUnitResult& out) const;

  std::size_t solves() const { return solves_; }
  std::size_t iterations() const { return iterations_; }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  void set_point(const double* x, const double* y);
  int solve_warm_then_cold(bool primal_first);
  void set_excluded(std::size_t excluded, bool excluded_now);
  void restore_after_second_stage(int columns);

  const DeaData* data_;
  ReturnsToScale rts_;
  Orientation orientation_;
  std::size_t m_, s_;
  std::unique_ptr<ClpSimplex> model_;
  std::vector<std::size_t> columns_;        // reference unit of column 1 + c
  std::vector<std::ptrdiff_t> column_of_;   // unit -> column, or -1
  std::size_t solves_ = 0;
  std::size_t iterations_ = 0;
};

}  // namespace pvf::benchmark::detail
