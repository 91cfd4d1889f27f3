#include "benchmark/dea_lp.h"

#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace pvf::benchmark::detail {
namespace {

const double kInf = COIN_DBL_MAX;
constexpr double kPeerThreshold = 1e-9;
// CLP's startFinishOptions bit 1: keep the work areas and factorization after a solve. Without
// it every tiny LP allocates and frees a few hundred KiB, and glibc trims and regrows the heap
// each time, which took over half of the run time.
constexpr int kKeepWorkAreas = 1;

}  // namespace

EnvelopmentLp::EnvelopmentLp(const DeaData& reference, ReturnsToScale rts, Orientation orientation)
    : data_(&reference),
      rts_(rts),
      orientation_(orientation),
      m_(reference.input_count()),
      s_(reference.output_count()),
      model_(std::make_unique<ClpSimplex>()),
      column_of_(reference.size(), -1) {
  const int rows = static_cast<int>(m_ + s_ + (rts == ReturnsToScale::crs ? 0 : 1));
  std::vector<double> row_lower(rows), row_upper(rows);
  const bool input = orientation == Orientation::input;
  for (std::size_t i = 0; i < m_; ++i) {
    row_lower[i] = -kInf;
    row_upper[i] = 0;  // input orientation: Σλx − θx ≤ 0; output: set per unit (≤ x)
  }
  for (std::size_t r = 0; r < s_; ++r) {
    row_lower[m_ + r] = 0;  // output orientation: Σλy − φy ≥ 0; input: set per unit (≥ y)
    row_upper[m_ + r] = kInf;
  }
  if (rts != ReturnsToScale::crs) {
    const int k = rows - 1;
    row_lower[k] = rts == ReturnsToScale::nirs ? -kInf : 1;
    row_upper[k] = rts == ReturnsToScale::ndrs ? kInf : 1;
  }

  // The radial column carries an entry in every row it can touch, zeros included, so that
  // later units only modify existing elements.
  std::vector<int> rad_rows;
  std::vector<double> rad_values;
  const std::size_t first = input ? 0 : m_;
  const std::size_t count = input ? m_ : s_;
  for (std::size_t k = 0; k < count; ++k) {
    rad_rows.push_back(static_cast<int>(first + k));
    rad_values.push_back(-1.0);
  }
  CoinPackedMatrix matrix(true, 0, 0);  // column ordered
  matrix.setDimensions(rows, 0);
  matrix.appendCol(static_cast<int>(rad_rows.size()), rad_rows.data(), rad_values.data());
  const double col_lower = 0, col_upper = kInf;
  const double objective = input ? 1.0 : -1.0;
  model_->loadProblem(matrix, &col_lower, &col_upper, &objective, row_lower.data(),
                      row_upper.data());
  model_->setLogLevel(0);
  model_->messageHandler()->setLogLevel(0);
}

EnvelopmentLp::EnvelopmentLp(const EnvelopmentLp& other)
    : data_(other.data_),
      rts_(other.rts_),
      orientation_(other.orientation_),
      m_(other.m_),
      s_(other.s_),
      model_(std::make_unique<ClpSimplex>(*other.model_)),
      columns_(other.columns_),
      column_of_(other.column_of_),
      solves_(0) {
  model_->setLogLevel(0);
  model_->messageHandler()->setLogLevel(0);
}

EnvelopmentLp::~EnvelopmentLp() = default;

void EnvelopmentLp::add_reference(std::size_t unit) {
  if (column_of_[unit] >= 0) return;
  std::vector<int> rows;
  std::vector<double> values;
  for (std::size_t i = 0; i < m_; ++i) {
    const double v = data_->input(unit, i);
    if (v != 0) {
      rows.push_back(static_cast<int>(i));
      values.push_back(v);
    }
  }
  for (std::size_t r = 0; r < s_; ++r) {
    const double v = data_->output(unit, r);
    if (v != 0) {
      rows.push_back(static_cast<int>(m_ + r));
      values.push_back(v);
    }
  }
  if (rts_ != ReturnsToScale::crs) {
    rows.push_back(static_cast<int>(m_ + s_));
    values.push_back(1.0);
  }
  model_->addColumn(static_cast<int>(rows.size()), rows.data(), values.data(), 0.0, kInf, 0.0);
  column_of_[unit] = static_cast<std::ptrdiff_t>(columns_.size()) + 1;
  columns_.push_back(unit);
}

void EnvelopmentLp::set_point(const double* x, const double* y) {
  if (orientation_ == Orientation::input) {
    for (std::size_t i = 0; i < m_; ++i)
      model_->modifyCoefficient(static_cast<int>(i), 0, -x[i], true);
    for (std::size_t r = 0; r < s_; ++r) model_->setRowLower(static_cast<int>(m_ + r), y[r]);
  } else {
    for (std::size_t i = 0; i < m_; ++i) model_->setRowUpper(static_cast<int>(i), x[i]);
    for (std::size_t r = 0; r < s_; ++r)
      model_->modifyCoefficient(static_cast<int>(m_ + r), 0, -y[r], true);
  }
  // The matrix changed behind CLP's back: have it rebuild its scaled copies, keeping the basis.
  model_->setWhatsChanged(0);
}

void EnvelopmentLp::set_excluded(std::size_t excluded, bool excluded_now) {
  if (excluded == npos || column_of_[excluded] < 0) return;
  model_->setColumnUpper(static_cast<int>(column_of_[excluded]), excluded_now ? 0.0 : kInf);
}

