#include "benchmark/bootstrap.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string>

namespace pvf::benchmark {
namespace {

// Benchmarking's tolerance for "efficient": distances within it of 1 are left out of the
// bandwidth (dist > 1 + 1e-6 in dea.boot).
constexpr double kEfficientTolerance = 1e-6;
// Replicates run in chunks so progress and cancellation are checked between them.
constexpr std::size_t kChunk = 32;

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// Sample variance (k − 1 denominator), as R's var; 0 for fewer than two values.
double variance(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double mu = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - mu) * (x - mu);
  return ss / static_cast<double>(v.size() - 1);
}

// R's quantile(type = 7) of sorted values: the default, used by IQR.
double quantile7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// R's quantile(type = 9) of sorted values (median-unbiased under normality), which
// Benchmarking's dea.boot uses for the intervals: position 3/8 + p·(k + 1/4), 1-based, clamped.
double quantile9(const std::vector<double>& sorted, double p) {
  const double fuzz = 4 * std::numeric_limits<double>::epsilon();
  const double pos = 0.375 + p * (static_cast<double>(sorted.size()) + 0.25);
  const double j = std::floor(pos + fuzz);
  double g = pos - j;
  if (std::abs(g) < fuzz) g = 0;
  const auto at = [&](double one_based) {
    const double i = std::clamp(one_based, 1.0, static_cast<double>(sorted.size()));
    return sorted[static_cast<std::size_t>(i) - 1];
  };
  return g == 0 ? at(j) : (1 - g) * at(j) + g * at(j + 1);
}

// Bandwidth as Benchmarking's dea.boot: Silverman's rule of thumb on the distances above 1
// reflected about 1, rescaled to the size and spread of the whole sample (Daraio & Simar 2007,
// eq. 3.26). nullopt when every distance is 1.
std::optional<double> bandwidth(const std::vector<double>& dist) {
  std::vector<double> reflected;
  for (double d : dist)
    if (d > 1 + kEfficientTolerance) reflected.push_back(d);
  if (reflected.empty()) return std::nullopt;
  const std::size_t m = reflected.size();
  for (std::size_t i = 0; i < m; ++i) reflected.push_back(2 - reflected[i]);
  const double n2m = static_cast<double>(reflected.size());
  const double sd_reflected = std::sqrt(variance(reflected));
  const double adjust = std::sqrt(variance(dist)) / sd_reflected *
                        std::pow(n2m / static_cast<double>(dist.size()), 0.2);
  std::sort(reflected.begin(), reflected.end());
  const double iqr = (quantile7(reflected, 0.75) - quantile7(reflected, 0.25)) / 1.349;
  const double spread = iqr > 1e-6 && iqr < sd_reflected ? iqr : sd_reflected;
  return adjust * 0.9 * spread * std::pow(n2m, -0.2);
}

// The distance d ≥ 1 that is bootstrapped: Shephard input 1/θ, or Farrell output φ.
double to_distance(double farrell, Orientation o) {
  return o == Orientation::input ? 1 / farrell : farrell;
}
double to_farrell(double distance, Orientation o) {
  return o == Orientation::input ? 1 / distance : distance;
}

// The units with a usable score, as their own data set.
DeaData subset(const DeaData& d, const std::vector<std::size_t>& keep) {
  DeaData s;
  s.input_names = d.input_names;
  s.output_names = d.output_names;
  const std::size_t m = d.input_count(), r = d.output_count();
  for (auto u : keep) {
    s.units.push_back(d.units[u]);
    s.inputs.insert(s.inputs.end(), d.inputs.begin() + static_cast<std::ptrdiff_t>(u * m),
                    d.inputs.begin() + static_cast<std::ptrdiff_t>((u + 1) * m));
    s.outputs.insert(s.outputs.end(), d.outputs.begin() + static_cast<std::ptrdiff_t>(u * r),
                     d.outputs.begin() + static_cast<std::ptrdiff_t>((u + 1) * r));
  }
  return s;
}

struct Sampler {
  const DeaData& base;            // the usable units, original data
  std::vector<double> dist;       // their distances d̂
  std::vector<double> reflected;  // {d̂, 2 − d̂}
  double h = 0;
  double shrink = 1;  // 1 / sqrt(1 + h²/σ²), σ² the variance of the reflected sample
  std::uint64_t seed = 0;
  ReturnsToScale rts = ReturnsToScale::vrs;
  Orientation orientation = Orientation::input;

