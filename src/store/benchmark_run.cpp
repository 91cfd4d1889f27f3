// Benchmarking runs: the rules of a spec, running the engines on data assembled from the store,
// and storing the results (benchmark_repo.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <unordered_map>

#include "benchmark/bootstrap.h"
#include "benchmark/dea.h"
#include "benchmark/malmquist.h"
#include "core/period.h"
#include "store/benchmark_detail.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {

const char* to_string(BenchmarkKind kind) {
  return kind == BenchmarkKind::dea ? "dea" : "malmquist";
}

nlohmann::json to_json(const BenchmarkSpec& spec) {
  nlohmann::json inputs = nlohmann::json::array(), outputs = nlohmann::json::array();
  for (const auto& v : spec.inputs) inputs.push_back(to_json(v));
  for (const auto& v : spec.outputs) outputs.push_back(to_json(v));
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"kind", to_string(spec.kind)},
          {"title", spec.title},
          {"period", spec.periods.empty() ? nlohmann::json(nullptr)
                                          : nlohmann::json(spec.periods.back())},
          {"periods", spec.periods},
          {"group", to_string(spec.group.scope)},
          {"group_id", opt(spec.group.group_id)},
          {"body", opt(spec.group.body_id)},
          {"inputs", inputs},
          {"outputs", outputs},
          {"rts", std::string(benchmark::info(spec.rts).name)},
          {"orientation", std::string(benchmark::info(spec.orientation).name)},
          {"slacks", spec.slacks},
          {"super_efficiency", spec.super_efficiency},
          {"bootstrap", spec.bootstrap},
          {"seed", spec.seed}};
}

namespace {

class Problems {
 public:
  void add(std::string where, std::string message) {
    details_.push_back({std::move(where), std::move(message)});
  }
  bool empty() const { return details_.empty(); }
  Error error() const {
    return Error::invalid_all(details_, std::string("the benchmark request has ") +
                                            std::to_string(details_.size()) + " problems");
  }

 private:
  std::vector<ErrorDetail> details_;
};

Result<bool> exists(Database& db, std::string_view sql, const std::optional<std::string>& key) {
  PVF_TRY(auto st, db.prepare(sql));
  if (key) st.bind(1, *key);
  PVF_TRY(auto found, detail::fetch_one<bool>(st, [](Statement&) { return true; }));
  return found.has_value();
}

Status check_variable(Database& db, const VariableRef& v, const std::string& where,
                      Problems& problems) {
  switch (v.source) {
    case VariableSource::spending: {
      if (v.key) {
        PVF_TRY(bool ok, exists(db, "SELECT 1 FROM input_spending WHERE input = ? LIMIT 1", v.key));
        if (!ok) problems.add(where + ".key", "no spending is stored for the input line '" + *v.key + "'");
      } else {
        PVF_TRY(bool ok, exists(db, "SELECT 1 FROM input_spending LIMIT 1", std::nullopt));
        if (!ok) problems.add(where, "no spending is stored yet: import inputs first");
      }
      return {};
    }
    case VariableSource::activity: {
      if (!v.key || v.key->empty()) {
        problems.add(where + ".key", "name the activity");
        return {};
      }
      PVF_TRY(bool ok,
              exists(db, "SELECT 1 FROM activity_volumes WHERE activity = ? LIMIT 1", v.key));
      if (!ok) problems.add(where + ".key", "no activity '" + *v.key + "' is stored");
      return {};
    }
    case VariableSource::indicator: {
      if (!v.key || v.key->empty()) {
        problems.add(where + ".key", "name the indicator");
        return {};
      }
      PVF_TRY(bool ok, exists(db, "SELECT 1 FROM indicators WHERE key = ?", v.key));
      if (!ok) problems.add(where + ".key", "no indicator '" + *v.key + "'");
      return {};
    }
  }
  return {};
}

}  // namespace