int EnvelopmentLp::solve_warm_then_cold(bool primal_first) {
  ++solves_;
  primal_first ? model_->primal(0, kKeepWorkAreas) : model_->dual(0, kKeepWorkAreas);
  iterations_ += static_cast<std::size_t>(model_->numberIterations());
  if (model_->isProvenOptimal()) return 0;
  // A warm start can stall or misjudge a nearly degenerate LP: confirm anything but optimal
  // from the all-slack basis before reporting it.
  ++solves_;
  model_->allSlackBasis(true);
  model_->primal();
  iterations_ += static_cast<std::size_t>(model_->numberIterations());
  return model_->status();
}

RadialSolution EnvelopmentLp::solve(const double* x, const double* y, std::size_t excluded) {
  set_point(x, y);
  set_excluded(excluded, true);
  const int status = solve_warm_then_cold(false);
  set_excluded(excluded, false);
  RadialSolution out;
  switch (status) {
    case 0:
      out.status = DeaStatus::optimal;
      out.score = model_->primalColumnSolution()[0];
      break;
    case 1: out.status = DeaStatus::infeasible; break;
    case 2: out.status = DeaStatus::unbounded; break;
    default: out.status = DeaStatus::failed; break;
  }
  return out;
}

bool EnvelopmentLp::maximise_slacks(double score, std::size_t excluded) {
  // The point is still set from solve().
  // Σ slacks = constant − Σ_j λ_j (Σ_i x_ij − Σ_r y_rj) in both orientations.
  const int n = static_cast<int>(columns_.size());
  for (int c = 0; c < n; ++c) {
    const std::size_t u = columns_[static_cast<std::size_t>(c)];
    double weight = 0;
    for (std::size_t i = 0; i < m_; ++i) weight += data_->input(u, i);
    for (std::size_t r = 0; r < s_; ++r) weight -= data_->output(u, r);
    model_->setObjectiveCoefficient(c + 1, weight);
  }
  model_->setObjectiveCoefficient(0, 0.0);
  model_->setColumnBounds(0, score, score);
  set_excluded(excluded, true);
  const int status = solve_warm_then_cold(true);
  set_excluded(excluded, false);
  const bool ok = status == 0;
  double tolerance_widened = score;
  if (!ok) {
    // The fixed score sits exactly on the edge of feasibility; give it the solver's tolerance.
    tolerance_widened = orientation_ == Orientation::input ? score * (1 + 1e-9) + 1e-12
                                                           : score * (1 - 1e-9);
    model_->setColumnBounds(0, std::min(score, tolerance_widened),
                            std::max(score, tolerance_widened));
    set_excluded(excluded, true);
    const int retry = solve_warm_then_cold(true);
    set_excluded(excluded, false);
    restore_after_second_stage(n);
    return retry == 0;
  }
  restore_after_second_stage(n);
  return true;
}

void EnvelopmentLp::restore_after_second_stage(int columns) {
  const int n = columns;
  for (int c = 0; c < n; ++c) model_->setObjectiveCoefficient(c + 1, 0.0);
  model_->setObjectiveCoefficient(0, orientation_ == Orientation::input ? 1.0 : -1.0);
  model_->setColumnBounds(0, 0.0, kInf);
}

double EnvelopmentLp::reduced_cost(const double* x, const double* y) const {
  const double* dual = model_->dualRowSolution();
  double priced = 0;
  for (std::size_t i = 0; i < m_; ++i) priced += dual[i] * x[i];
  for (std::size_t r = 0; r < s_; ++r) priced += dual[m_ + r] * y[r];
  if (rts_ != ReturnsToScale::crs) priced += dual[m_ + s_];
  const double sense = model_->optimizationDirection();  // CLP reports duals for its sense
  return sense * (0.0 - priced);
}

void EnvelopmentLp::read_solution(const double* x, const double* y, double score,
                                  DeaUnitResult& out) const {
  const double* column = model_->primalColumnSolution();
  out.input_targets.assign(m_, 0.0);
  out.output_targets.assign(s_, 0.0);
  out.peers.clear();
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const double lambda = column[c + 1];
    if (!(lambda > kPeerThreshold)) continue;
    const std::size_t u = columns_[c];
    out.peers.push_back({u, lambda});
    for (std::size_t i = 0; i < m_; ++i) out.input_targets[i] += lambda * data_->input(u, i);
    for (std::size_t r = 0; r < s_; ++r) out.output_targets[r] += lambda * data_->output(u, r);
  }
  std::sort(out.peers.begin(), out.peers.end(),
            [](const DeaPeer& a, const DeaPeer& b) { return a.unit < b.unit; });
  const bool input = orientation_ == Orientation::input;
  out.input_slacks.resize(m_);
  out.output_slacks.resize(s_);
  // Slacks below the solver's tolerance are noise, not findings.
  auto clean = [](double v, double scale) {
    return std::fabs(v) <= 1e-9 * std::max(1.0, std::fabs(scale)) ? 0.0 : v;
  };
  for (std::size_t i = 0; i < m_; ++i) {
    const double radial = input ? score * x[i] : x[i];
    out.input_slacks[i] = clean(radial - out.input_targets[i], radial);
  }
  for (std::size_t r = 0; r < s_; ++r) {
    const double radial = input ? y[r] : score * y[r];
    out.output_slacks[r] = clean(out.output_targets[r] - radial, radial);
  }
}

}  // namespace pvf::benchmark::detail
