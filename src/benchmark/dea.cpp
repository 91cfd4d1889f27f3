#include "benchmark/dea.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>

#include "benchmark/dea_lp.h"

namespace pvf::benchmark {

using detail::EnvelopmentLp;

namespace {

// A unit inside the technology of the screened set has θ ≤ 1 (φ ≥ 1) against it; anything past
// this tolerance makes the screen look for a missing frontier unit, which is always safe.
constexpr double kMemberTolerance = 1e-9;
constexpr double kPricingTolerance = 1e-9;

const double* x_of(const DeaData& d, std::size_t u) { return d.inputs.data() + u * d.input_count(); }
const double* y_of(const DeaData& d, std::size_t u) {
  return d.outputs.data() + u * d.output_count();
}

bool is_member(const detail::RadialSolution& r, Orientation o) {
  if (r.status != DeaStatus::optimal) return false;
  return o == Orientation::input ? r.score <= 1 + kMemberTolerance
                                 : r.score >= 1 - kMemberTolerance;
}

// Order in which the screen visits units: likely frontier units first (a high ratio of
// normalised outputs to normalised inputs), so the frontier set fills early and later units
// mostly just confirm they are inside it.
std::vector<std::size_t> screening_order(const DeaData& d) {
  const std::size_t n = d.size(), m = d.input_count(), s = d.output_count();
  std::vector<double> in_mean(m, 0), out_mean(s, 0);
  for (std::size_t u = 0; u < n; ++u) {
    for (std::size_t i = 0; i < m; ++i) in_mean[i] += d.input(u, i) / static_cast<double>(n);
    for (std::size_t r = 0; r < s; ++r) out_mean[r] += d.output(u, r) / static_cast<double>(n);
  }
  std::vector<double> score(n);
  for (std::size_t u = 0; u < n; ++u) {
    double in = 0, out = 0;
    for (std::size_t i = 0; i < m; ++i) in += in_mean[i] > 0 ? d.input(u, i) / in_mean[i] : 0;
    for (std::size_t r = 0; r < s; ++r) out += out_mean[r] > 0 ? d.output(u, r) / out_mean[r] : 0;
    score[u] = in > 0 ? out / in : std::numeric_limits<double>::infinity();
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  return order;
}

// The unit (not yet a column, not `skip`; among `members` when given) whose λ column prices
// out most negatively under the LP's current duals, or npos when none would improve it.
std::size_t most_violating(const EnvelopmentLp& lp, const DeaData& d,
                           const std::vector<char>& in_set, std::size_t skip,
                           const std::vector<std::size_t>* members = nullptr) {
  std::size_t best = EnvelopmentLp::npos;
  double best_cost = -kPricingTolerance;
  auto consider = [&](std::size_t u) {
    if (in_set[u] || u == skip) return;
    const double cost = lp.reduced_cost(x_of(d, u), y_of(d, u));
    if (cost < best_cost) {
      best_cost = cost;
      best = u;
    }
  };
  if (members)
    for (auto u : *members) consider(u);
  else
    for (std::size_t u = 0; u < d.size(); ++u) consider(u);
  return best;
}

struct Screen {
  std::vector<std::size_t> frontier;
  std::size_t solves = 0;
  // Radial answers the screen already has: a unit's last check against F, kept when F did not
  // grow after it (then it is that unit's final answer). checked_at is F's size at that check.
  std::vector<DeaUnitResult> answers;
  std::vector<std::size_t> checked_at;
};

// Builds a set F ⊆ `order` whose technology equals that of all units in `order` (visited in
// that sequence): every unit is checked to lie inside the technology of F, and F only grows, so
// the check holds for the final F.
std::optional<Screen> screen_units(const DeaData& d, ReturnsToScale rts, Orientation o,
                                   const std::vector<std::size_t>& order,
                                   const std::function<bool(std::size_t)>& step,
                                   bool keep_answers) {
  const std::size_t n = d.size();
  const std::vector<std::size_t>* members = order.size() == n ? nullptr : &order;
  EnvelopmentLp lp(d, rts, o);
  std::vector<char> in_set(n, 0);
  Screen screen;
  if (keep_answers) {
    screen.answers.resize(n);
    screen.checked_at.assign(n, 0);
  }
  auto add = [&](std::size_t u) {
    in_set[u] = 1;
    lp.add_reference(u);
    screen.frontier.push_back(u);
  };
  if (order.empty()) return screen;
  add(order[0]);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t u = order[k];
    if (step && !step(k)) return std::nullopt;
    if (in_set[u]) continue;
    for (;;) {
      const auto r = lp.solve(x_of(d, u), y_of(d, u));
      if (is_member(r, o)) {
        if (keep_answers) {
          auto& a = screen.answers[u];
          a.status = r.status;
          a.efficiency = r.score;
          lp.read_solution(x_of(d, u), y_of(d, u), r.score, a);
          screen.checked_at[u] = screen.frontier.size();
        }
        break;
      }
      const std::size_t j = r.status == DeaStatus::optimal
                                ? most_violating(lp, d, in_set, n, members)
                                : EnvelopmentLp::npos;
      if (j == EnvelopmentLp::npos) {
        add(u);  // outside and nothing better found: the unit itself joins (always sound)
        break;
      }
      add(j);
    }
  }
  screen.solves = lp.solves();
  std::sort(screen.frontier.begin(), screen.frontier.end());
  return screen;
}

// Below this many units one sequential screen is quickest.
constexpr std::size_t kParallelScreenMin = 4096;

// The frontier set of all units. Large sets are screened hierarchically (Barr & Durchholz
// 1997): units are dealt into blocks screened in parallel, each block's frontier set spans that
// block's technology, so their union spans everyone's; one last sequential screen of the union
// drops the units that only looked efficient within their block. Called inside the task arena.
std::optional<Screen> screen_frontier(const DeaData& d, ReturnsToScale rts, Orientation o,
                                      const std::function<bool(std::size_t)>& step,
                                      bool keep_answers) {
  const auto order = screening_order(d);
  const std::size_t n = d.size();
  const auto workers = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  if (n < kParallelScreenMin || workers < 2) return screen_units(d, rts, o, order, step, keep_answers);

  // Dealt like cards, so every block gets a share of the likely frontier units early on.
  const std::size_t blocks = 4 * workers;
  std::vector<std::vector<std::size_t>> block(blocks);
  for (std::size_t k = 0; k < n; ++k) block[k % blocks].push_back(order[k]);
  std::vector<Screen> found(blocks);
  for (std::size_t first = 0; first < blocks; first += workers) {
    if (step && !step(first * n / blocks)) return std::nullopt;
    const std::size_t last = std::min(blocks, first + workers);
    tbb::parallel_for(first, last, [&](std::size_t b) {
      found[b] = std::move(*screen_units(d, rts, o, block[b], {}, false));
    });
  }
  std::vector<char> candidate(n, 0);
  std::size_t solves = 0;
  for (const auto& f : found) {
    solves += f.solves;
    for (auto u : f.frontier) candidate[u] = 1;
  }
  std::vector<std::size_t> union_order;
  for (auto u : order)
    if (candidate[u]) union_order.push_back(u);
  auto screen = screen_units(d, rts, o, union_order, {}, false);
  screen->solves += solves;
  return screen;
}

// Solves one unit against `lp` (whose columns span the whole technology), including the
// column generation that super-efficiency needs when the unit is itself a column.
void solve_unit(const DeaData& d, const DeaOptions& opt, std::size_t u, const EnvelopmentLp& base,
                EnvelopmentLp& lp, const std::vector<char>& in_frontier, bool screened,
                DeaUnitResult& out) {
  const double* x = x_of(d, u);
  const double* y = y_of(d, u);
  const bool exclude = opt.super_efficiency && in_frontier[u];
  if (!exclude || !screened) {
    const auto excluded = opt.super_efficiency ? u : EnvelopmentLp::npos;
    const auto r = lp.solve(x, y, excluded);
    out.status = r.status;
    if (r.status != DeaStatus::optimal) return;
    out.efficiency = r.score;
    if (opt.slacks) lp.maximise_slacks(r.score, excluded);
    lp.read_solution(x, y, r.score, out);
    return;
  }
  // Leaving a frontier unit out can expose units it was hiding, so price every other unit
  // against this unit's LP and bring in any that would improve it.
  EnvelopmentLp own(base);
  std::vector<char> in_set(in_frontier);
  for (;;) {
    const auto r = own.solve(x, y, u);
    if (r.status != DeaStatus::optimal) {
      // Infeasible against F less u may still be feasible against all units less u: add every
      // unit the frontier set lacks before accepting the finding.
      bool added = false;
      for (std::size_t j = 0; j < d.size(); ++j)
        if (!in_set[j] && j != u) {
          own.add_reference(j);
          in_set[j] = 1;
          added = true;
        }
      if (added) continue;
      out.status = r.status;
      return;
    }
    const std::size_t j = most_violating(own, d, in_set, u);
    if (j != EnvelopmentLp::npos) {
      own.add_reference(j);
      in_set[j] = 1;
      continue;
    }
    out.status = DeaStatus::optimal;
    out.efficiency = r.score;
    if (opt.slacks) own.maximise_slacks(r.score, u);
    own.read_solution(x, y, r.score, out);
    return;
  }
}

std::string at(const std::string& unit, const std::string& field) {
  std::string s = "unit ";
  s += unit;
  s += ": ";
  s += field;
  return s;
}

}  // namespace

const char* to_string(DeaStatus status) {
  switch (status) {
    case DeaStatus::optimal: return "optimal";
    case DeaStatus::infeasible: return "infeasible";
    case DeaStatus::unbounded: return "unbounded";
    case DeaStatus::failed: return "failed";
  }
  return "failed";
}

Status validate(const DeaData& d) {
  std::vector<ErrorDetail> problems;
  auto problem = [&](std::string where, std::string message) {
    problems.push_back({std::move(where), std::move(message)});
  };
  const std::size_t n = d.size(), m = d.input_count(), s = d.output_count();
  if (n == 0) problem("units", "there are no units to compare");
  if (m == 0) problem("inputs", "name at least one input");
  if (s == 0) problem("outputs", "name at least one output");
  if (d.inputs.size() != n * m || d.outputs.size() != n * s)
    return fail(Error::invalid("the input and output tables do not match the number of units"));
  std::set<std::string> names;
  for (const auto* list : {&d.input_names, &d.output_names})
    for (const auto& name : *list) {
      if (name.empty()) problem("variables", "a variable has no name");
      else if (!names.insert(name).second)
        problem(name, "is named more than once among the inputs and outputs");
    }
  std::set<std::string> ids;
  for (std::size_t u = 0; u < n; ++u) {
    const auto& id = d.units[u];
    if (id.empty()) problem("unit " + std::to_string(u + 1), "has no id");
    else if (!ids.insert(id).second) problem(at(id, "id"), "appears more than once");
    bool any_input = false, any_output = false;
    for (std::size_t i = 0; i < m; ++i) {
      const double v = d.input(u, i);
      if (!std::isfinite(v)) problem(at(id, d.input_names[i]), "is not a finite number");
      else if (v < 0) problem(at(id, d.input_names[i]), "is negative; DEA needs values >= 0");
      else if (v > 0) any_input = true;
    }
    for (std::size_t r = 0; r < s; ++r) {
      const double v = d.output(u, r);
      if (!std::isfinite(v)) problem(at(id, d.output_names[r]), "is not a finite number");
      else if (v < 0) problem(at(id, d.output_names[r]), "is negative; DEA needs values >= 0");
      else if (v > 0) any_output = true;
    }
    if (m > 0 && !any_input) problem(at(id, "inputs"), "are all zero, so there is nothing to save");
    if (s > 0 && !any_output) problem(at(id, "outputs"), "are all zero, so there is nothing to score");
  }
  if (problems.empty()) return {};
  Error e = Error::invalid(problems.size() == 1
                               ? problems.front().where + " " + problems.front().message
                               : std::to_string(problems.size()) + " problems in the DEA data",
                           problems.front().where);
  e.details = std::move(problems);
  return fail(std::move(e));
}

Result<DeaResult> run_dea(const DeaData& d, const DeaOptions& opt, const DeaProgress& progress) {
  if (auto ok = validate(d); !ok) return fail(ok.error());
  const std::size_t n = d.size();
  // Screening visits every unit once and the scoring pass once more: report both as one count.
  const std::size_t total_steps = opt.screen_frontier ? 2 * n : n;
  auto report = [&](std::size_t done) { return !progress || progress(done, total_steps); };

  DeaResult result;
  std::vector<std::size_t> frontier;
  std::vector<char> done(n, 0);
  tbb::task_arena arena(opt.threads == 0 ? tbb::task_arena::automatic
                                         : static_cast<int>(opt.threads));
  if (opt.screen_frontier) {
    std::size_t last = 0;
    auto step = [&](std::size_t k) {
      if (k - last < 1024 && k != 0) return true;
      last = k;
      return report(k);
    };
    // Without a second stage or super-efficiency, a unit checked after the frontier set stopped
    // growing already has its final answer.
    const bool keep = !opt.slacks && !opt.super_efficiency;
    std::optional<Screen> screen;
    arena.execute([&] { screen = screen_frontier(d, opt.rts, opt.orientation, step, keep); });
    if (!screen) return fail(Error::cancelled("DEA cancelled"));
    frontier = std::move(screen->frontier);
    result.lp_solves += screen->solves;
    if (!screen->answers.empty()) {  // the sequential screen keeps them; the parallel one not
      result.units.resize(n);
      for (std::size_t u = 0; u < n; ++u)
        if (screen->checked_at[u] == frontier.size()) {
          result.units[u] = std::move(screen->answers[u]);
          done[u] = 1;
        }
    }
  } else {
    frontier.resize(n);
    std::iota(frontier.begin(), frontier.end(), 0);
  }
  result.frontier_set_size = frontier.size();
  std::vector<char> in_frontier(n, 0);
  for (auto u : frontier) in_frontier[u] = 1;

  EnvelopmentLp base(d, opt.rts, opt.orientation);
  for (auto u : frontier) base.add_reference(u);
  result.units.resize(n);

  tbb::enumerable_thread_specific<EnvelopmentLp> lps(base);
  const std::size_t offset = opt.screen_frontier ? n : 0;
  const std::size_t chunk = std::max<std::size_t>(512, n / 50);
  for (std::size_t begin = 0; begin < n; begin += chunk) {
    if (!report(offset + begin)) return fail(Error::cancelled("DEA cancelled"));
    const std::size_t end = std::min(n, begin + chunk);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, 16), [&](const auto& range) {
        auto& lp = lps.local();
        for (std::size_t u = range.begin(); u != range.end(); ++u)
          if (!done[u])
            solve_unit(d, opt, u, base, lp, in_frontier, opt.screen_frontier, result.units[u]);
      });
    });
  }
  for (const auto& lp : lps) result.lp_solves += lp.solves();
  report(total_steps);
  return result;
}

