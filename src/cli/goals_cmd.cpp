// `pvf goals --goals GOALS.csv --observations OBS.csv [--out FILE]`: each goal's status against
// its planned trajectory (measure/goals.h), as CSV.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "core/csv.h"
#include "measure/goals.h"
#include "measure/goals_table.h"

namespace pvf::cli {
namespace {

namespace fs = std::filesystem;

struct GoalsOptions {
  std::string goals;
  std::string observations;
  std::string out;
};

constexpr const char* kFooter = R"(GOALS.csv columns (header names in any order and case):
  goal             unique id of the goal
  body             the body the goal belongs to
  indicator        what is measured
  polarity         higher or lower (which direction is better)
  baseline_period  e.g. 2020-21 (financial year), 2020 (calendar year) or 2020-21 Q1
  baseline_value   the indicator's value at the baseline
  target_period    after the baseline, same kind of period
  target_value     the value to reach by the target period

OBS.csv columns: body,indicator,period,value (one observation a row; matched to goals by body
and indicator).

Status: the observations from the baseline period on are fitted with a least-squares line,
projected to the target period:
  on_track   the projection meets the target (at or above it for higher, at or below for lower)
  at_risk    short of it by at most 20% of the planned change |target - baseline|
  off_track  short by more
  too_early  fewer than two observations since the baseline (no observations is not an error)

Output CSV (to --out FILE, or stdout), one row a goal in GOALS.csv order:
  goal,status,projected_value,planned_value_latest,latest_period,latest_value
planned_value_latest is the planned straight line from baseline to target at the latest
observed period; empty cells where there is no value.

Exit status: 0 ok; 1 bad input (every problem listed as FILE:LINE:column: message; no output
file is written); 2 usage error.)";

// Shortest text that reads back as the same double, in plain decimal notation (never 1e-05).
std::string number(double v) {
  char buf[512];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

std::string optional_number(const std::optional<double>& v) { return v ? number(*v) : ""; }

void print_problems(const Error& e, std::ostream& out) {
  if (e.details.empty()) {
    out << (e.where.empty() || e.message.rfind(e.where, 0) == 0 ? "" : e.where + ": ") << e.message
        << "\n";
    return;
  }
  for (const auto& d : e.details)
    out << (d.where.empty() ? "" : d.where + ": ") << d.message << "\n";
}

// Writes to a temporary file beside `path`, then renames it over `path`, so that a failed run
// never leaves half a file (or clobbers an existing one).
bool write_atomically(const std::string& path, const std::string& content) {
  const fs::path target(path);
  fs::path tmp = target;
  tmp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!(f << content) || !f.flush()) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

// Reads and checks one input file; on failure appends its error and returns nullopt.
template <class Reader>
auto read_input(const std::string& path, Reader reader, std::vector<Error>& errors)
    -> std::optional<std::pair<csv::Table, typename decltype(reader(csv::Table{}))::value_type>> {
  auto table = csv::read_file(path);
  if (!table) {
    errors.push_back(table.error());
    return std::nullopt;
  }
  auto parsed = reader(*table);
  if (!parsed) {
    errors.push_back(parsed.error());
    return std::nullopt;
  }
  return std::make_pair(std::move(*table), std::move(*parsed));
}

int run_goals(const GoalsOptions& o) {
  // Both files are read and checked before giving up, so one run lists every problem.
  std::vector<Error> errors;
  auto goals = read_input(o.goals, measure::read_goals, errors);
  auto observations = read_input(o.observations, measure::read_observations, errors);

  std::vector<std::string> rows;
  if (errors.empty()) {
    const auto& [goals_table, specs] = *goals;
    const auto& series_by_key = observations->second;
    Error mismatch = Error::invalid("the goals do not match the observations");
    for (size_t i = 0; i < specs.size(); ++i) {
      const measure::GoalSpec& goal = specs[i];
      const csv::Row& row = goals_table.rows[i];  // read_goals keeps one spec per row, in order
      static const std::vector<measure::PeriodValue> kNone;
      auto it = series_by_key.find({goal.body, goal.indicator});
      const auto& series = it == series_by_key.end() ? kNone : it->second;
      // read_observations keeps one kind of period per series; the goal must use the same kind.
      if (!series.empty() && series.front().period.kind() != goal.baseline_period.kind()) {
        mismatch.details.push_back(
            {goals_table.where(row, "baseline_period"),
             "'" + goal.baseline_period.to_string() + "' is not the same kind of period as the " +
                 "observations for body '" + goal.body + "', indicator '" + goal.indicator +
                 "' in " + o.observations + " (e.g. '" + series.front().period.to_string() + "')"});
        continue;
      }
      auto progress = measure::assess_goal(goal, series);
      if (!progress) {  // read_goals has checked the spec already; kept for safety
        for (const auto& d : progress.error().details)
          mismatch.details.push_back({goals_table.where(row, d.where), d.message});
        continue;
      }
      rows.push_back(
          csv::format_row({goal.id, measure::to_string(progress->status),
                           optional_number(progress->projected_value),
                           optional_number(progress->planned_value_latest),
                           progress->latest_period ? progress->latest_period->to_string() : "",
                           optional_number(progress->latest_value)}));
    }
    if (!mismatch.details.empty()) errors.push_back(std::move(mismatch));
  }

  if (!errors.empty()) {
    size_t count = 0;
    for (const auto& e : errors) {
      print_problems(e, std::cerr);
      count += std::max<size_t>(1, e.details.size());
    }
    std::cerr << "pvf goals: " << count << (count == 1 ? " problem" : " problems")
              << " in the input; nothing was written\n";
    return 1;
  }

  std::string content = csv::format_row({"goal", "status", "projected_value",
                                         "planned_value_latest", "latest_period", "latest_value"});
  for (const auto& r : rows) content += r;
  if (o.out.empty() || o.out == "-") {
    std::cout << content << std::flush;
    return 0;
  }
  if (!write_atomically(o.out, content)) {
    std::cerr << "pvf goals: " << o.out << ": cannot write the file\n";
    return 1;
  }
  return 0;
}

}  // namespace

void register_goals_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<GoalsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "goals",
      "Check each goal against its planned trajectory: on_track, at_risk, off_track or too_early");
  cmd->add_option("--goals", o->goals, "Goals CSV (columns listed below)")
      ->required()
      ->type_name("GOALS.csv");
  cmd->add_option("--observations", o->observations,
                  "Observations CSV: body,indicator,period,value")
      ->required()
      ->type_name("OBS.csv");
  cmd->add_option("--out", o->out, "Write the result CSV to FILE instead of stdout")
      ->type_name("FILE");
  cmd->footer(kFooter);
  cmd->callback([o, &ctx] { ctx.exit_code = run_goals(*o); });
}

}  // namespace pvf::cli
