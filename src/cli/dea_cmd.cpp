// `pvf dea` and `pvf malmquist`: efficiency frontiers and productivity change from CSV files
// (benchmark/dea.h, benchmark/malmquist.h). Bad options exit 2 before any file is read; bad
// data exits 1 with every problem named by file:line:column.
#include <cstdint>
#include <iostream>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/bootstrap.h"
#include "benchmark/dea.h"
#include "benchmark/dea_table.h"
#include "benchmark/malmquist.h"
#include "cli/command.h"
#include "cli/output.h"
#include "core/csv.h"

namespace pvf::cli {
namespace {

using benchmark::DeaStatus;
using benchmark::Orientation;
using benchmark::ReturnsToScale;

struct DeaCliOptions {
  std::string data, id, period, out;
  std::vector<std::string> inputs, outputs;
  std::string rts = "crs";
  std::string orientation = "input";
  bool slacks = false, peers = false, targets = false, super = false;
  std::size_t bootstrap = 0;  // replicates; 0 = no bootstrap
  std::uint64_t seed = 1;
};

std::string model_help() {
  std::string s = "Returns to scale:\n";
  for (const auto& m : benchmark::returns_to_scale_models()) {
    s += "  ";
    s += m.name;
    s += "  ";
    s += m.description;
    s += "\n";
  }
  s += "Orientation:\n";
  for (const auto& o : benchmark::orientations()) {
    s += "  ";
    s += o.name;
    s += "  ";
    s += o.description;
    s += "\n";
  }
  return s;
}

// Options that CLI11 cannot check alone; usage errors (exit 2).
bool parse_model(const DeaCliOptions& o, ReturnsToScale& rts, Orientation& orientation) {
  auto r = benchmark::parse_returns_to_scale(o.rts);
  auto d = benchmark::parse_orientation(o.orientation);
  if (!r) std::cerr << "pvf: --rts: '" << o.rts << "' is not one of " << benchmark::returns_to_scale_choices() << "\n";
  if (!d) std::cerr << "pvf: --orientation: '" << o.orientation << "' is not one of " << benchmark::orientation_choices() << "\n";
  if (!r || !d) return false;
  rts = *r;
  orientation = *d;
  return true;
}

// LP results carry noise in their last digits; ten significant digits are all a solver with
// tolerances near 1e-9 can vouch for.
std::string number(double v) { return format_rounded(v, 10); }
std::string number(std::optional<double> v) { return v ? number(*v) : std::string(); }

void print_error(const Error& e) { std::cerr << "pvf: " << e.to_text() << "\n"; }

std::string peers_text(const benchmark::DeaData& d, const benchmark::DeaUnitResult& u) {
  std::string s;
  for (const auto& p : u.peers) {
    if (!s.empty()) s += ';';
    s += d.units[p.unit];
    s += ':';
    s += number(p.lambda);
  }
  return s;
}

int run_dea_command(const DeaCliOptions& o) {
  ReturnsToScale rts{};
  Orientation orientation{};
  if (!parse_model(o, rts, orientation)) return 2;
  auto table = csv::read_file(o.data);
  if (!table) return print_error(table.error()), 1;
  auto data = benchmark::read_dea_table(*table, {o.id, o.inputs, o.outputs});
  if (!data) return print_error(data.error()), 1;

  if (o.bootstrap > 0 && o.super) {
    std::cerr << "pvf: --bootstrap: super-efficiency scores pass 1, which the Simar-Wilson "
                 "bootstrap cannot reflect at the frontier; drop --super or --bootstrap\n";
    return 2;
  }
  const benchmark::DeaOptions options{.rts = rts,
                                      .orientation = orientation,
                                      .slacks = o.slacks,
                                      .super_efficiency = o.super};
  Progress bar("dea");
  auto result = benchmark::run_dea(*data, options, [&](std::size_t done, std::size_t total) {
    bar.update(done, total);
    return true;
  });
  bar.finish();
  if (!result) return print_error(result.error()), 1;

  std::optional<benchmark::BootstrapResult> boot;
  if (o.bootstrap > 0) {
    Progress boot_bar("bootstrap");
    auto b = benchmark::bootstrap_dea(
        *data, {.rts = rts, .orientation = orientation, .replicates = o.bootstrap, .seed = o.seed},
        [&](std::size_t done, std::size_t total) {
          boot_bar.update(done, total);
          return true;
        });
    boot_bar.finish();
    if (!b) return print_error(b.error()), 1;
    std::cerr << "pvf: bootstrap: " << b->replicates << " replicates, seed " << o.seed
              << ", bandwidth " << number(b->bandwidth) << "\n";
    boot = std::move(*b);
  }

  const bool output = orientation == Orientation::output;
  const bool with_peers = o.peers || o.slacks;
  std::vector<std::string> header{o.id, "efficiency"};
  if (output) header.emplace_back("te");
  header.emplace_back("status");
  auto named = [&](const char* prefix) {
    for (const auto* list : {&data->input_names, &data->output_names})
      for (const auto& n : *list) {
        std::string h = prefix;
        h += n;
        header.push_back(h);
      }
  };
  if (o.slacks) named("slack_");
  if (with_peers) header.emplace_back("peers");
  if (o.targets) named("target_");
  if (boot)
    for (const char* h : {"bias_corrected", "bias", "ci_lower", "ci_upper", "replicates_used"})
      header.emplace_back(h);

  std::string csv_text = csv::format_row(header);
  std::size_t not_solved = 0;
  std::vector<std::string> row;
  for (std::size_t u = 0; u < data->size(); ++u) {
    const auto& r = result->units[u];
    const bool ok = r.status == DeaStatus::optimal;
    not_solved += ok ? 0 : 1;
    row.assign({data->units[u], ok ? number(r.efficiency) : std::string()});
    if (output) row.push_back(ok && r.efficiency > 0 ? number(1.0 / r.efficiency) : "");
    row.emplace_back(benchmark::to_string(r.status));
    auto values = [&](const std::vector<double>& in, const std::vector<double>& out) {
      for (std::size_t i = 0; i < data->input_count(); ++i)
        row.push_back(ok ? number(in[i]) : "");
      for (std::size_t k = 0; k < data->output_count(); ++k)
        row.push_back(ok ? number(out[k]) : "");
    };
    if (o.slacks) values(r.input_slacks, r.output_slacks);
    if (with_peers) row.push_back(ok ? peers_text(*data, r) : "");
    if (o.targets) values(r.input_targets, r.output_targets);
    if (boot) {
      const auto& b = boot->units[u];
      const bool has = b.replicates_used > 0;
      for (double v : {b.bias_corrected, b.bias, b.lower, b.upper})
        row.push_back(has ? number(v) : "");
      row.push_back(std::to_string(b.replicates_used));
    }
    csv_text += csv::format_row(row);
  }
  if (not_solved > 0)
    std::cerr << "pvf: note: " << not_solved << " of " << data->size()
              << " units have no score (see the status column; e.g. infeasible under "
                 "super-efficiency is a finding, not an error)\n";
  return write_output(o.out, csv_text) ? 0 : 1;
}

int run_malmquist_command(const DeaCliOptions& o) {
  ReturnsToScale rts{};
  Orientation orientation{};
  if (!parse_model(o, rts, orientation)) return 2;
  if (rts != ReturnsToScale::crs && rts != ReturnsToScale::vrs) {
    std::cerr << "pvf: --rts: Malmquist indices take crs, or vrs for the decomposition into pure "
                 "and scale efficiency change\n";
    return 2;
  }
  auto table = csv::read_file(o.data);
  if (!table) return print_error(table.error()), 1;
  auto panel = benchmark::read_dea_panel(*table, {o.id, o.inputs, o.outputs}, o.period);
  if (!panel) return print_error(panel.error()), 1;
  Progress bar("malmquist");
  auto result = benchmark::run_malmquist(
      *panel, {.rts = rts, .orientation = orientation},
      [&](std::size_t done, std::size_t total) {
        bar.update(done, total);
        return true;
      });
  bar.finish();
  if (!result) return print_error(result.error()), 1;

  const bool vrs = rts == ReturnsToScale::vrs;
  std::vector<std::string> header{o.id,      "period_from",       "period_to",
                                  "malmquist", "efficiency_change", "technical_change"};
  if (vrs) {
    header.emplace_back("pure_efficiency_change");
    header.emplace_back("scale_efficiency_change");
  }
  std::string csv_text = csv::format_row(header);
  for (const auto& r : result->rows) {
    const bool ok = r.status == DeaStatus::optimal;
    if (!ok)
      std::cerr << "pvf: note: " << r.unit << " " << panel->periods[r.period_from] << " to "
                << panel->periods[r.period_to] << ": " << benchmark::to_string(r.status)
                << " (a cross-period LP has no solution), so its indices are left empty\n";
    std::vector<std::string> row{r.unit, panel->periods[r.period_from],
                                 panel->periods[r.period_to],
                                 ok ? number(r.malmquist) : "",
                                 ok ? number(r.efficiency_change) : "",
                                 ok ? number(r.technical_change) : ""};
    if (vrs) {
      row.push_back(ok ? number(r.pure_efficiency_change) : "");
      row.push_back(ok ? number(r.scale_efficiency_change) : "");
    }
    csv_text += csv::format_row(row);
  }
  return write_output(o.out, csv_text) ? 0 : 1;
}

void add_common(CLI::App* cmd, DeaCliOptions& o) {
  cmd->add_option("--data", o.data, "CSV with one row per unit (per period for malmquist)")
      ->required()
      ->check(CLI::ExistingFile.description(""))
      ->type_name("FILE.csv");
  cmd->add_option("--id", o.id, "Column holding each unit's id")->required()->type_name("COL");
  cmd->add_option("--inputs", o.inputs, "Input columns, comma-separated (e.g. spending)")
      ->required()
      ->delimiter(',')
      ->type_name("A,B");
  cmd->add_option("--outputs", o.outputs, "Output columns, comma-separated (activity, outcomes)")
      ->required()
      ->delimiter(',')
      ->type_name("C,D");
  cmd->add_option("--orientation", o.orientation, "input or output")
      ->default_val("input")
      ->type_name("input|output");
  cmd->add_option("--out", o.out, "Write the CSV to FILE instead of stdout")->type_name("FILE");
}

}  // namespace

void register_dea_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DeaCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dea", "Efficiency scores by data envelopment analysis (COIN-OR CLP)");
  add_common(cmd, *o);
  cmd->add_option("--rts", o->rts, "Returns to scale: crs, vrs, nirs or ndrs")
      ->default_val("crs")
      ->type_name("crs|vrs|nirs|ndrs");
  cmd->add_flag("--slacks", o->slacks,
                "Second stage: maximum slacks, as slack_<name> columns, and the peers column");
  cmd->add_flag("--peers", o->peers, "Add the peers column (id:lambda;...) without slacks");
  cmd->add_flag("--targets", o->targets,
                "Add target_<name> columns: where each unit would be on the frontier");
  cmd->add_flag("--super", o->super,
                "Super-efficiency (Andersen-Petersen): each unit left out of its own reference "
                "set, so frontier units can score past 1");
  cmd->add_option("--bootstrap", o->bootstrap,
                  "Simar-Wilson bootstrap with N replicates: bias-corrected scores and 95% "
                  "intervals (2000 is usual)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->type_name("N");
  cmd->add_option("--seed", o->seed, "Seed for the bootstrap draws (same seed, same answer)")
      ->default_val(1)
      ->type_name("S");
  cmd->footer(
      "Output: <id>,efficiency[,te],status[,slack_<name>...][,peers][,target_<name>...]\n"
      "        [,bias_corrected,bias,ci_lower,ci_upper,replicates_used with --bootstrap]\n"
      "efficiency is Farrell's measure as R's Benchmarking reports it: theta <= 1 for input\n"
      "orientation, phi >= 1 for output orientation, with te = 1/phi beside it. status is\n"
      "optimal, or infeasible/unbounded where the unit's LP has no solution (common for VRS\n"
      "super-efficiency): a finding, not an error; such rows have no numbers.\n\n" +
      model_help());
  cmd->callback([o, &ctx] { ctx.exit_code = run_dea_command(*o); });
}

void register_malmquist_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DeaCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "malmquist", "Malmquist productivity change between adjacent periods (DEA)");
  add_common(cmd, *o);
  cmd->add_option("--period", o->period, "Column holding the period (2023-24, 2023, ...)")
      ->required()
      ->type_name("COL");
  cmd->add_option("--rts", o->rts, "crs, or vrs to split efficiency change")
      ->default_val("crs")
      ->type_name("crs|vrs");
  cmd->footer(
      "Output: <id>,period_from,period_to,malmquist,efficiency_change,technical_change\n"
      "        [,pure_efficiency_change,scale_efficiency_change with --rts vrs]\n"
      "Adjacent periods, geometric-mean form (Fare et al. 1994, as DEAP): malmquist =\n"
      "efficiency_change x technical_change; above 1 means productivity improved. Each period's\n"
      "frontier is built from the units observed in it; a unit gets a row for each pair of\n"
      "adjacent periods it appears in.\n");
  cmd->callback([o, &ctx] { ctx.exit_code = run_malmquist_command(*o); });
}

}  // namespace pvf::cli