Result<BenchmarkSpec> check_benchmark_spec(Database& db, BenchmarkSpec spec) {
  Problems problems;
  const bool dea = spec.kind == BenchmarkKind::dea;
  const std::string period_field = dea ? "period" : "periods";
  std::vector<Period> periods;
  for (size_t i = 0; i < spec.periods.size(); ++i) {
    auto p = Period::parse(spec.periods[i]);
    if (!p)
      problems.add(dea ? std::string("period") : std::string("periods[") + std::to_string(i) + "]",
                   p.error().message);
    else
      periods.push_back(*p);
  }
  if (dea && spec.periods.size() != 1) problems.add("period", "give the period to benchmark");
  if (!dea && spec.periods.size() < 2)
    problems.add("periods", "productivity change needs at least two periods");
  if (periods.size() == spec.periods.size() && !periods.empty()) {
    std::sort(periods.begin(), periods.end());
    if (std::adjacent_find(periods.begin(), periods.end()) != periods.end())
      problems.add(period_field, "a period is given twice");
    for (const auto& p : periods)
      if (p.kind() != periods.front().kind()) {
        problems.add(period_field, std::string("the periods must all be ") +
                                       period_kind_plural(periods.front().kind()));
        break;
      }
    spec.periods.clear();
    for (const auto& p : periods) spec.periods.push_back(p.to_string());
  }

  if (spec.inputs.empty()) problems.add("inputs", "choose at least one input");
  if (spec.outputs.empty()) problems.add("outputs", "choose at least one output");
  std::vector<std::pair<std::string, const VariableRef*>> seen;
  for (int side = 0; side < 2; ++side) {
    const auto& list = side == 0 ? spec.inputs : spec.outputs;
    const std::string name = side == 0 ? "inputs" : "outputs";
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string where = name + "[" + std::to_string(i) + "]";
      PVF_CHECK(check_variable(db, list[i], where, problems));
      for (const auto& [other_where, other] : seen)
        if (*other == list[i]) {
          problems.add(where, "the same variable as " + other_where);
          break;
        }
      seen.emplace_back(where, &list[i]);
    }
  }

  if (spec.group.scope != GroupScope::all) {
    auto group = resolve_group(db, spec.group);
    if (!group) {
      const auto& e = group.error();
      if (e.code != ErrorCode::invalid_input && e.code != ErrorCode::not_found)
        return fail(e);
      std::string where = e.where.empty() ? "group" : e.where;
      if (spec.group.scope == GroupScope::named) where = "group_id";
      else if (where != "group_id") where = "body";
      problems.add(where, e.message);
    }
  }
  if (!dea && spec.rts != benchmark::ReturnsToScale::crs &&
      spec.rts != benchmark::ReturnsToScale::vrs)
    problems.add("rts", "productivity change is measured under crs or vrs");
  if (!dea && spec.slacks) problems.add("slacks", "slacks are for a DEA run");
  if (!dea && spec.super_efficiency)
    problems.add("super_efficiency", "super-efficiency is for a DEA run");
  if (!dea && spec.bootstrap != 0) problems.add("bootstrap", "the bootstrap is for a DEA run");
  if (spec.bootstrap != 0 && (spec.bootstrap < kMinBootstrap || spec.bootstrap > kMaxBootstrap))
    problems.add("bootstrap", std::string("give 0 (none) or ") + std::to_string(kMinBootstrap) + " to " +
                                  std::to_string(kMaxBootstrap) + " replicates");
  if (spec.bootstrap != 0 && spec.super_efficiency)
    problems.add("super_efficiency",
                 "the bootstrap estimates the efficiency of units inside the frontier; run "
                 "super-efficiency without it");
  if (spec.seed < 0) problems.add("seed", "the seed is a whole number 0 or more");
  if (detail::utf8_length(spec.title) > 200)
    problems.add("title", "the title is longer than 200 characters");
  if (!problems.empty()) return fail(problems.error());
  return spec;
}