  // Replicate b's distances of the base units against the b-th pseudo-sample (NaN where the LP
  // had no optimum), written to out[0..k).
  std::optional<Error> run(std::size_t b, double* out) const {
    const std::size_t k = dist.size();
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(b),
                      static_cast<std::uint32_t>(static_cast<std::uint64_t>(b) >> 32)};
    std::mt19937_64 rng(seq);
    std::uniform_int_distribution<std::size_t> pick(0, reflected.size() - 1);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<double> star(k);
    for (auto& beta : star) beta = reflected[pick(rng)];
    const double beta_bar = mean(star);
    for (auto& d : star) {
      d = beta_bar + (d + h * noise(rng) - beta_bar) * shrink;
      if (d < 1) d = 2 - d;
    }
    DeaData pseudo = base;
    const std::size_t m = base.input_count(), s = base.output_count();
    for (std::size_t j = 0; j < k; ++j) {
      if (orientation == Orientation::input) {
        for (std::size_t i = 0; i < m; ++i) pseudo.inputs[j * m + i] *= star[j] / dist[j];
      } else {
        for (std::size_t r = 0; r < s; ++r) pseudo.outputs[j * s + r] *= dist[j] / star[j];
      }
    }
    auto scores = score_against(pseudo, base, rts, orientation, 1);
    if (!scores) return scores.error();
    for (std::size_t j = 0; j < k; ++j) {
      const auto& sc = (*scores)[j];
      out[j] = sc.status == DeaStatus::optimal && sc.efficiency > 0
                   ? to_distance(sc.efficiency, orientation)
                   : std::numeric_limits<double>::quiet_NaN();
    }
    return std::nullopt;
  }
};

// Bias, bias-corrected score and interval of one unit from its replicate distances.
void summarise(double d_hat, std::vector<double> boot, double alpha, Orientation o,
               BootstrapUnit& u) {
  u.replicates_used = boot.size();
  if (boot.empty()) return;
  const double d_tilde = d_hat - (mean(boot) - d_hat);
  std::vector<double> diff(boot.size());
  for (std::size_t b = 0; b < boot.size(); ++b) diff[b] = d_hat - boot[b];
  std::sort(diff.begin(), diff.end());
  const double lo = d_hat + quantile9(diff, alpha / 2);
  const double hi = d_hat + quantile9(diff, 1 - alpha / 2);
  u.bias_corrected = to_farrell(d_tilde, o);
  u.bias = u.efficiency - u.bias_corrected;
  u.lower = o == Orientation::input ? 1 / hi : lo;
  u.upper = o == Orientation::input ? 1 / lo : hi;
  for (auto& d : boot) d = to_farrell(d, o);
  u.variance = variance(boot);
}

}  // namespace

Result<BootstrapResult> bootstrap_dea(const DeaData& data, const BootstrapOptions& opt,
                                      const BootstrapProgress& progress) {
  if (opt.super_efficiency)
    return fail(Error::invalid(
        "the bootstrap does not support super-efficiency; bootstrap the standard scores"));
  if (opt.replicates == 0) return fail(Error::invalid("the bootstrap needs at least 1 replicate"));
  if (!(opt.alpha > 0 && opt.alpha < 1))
    return fail(Error::invalid("alpha must lie strictly between 0 and 1"));
  const Orientation o = opt.orientation;
  // One thread: warm starts then run in a fixed order, so the scores (and all that follows
  // from them) are the same bits whatever opt.threads says.
  auto own = score_against(data, data, opt.rts, o, 1);
  if (!own) return fail(own.error());

  BootstrapResult result;
  result.replicates = opt.replicates;
  result.units.resize(data.size());
  std::vector<std::size_t> usable;
  for (std::size_t u = 0; u < data.size(); ++u) {
    const auto& sc = (*own)[u];
    result.units[u].status = sc.status;
    result.units[u].efficiency = sc.efficiency;
    if (sc.status == DeaStatus::optimal && sc.efficiency > 0) usable.push_back(u);
  }
  const DeaData base = subset(data, usable);
  Sampler sampler{base, {}, {}, 0, 1, opt.seed, opt.rts, o};
  for (auto u : usable) sampler.dist.push_back(to_distance(result.units[u].efficiency, o));
  const auto h = usable.empty() ? std::nullopt : bandwidth(sampler.dist);
  if (!h)
    return fail(Error::invalid(
        "every unit is efficient, so the bootstrap has no spread of scores to resample"));
  sampler.h = result.bandwidth = *h;
  sampler.reflected = sampler.dist;
  for (double d : sampler.dist) sampler.reflected.push_back(2 - d);
  sampler.shrink = 1 / std::sqrt(1 + *h * *h / variance(sampler.reflected));

  const std::size_t k = usable.size(), total = opt.replicates;
  std::vector<double> boot(total * k);  // replicate-major: boot[b * k + j]
  std::vector<std::optional<Error>> errors(total);
  tbb::task_arena arena(opt.threads == 0 ? tbb::task_arena::automatic
                                         : static_cast<int>(opt.threads));
  for (std::size_t begin = 0; begin < total; begin += kChunk) {
    if (progress && !progress(begin, total)) return fail(Error::cancelled("bootstrap cancelled"));
    const std::size_t end = std::min(total, begin + kChunk);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, 1), [&](const auto& range) {
        for (std::size_t b = range.begin(); b != range.end(); ++b)
          errors[b] = sampler.run(b, boot.data() + b * k);
      });
    });
    for (std::size_t b = begin; b < end; ++b)
      if (errors[b]) return fail(std::move(*errors[b]));
  }
  if (progress && !progress(total, total)) return fail(Error::cancelled("bootstrap cancelled"));

  std::vector<double> column;
  for (std::size_t j = 0; j < k; ++j) {
    column.clear();
    for (std::size_t b = 0; b < total; ++b)
      if (const double d = boot[b * k + j]; !std::isnan(d)) column.push_back(d);
    summarise(sampler.dist[j], column, opt.alpha, o, result.units[usable[j]]);
  }
  return result;
}

}  // namespace pvf::benchmark
