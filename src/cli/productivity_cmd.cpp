// `pvf productivity`: ONS-style output, input and productivity indices from an activity file and
// an input file (measure/productivity.h). Warnings go to stderr and do not change the exit code.
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "core/csv.h"
#include "measure/productivity.h"
#include "measure/productivity_table.h"

namespace pvf::cli {
namespace {

struct ProductivityOptions {
  std::string activity;
  std::string inputs;
  std::string out;
  std::string contributions;
  std::string unit_costs;
};

std::string indices_csv(const measure::ProductivityResult& r) {
  std::string s = "body,period,output_index,input_index,productivity_index\n";
  for (const auto& row : r.indices)
    s += csv::format_row({row.body, row.period.to_string(), format_number(row.output_index),
                          format_number(row.input_index), format_number(row.productivity_index)});
  return s;
}

std::string contributions_csv(const measure::ProductivityResult& r) {
  std::string s = "body,period,activity,cost_share_previous,growth,contribution_points\n";
  for (const auto& c : r.contributions)
    s += csv::format_row({c.body, c.period.to_string(), c.activity, format_number(c.cost_share_previous),
                          format_number(c.growth), format_number(c.contribution_points)});
  return s;
}

std::string unit_costs_csv(const measure::ProductivityResult& r) {
  std::string s = "body,activity,period,unit_cost,change_from_previous\n";
  for (const auto& u : r.unit_costs)
    s += csv::format_row({u.body, u.activity, u.period.to_string(), format_number(u.unit_cost),
                          format_number(u.change_from_previous)});
  return s;
}

struct PendingFile {
  std::string path;
  std::string temp;
};

// Writes every file to a temporary beside it, then renames them all into place, so a failure
// leaves no half-written output (and no output of this run at all if any write fails).
bool write_files(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<PendingFile> pending;
  auto discard = [&] {
    std::error_code ignored;
    for (const auto& p : pending) std::filesystem::remove(p.temp, ignored);
  };
  for (const auto& [path, content] : files) {
    PendingFile p{path, path + ".tmp-" + std::to_string(::getpid())};
    pending.push_back(p);
    std::ofstream f(p.temp, std::ios::binary | std::ios::trunc);
    if (!f || !(f << content) || !f.flush()) {
      std::cerr << "pvf: " << path << ": cannot write the file\n";
      discard();
      return false;
    }
  }
  for (const auto& p : pending) {
    std::error_code ec;
    std::filesystem::rename(p.temp, p.path, ec);
    if (ec) {
      std::cerr << "pvf: " << p.path << ": cannot write the file (" << ec.message() << ")\n";
      discard();
      return false;
    }
  }
  return true;
}

int run_productivity(const ProductivityOptions& o) {
  // Read and check both files before stopping, so one run reports every problem.
  auto act_table = csv::read_file(o.activity);
  auto in_table = csv::read_file(o.inputs);
  std::optional<std::vector<measure::ActivityRecord>> acts;
  std::optional<std::vector<measure::InputRecord>> ins;
  bool bad = false;
  if (!act_table) {
    std::cerr << "pvf: " << act_table.error().to_text() << "\n";
    bad = true;
  } else if (auto r = measure::read_activity(*act_table); !r) {
    std::cerr << "pvf: " << r.error().to_text() << "\n";
    bad = true;
  } else {
    acts = std::move(*r);
  }
  if (!in_table) {
    std::cerr << "pvf: " << in_table.error().to_text() << "\n";
    bad = true;
  } else if (auto r = measure::read_inputs(*in_table); !r) {
    std::cerr << "pvf: " << r.error().to_text() << "\n";
    bad = true;
  } else {
    ins = std::move(*r);
  }
  if (bad) return 1;

  auto result = measure::compute_productivity(*acts, *ins);
  if (!result) {
    std::cerr << "pvf: " << result.error().to_text() << "\n";
    return 1;
  }
  for (const auto& w : result->warnings)
    std::cerr << "warning: " << w.body << (w.period.empty() ? "" : " " + w.period) << ": "
              << w.message << "\n";

  std::vector<std::pair<std::string, std::string>> files;
  const bool to_stdout = o.out.empty() || o.out == "-";
  if (!to_stdout) files.emplace_back(o.out, indices_csv(*result));
  if (!o.contributions.empty()) files.emplace_back(o.contributions, contributions_csv(*result));
  if (!o.unit_costs.empty()) files.emplace_back(o.unit_costs, unit_costs_csv(*result));
  if (!write_files(files)) return 1;
  if (to_stdout) std::cout << indices_csv(*result);
  return 0;
}

}  // namespace

void register_productivity_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ProductivityOptions>();
  CLI::App* cmd = app.add_subcommand(
      "productivity",
      "Output, input and productivity indices (ONS cost-weighted chain-linked Laspeyres)");
  cmd->add_option("--activity", o->activity,
                  "Activity CSV: body,period,activity,volume,unit_cost[,quality]")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--inputs", o->inputs, "Input CSV: body,period,expenditure,deflator[,input]")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out,
                  "Output CSV body,period,output_index,input_index,productivity_index "
                  "(default: stdout)");
  cmd->add_option("--contributions", o->contributions,
                  "Also write body,period,activity,cost_share_previous,growth,"
                  "contribution_points");
  cmd->add_option("--unit-costs", o->unit_costs,
                  "Also write body,activity,period,unit_cost,change_from_previous");
  cmd->callback([o, &ctx] { ctx.exit_code = run_productivity(*o); });
}

}  // namespace pvf::cli