namespace {

using benchmark_detail::RunData;

constexpr double kTie = 1e-9;

std::string default_title(const BenchmarkSpec& spec, const RunData& data) {
  std::string title = spec.kind == BenchmarkKind::dea ? "Efficiency " + spec.periods.front()
                                                      : "Productivity change " +
                                                            spec.periods.front() + " to " +
                                                            spec.periods.back();
  title += ": ";
  bool first = true;
  bool outputs = false;
  for (const auto& v : data.variables) {
    if (!v.is_input && !outputs) {
      title += " \u2192 ";
      outputs = true;
      first = true;
    }
    if (!first) title += ", ";
    title += v.name;
    first = false;
  }
  if (title.size() > 200) title = title.substr(0, 197) + "...";
  return title;
}

nlohmann::json numbers(const std::vector<double>& v) { return nlohmann::json(v); }

// Farrell efficiency as a "better" key: higher θ is better (input), lower φ (output).
double goodness(double efficiency, benchmark::Orientation o) {
  return o == benchmark::Orientation::input ? efficiency : -efficiency;
}

struct Saved {
  int64_t units = 0;
  std::optional<int64_t> efficient;
};

Result<int64_t> insert_run(Database& db, const Actor& actor, const BenchmarkSpec& spec,
                           const RunData& data, const Saved& saved, double seconds) {
  PVF_TRY(int64_t user_id, detail::actor_user_id(db, actor));
  nlohmann::json variables = nlohmann::json::array();
  for (const auto& v : data.variables)
    variables.push_back({{"side", v.is_input ? "input" : "output"},
                         {"source", to_string(v.ref.source)},
                         {"key", v.ref.key ? nlohmann::json(*v.ref.key) : nlohmann::json(nullptr)},
                         {"name", v.name},
                         {"label", v.label},
                         {"unit", v.unit}});
  nlohmann::json left_out = nlohmann::json::array();
  for (const auto& l : data.left_out)
    left_out.push_back({{"body_id", l.body.body_id}, {"reason", l.reason}});
  nlohmann::json detail = {{"variables", variables},
                           {"left_out", left_out},
                           {"warnings", data.warnings}};
  PVF_TRY(auto st, db.prepare(
                       "INSERT INTO benchmark_runs (kind, title, period, periods, group_scope, "
                       "group_id, group_label, rts, orientation, units, efficient, spec, detail, "
                       "created_by, created_at, seconds) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  st.bind_all(std::string(to_string(spec.kind)), spec.title, spec.periods.back(),
              nlohmann::json(spec.periods).dump(), std::string(to_string(spec.group.scope)),
              spec.group.group_id, data.group_label,
              std::string(benchmark::info(spec.rts).name),
              std::string(benchmark::info(spec.orientation).name), saved.units, saved.efficient,
              to_json(spec).dump(), detail.dump(), user_id, now_utc(), seconds);
  PVF_CHECK(st.run());
  return db.last_insert_id();
}

Result<Saved> save_dea(Database& db, int64_t run_id, const BenchmarkSpec& spec,
                       const benchmark::DeaData& data, const benchmark::DeaResult& result,
                       const benchmark::BootstrapResult* boot) {
  const size_t n = data.size();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  auto optimal = [&](size_t i) { return result.units[i].status == benchmark::DeaStatus::optimal; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (optimal(a) != optimal(b)) return optimal(a);
    if (!optimal(a)) return false;
    return goodness(result.units[a].efficiency, spec.orientation) >
           goodness(result.units[b].efficiency, spec.orientation);
  });
  std::vector<std::optional<int64_t>> rank(n);
  for (size_t k = 0; k < n; ++k) {
    const size_t i = order[k];
    if (!optimal(i)) break;
    if (k > 0 && optimal(order[k - 1]) &&
        std::abs(result.units[i].efficiency - result.units[order[k - 1]].efficiency) <=
            kTie * std::max(1.0, std::abs(result.units[i].efficiency)))
      rank[i] = rank[order[k - 1]];
    else
      rank[i] = static_cast<int64_t>(k + 1);
  }
  Saved saved{static_cast<int64_t>(n), 0};
  PVF_TRY(auto st, db.prepare("INSERT INTO benchmark_dea_results (run_id, body_id, status, "
                              "efficiency, rank, detail) VALUES (?,?,?,?,?,?)"));
  const size_t m = data.input_count(), s = data.output_count();
  for (size_t i = 0; i < n; ++i) {
    const auto& u = result.units[i];
    const bool ok = u.status == benchmark::DeaStatus::optimal;
    const bool efficient =
        (ok && (spec.orientation == benchmark::Orientation::input ? u.efficiency >= 1 - kTie
                                                                  : u.efficiency <= 1 + kTie)) ||
        (spec.super_efficiency && u.status == benchmark::DeaStatus::infeasible);
    if (efficient) ++*saved.efficient;
    std::vector<double> x(data.inputs.begin() + static_cast<long>(i * m),
                          data.inputs.begin() + static_cast<long>((i + 1) * m));
    std::vector<double> y(data.outputs.begin() + static_cast<long>(i * s),
                          data.outputs.begin() + static_cast<long>((i + 1) * s));
    nlohmann::json detail = {{"inputs", numbers(x)},
                             {"outputs", numbers(y)},
                             {"input_slacks", nullptr},
                             {"output_slacks", nullptr},
                             {"peers", nlohmann::json::array()},
                             {"input_targets", nullptr},
                             {"output_targets", nullptr},
                             {"bootstrap", nullptr}};
    if (ok) {
      if (spec.slacks) {
        detail["input_slacks"] = numbers(u.input_slacks);
        detail["output_slacks"] = numbers(u.output_slacks);
      }
      detail["input_targets"] = numbers(u.input_targets);
      detail["output_targets"] = numbers(u.output_targets);
      auto peers = u.peers;
      std::stable_sort(peers.begin(), peers.end(),
                       [](const auto& a, const auto& b) { return a.lambda > b.lambda; });
      for (const auto& p : peers)
        detail["peers"].push_back({static_cast<int64_t>(std::stoll(data.units[p.unit])), p.lambda});
    }
    if (boot && boot->units[i].replicates_used > 0) {
      const auto& b = boot->units[i];
      detail["bootstrap"] = {{"bias_corrected", b.bias_corrected},
                             {"bias", b.bias},
                             {"lower", b.lower},
                             {"upper", b.upper},
                             {"replicates_used", b.replicates_used}};
    }
    st.reset();
    st.bind_all(run_id, static_cast<int64_t>(std::stoll(data.units[i])),
                std::string(benchmark::to_string(u.status)),
                ok ? std::optional<double>(u.efficiency) : std::nullopt, rank[i], detail.dump());
    PVF_CHECK(st.run());
  }
  return saved;
}

Status save_malmquist(Database& db, int64_t run_id, const benchmark::DeaPanel& panel,
                      const benchmark::MalmquistResult& result) {
  PVF_TRY(auto st, db.prepare(
                       "INSERT INTO benchmark_malmquist_results (run_id, body_id, period_from, "
                       "period_to, status, malmquist, efficiency_change, technical_change, "
                       "pure_efficiency_change, scale_efficiency_change) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?)"));
  for (const auto& r : result.rows) {
    const bool ok = r.status == benchmark::DeaStatus::optimal;
    auto value = [&](double v) { return ok ? std::optional<double>(v) : std::nullopt; };
    auto maybe = [&](const std::optional<double>& v) { return ok ? v : std::nullopt; };
    st.reset();
    st.bind_all(run_id, static_cast<int64_t>(std::stoll(r.unit)), panel.periods[r.period_from],
                panel.periods[r.period_to], std::string(benchmark::to_string(r.status)),
                value(r.malmquist), value(r.efficiency_change), value(r.technical_change),
                maybe(r.pure_efficiency_change), maybe(r.scale_efficiency_change));
    PVF_CHECK(st.run());
  }
  return {};
}

}  // namespace