Result<std::vector<std::vector<DeaScore>>> score_against(
    const DeaData& reference, const std::vector<const DeaData*>& evaluated, ReturnsToScale rts,
    Orientation orientation, unsigned threads) {
  if (auto ok = validate(reference); !ok) return fail(ok.error());
  for (const DeaData* e : evaluated) {
    if (auto ok = validate(*e); !ok) return fail(ok.error());
    if (reference.input_names != e->input_names || reference.output_names != e->output_names)
      return fail(Error::invalid("the reference and evaluated units must have the same inputs "
                                 "and outputs, in the same order"));
  }
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  std::optional<Screen> screen;
  arena.execute([&] { screen = screen_frontier(reference, rts, orientation, {}, false); });
  EnvelopmentLp base(reference, rts, orientation);
  for (auto u : screen->frontier) base.add_reference(u);
  tbb::enumerable_thread_specific<EnvelopmentLp> lps(base);
  std::vector<std::vector<DeaScore>> scores;
  for (const DeaData* e : evaluated) {
    auto& out = scores.emplace_back(e->size());
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, e->size(), 16), [&](const auto& range) {
        auto& lp = lps.local();
        for (std::size_t u = range.begin(); u != range.end(); ++u) {
          const auto r = lp.solve(x_of(*e, u), y_of(*e, u));
          out[u] = {r.status, r.status == DeaStatus::optimal ? r.score : 0.0};
        }
      });
    });
  }
  return scores;
}

Result<std::vector<DeaScore>> score_against(const DeaData& reference, const DeaData& evaluated,
                                            ReturnsToScale rts, Orientation orientation,
                                            unsigned threads) {
  auto scores = score_against(reference, std::vector<const DeaData*>{&evaluated}, rts,
                              orientation, threads);
  if (!scores) return fail(scores.error());
  return std::move(scores->front());
}

}  // namespace pvf::benchmark
