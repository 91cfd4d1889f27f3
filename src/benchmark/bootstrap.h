// Bootstrapped DEA scores: the smoothed homogeneous bootstrap of Simar & Wilson (1998,
// Management Science 44(1):49–61) as R's Benchmarking package computes it in dea.boot
// (Bogetoft & Otto; R/dea.boot.R with SHEPHARD.INPUT = TRUE, and its dea.sample). Pure: data in,
// per-unit bias, bias-corrected score and confidence interval out; built on score_against.
//
// Work on the distance d ≥ 1: the Shephard input distance 1/θ (input orientation) or the
// Farrell output score φ (output orientation). With d̂ the DEA distances of the k units:
//   bandwidth (Silverman's rule on the sample reflected about 1, adjusted to its size, Daraio &
//   Simar 2007 eqs. 3.23–3.26, as Benchmarking does): with z the m distances > 1 + 1e-6 and
//   r = {z, 2 − z} (2m values), A = sd(r), or IQR(r)/1.349 when that is smaller and > 1e-6,
//     h = 0.9·A·(2m)^(−1/5) · (2m/k)^(1/5) · sd(d̂)/sd(r)
//   (sd with k−1 denominators, IQR by R's default quantile type 7);
//   each replicate b (Daraio & Simar 2007 p. 62, in Benchmarking's order): draw β_1..β_k with
//     replacement from the 2k values {d̂, 2 − d̂}; smooth β + h·ε (ε ~ N(0,1)); rescale to the
//     variance of the reflected sample, d̃ = β̄ + (β + h·ε − β̄)/sqrt(1 + h²/σ²) with σ² its
//     variance; reflect, d* = d̃ if d̃ ≥ 1 else 2 − d̃;
//   pseudo-sample: unit j moved from its frontier projection out by d*_j, i.e. inputs
//     x_j·d*_j/d̂_j (input orientation, outputs kept) or outputs y_j·d̂_j/d*_j (output, inputs
//     kept); every original unit is then scored against the pseudo-sample's technology, giving
//     its replicate distance d*_b (≤ d̂ up to solver tolerance: the pseudo-sample lies inside
//     the estimated technology);
//   per unit, over the B' replicates whose LP had an optimum:
//     bias_d = mean(d*_b) − d̂,   d̃ = d̂ − bias_d,
//     interval for the true d: [d̂ + q(α/2), d̂ + q(1 − α/2)], q the quantiles of d̂ − d*_b by R's
//     quantile type 9 (Simar & Wilson's (d̂ − â, d̂ − b̂));
//   reported back on the Farrell scale pvf uses: input θ̃ = 1/d̃ and the interval [1/(upper d),
//   1/(lower d)]; output φ̃ = d̃ and the interval as is. So for input orientation typically
//   θ̃ ≤ θ̂ and upper ≤ θ̂; for output φ̃ ≥ φ̂ and lower ≥ φ̂. bias = efficiency − bias_corrected
//   on the Farrell scale in both orientations (≥ 0 for input, ≤ 0 for output), as Benchmarking
//   returns it; variance is that of the replicate Farrell scores.
//
// Where this deviates from Benchmarking, and why (source read: cran/Benchmarking R/dea.boot.R,
// rev 159 of 2015-12-21, functions dea.boot and dea.sample):
//   - The bandwidth reflects the Shephard distances d̂ for input orientation. That dea.boot
//     reflects the Farrell θ there (zeff <- eff[dist > 1 + 1e-6]) while taking sd(dist) of the
//     distances, mixing the two scales in one formula; inverting first is what the formula means.
//   - Later Benchmarking releases move the bandwidth into a bw.rule function (not read here);
//     ports of it use the same size adjustment with least-squares cross-validation as default.
//     This keeps the normal-reference (Silverman) rule of the dea.boot above: no numerical
//     optimisation, and the same rule Daraio & Simar (2007, eq. 3.26) adjust.
//   - Units without an optimal score (a finding of score_against, which with valid data does not
//     arise for the standard models) are left out of the resampling and of the pseudo-samples
//     and get no bootstrap values; Benchmarking would carry Inf/NA through.
//   - Graph orientation is not offered (pvf's DEA has none). Super-efficiency is refused: its
//     scores pass 1, which breaks the reflection at the frontier the method rests on.
// Simar & Wilson (1998) state the draw as β from the k values d̂, smoothed and folded at 1, then
// rescaled; Benchmarking (after Daraio & Simar 2007) draws β from the 2k reflected values,
// rescales, then folds. Both draw from the reflected kernel density estimate and differ only in
// the details of the variance correction; this follows Benchmarking.
//
// Reproducibility: replicate b draws from its own std::mt19937_64 seeded by
// std::seed_seq{seed, b} (as 32-bit halves), so results depend on the seed alone and not on the
// number of threads: the same seed gives bit-identical results with the same build. Draws use
// std::uniform_int_distribution and std::normal_distribution, whose algorithms the C++ standard
// leaves to the library, so another standard library (libc++ against libstdc++) may give other,
// equally valid draws.
//
// Cost: B replicates, each a frontier screen plus one LP per unit (score_against), run in
// parallel over replicates; memory 8·B·k bytes for the replicate scores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "benchmark/dea.h"

namespace pvf::benchmark {

struct BootstrapOptions {
  ReturnsToScale rts = ReturnsToScale::vrs;  // Benchmarking's default for dea.boot
  Orientation orientation = Orientation::input;
  std::size_t replicates = 2000;  // B ≥ 1; Simar & Wilson suggest 2000 for intervals
  std::uint64_t seed = 0;
  double alpha = 0.05;  // the intervals cover 1 − alpha; in (0, 1)
  // Not supported: true gives an invalid-input error. Here so a caller that maps a DEA request
  // onto the bootstrap passes the flag through and gets one clear message from the engine.
  bool super_efficiency = false;
  unsigned threads = 0;  // worker threads over replicates; 0 lets oneTBB choose
};

struct BootstrapUnit {
  DeaStatus status = DeaStatus::failed;  // of the unit's own DEA score
  double efficiency = 0;                 // θ̂ (input) or φ̂ (output); meaningful when optimal
  // Replicates whose LP for this unit had an optimum; the values below are meaningful when > 0
  // (0 when the unit's own score is not optimal or is 0).
  std::size_t replicates_used = 0;
  double bias = 0;            // efficiency − bias_corrected (Farrell scale)
  double bias_corrected = 0;  // θ̃ or φ̃
  double lower = 0;           // 1 − alpha interval for the true Farrell score
  double upper = 0;
  double variance = 0;  // of the replicate Farrell scores (B' − 1 denominator; 0 when B' = 1)
};

struct BootstrapResult {
  std::vector<BootstrapUnit> units;  // in the order of DeaData::units
  double bandwidth = 0;              // h, on the distance scale d
  std::size_t replicates = 0;        // B
};

// Called from the calling thread now and then with replicates done and the total; return false
// to stop, and bootstrap_dea then returns an Error with code cancelled.
using BootstrapProgress = std::function<bool(std::size_t done, std::size_t total)>;

// Errors (invalid input): the data fail validate(); replicates = 0; alpha not in (0, 1);
// super_efficiency set; every unit scored efficient (d̂ = 1), where the bandwidth is undefined.
// Thread safety: reentrant; uses oneTBB for the replicates.
Result<BootstrapResult> bootstrap_dea(const DeaData& data, const BootstrapOptions& options,
                                      const BootstrapProgress& progress = {});

}  // namespace pvf::benchmark