Result<int64_t> run_benchmark(Database& db, const Actor& actor, const BenchmarkSpec& request,
                              const BenchmarkProgress& progress, unsigned threads) {
  const auto started = std::chrono::steady_clock::now();
  if (actor.role != Role::admin && actor.role != Role::treasury_analyst)
    return fail(Error::forbidden("only admins and treasury analysts run benchmarks: stored "
                                 "runs feed every body's data signals"));
  auto report = [&](std::string_view stage, uint64_t done, uint64_t total) {
    return !progress || progress(stage, done, total);
  };
  if (!report("Reading data", 0, 0)) return fail(Error::cancelled("the run was cancelled"));

  BenchmarkSpec spec;
  RunData data;
  PVF_CHECK(db.read_transaction([&]() -> Status {
    PVF_TRY(spec, check_benchmark_spec(db, request));
    PVF_TRY(data, benchmark_detail::assemble_run_data(db, spec));
    return {};
  }));
  if (spec.title.empty()) spec.title = default_title(spec, data);

  for (size_t p = 0; p < data.panel.periods.size(); ++p)
    if (data.panel.data[p].size() < 2)
      return fail(Error::invalid(
          std::to_string(data.panel.data[p].size()) + " bod" +
              (data.panel.data[p].size() == 1 ? "y has" : "ies have") +
              " every input and output in " + data.panel.periods[p] +
              ": a frontier needs at least two (see left_out for why bodies are missing)",
          spec.kind == BenchmarkKind::dea ? "period" : "periods"));

  auto cancelled = [] { return Error::cancelled("the run was cancelled"); };
  if (spec.kind == BenchmarkKind::dea) {
    const auto& d = data.panel.data.front();
    benchmark::DeaOptions options;
    options.rts = spec.rts;
    options.orientation = spec.orientation;
    options.slacks = spec.slacks;
    options.super_efficiency = spec.super_efficiency;
    options.threads = threads;
    const std::string stage =
        std::string("Solving the linear programmes of ") + std::to_string(d.size()) + " units";
    auto result = benchmark::run_dea(d, options, [&](size_t done, size_t total) {
      return report(stage, done, total);
    });
    if (!result) return fail(result.error());
    std::optional<benchmark::BootstrapResult> boot;
    if (spec.bootstrap > 0) {
      benchmark::BootstrapOptions b;
      b.rts = spec.rts;
      b.orientation = spec.orientation;
      b.replicates = static_cast<size_t>(spec.bootstrap);
      b.seed = static_cast<uint64_t>(spec.seed);
      b.threads = threads;
      auto booted = benchmark::bootstrap_dea(d, b, [&](size_t done, size_t total) {
        return report("Bootstrap replicates", done, total);
      });
      if (!booted) return fail(booted.error());
      boot = std::move(*booted);
    }
    if (!report("Saving the results", 0, 0)) return fail(cancelled());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return db.transaction([&]() -> Result<int64_t> {
      PVF_TRY(int64_t id, insert_run(db, actor, spec, data, Saved{}, seconds));
      PVF_TRY(Saved saved, save_dea(db, id, spec, d, *result, boot ? &*boot : nullptr));
      PVF_TRY(auto st, db.prepare("UPDATE benchmark_runs SET units = ?, efficient = ? WHERE id = ?"));
      st.bind_all(saved.units, saved.efficient, id);
      PVF_CHECK(st.run());
      PVF_CHECK(append_audit(db, actor, "benchmark.run", "benchmark_run", std::to_string(id),
                             nullptr,
                             {{"kind", "dea"},
                              {"title", spec.title},
                              {"units", saved.units},
                              {"efficient", *saved.efficient},
                              {"left_out", data.left_out.size()}}));
      return id;
    });
  }

  benchmark::MalmquistOptions options;
  options.rts = spec.rts;
  options.orientation = spec.orientation;
  options.threads = threads;
  auto result = benchmark::run_malmquist(data.panel, options, [&](size_t done, size_t total) {
    return report("Comparing pairs of periods", done, total);
  });
  if (!result) return fail(result.error());
  if (!report("Saving the results", 0, 0)) return fail(cancelled());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return db.transaction([&]() -> Result<int64_t> {
    Saved saved{static_cast<int64_t>(data.bodies.size()), std::nullopt};
    PVF_TRY(int64_t id, insert_run(db, actor, spec, data, saved, seconds));
    PVF_CHECK(save_malmquist(db, id, data.panel, *result));
    PVF_CHECK(append_audit(db, actor, "benchmark.run", "benchmark_run", std::to_string(id),
                           nullptr,
                           {{"kind", "malmquist"},
                            {"title", spec.title},
                            {"units", saved.units},
                            {"rows", result->rows.size()},
                            {"left_out", data.left_out.size()}}));
    return id;
  });
}

}  // namespace pvf::store
