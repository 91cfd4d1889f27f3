// `pvf neighbours`: CIPFA-style nearest-neighbour peer groups from a CSV of descriptive variables
// (benchmark/neighbours.h). Bad options exit 2 before the data file is read; bad data exits 1.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/neighbours.h"
#include "benchmark/neighbours_table.h"
#include "cli/command.h"
#include "cli/output.h"
#include "core/csv.h"

namespace pvf::cli {
namespace {

struct NeighboursOptions {
  std::string data;
  std::string id;
  std::vector<std::string> variables;
  std::vector<double> weights;
  int k = 15;
  std::string out;
  std::string groups_out;
};

// The peer groups in the file layout `pvf import groups` reads (group,body,position,
// description): each body first (position 0), as CIPFA publishes its lists, then its
// neighbours nearest first. Loaded, they are comparison groups like any other.
std::string groups_csv(const NeighboursOptions& o, const benchmark::NeighbourResult& result) {
  std::string description = "Nearest neighbours (CIPFA method, k = ";
  description += std::to_string(o.k);
  description += ") on ";
  for (std::size_t v = 0; v < o.variables.size(); ++v) {
    if (v) description += ", ";
    description += o.variables[v];
    if (!o.weights.empty() && o.weights[v] != 1) {
      description += " (weight ";
      description += format_number(o.weights[v]);
      description += ")";
    }
  }
  std::string text = csv::format_row({"group", "body", "position", "description"});
  for (const auto& body : result.bodies) {
    std::string group = "Nearest neighbours of ";
    group += body.id;
    text += csv::format_row({group, body.id, "0", description});
    for (const auto& n : body.neighbours)
      text += csv::format_row({group, n.id, std::to_string(n.rank), ""});
  }
  return text;
}

constexpr const char* kFooter =
    R"(Method (CIPFA nearest neighbours): each variable is standardised to mean 0 and standard
deviation 1 (the sample sd, divisor n - 1, as R's scale()); the distance between two bodies is
sqrt(sum of weight x squared standardised difference) over the variables (weights default to 1;
0 leaves a variable out); each body's distances are divided by the distance to its farthest
body, so the farthest is at 1; its k nearest bodies, ranked 1..k by that rebased distance (ties
by id), are its peer group. Missing values are refused, not imputed; a variable with the same
value for every body cannot be standardised and is refused (drop it or give it weight 0).

Output: one row per body and neighbour, bodies in input order, then by rank:
  <id column>,neighbour,rank,distance
)";

// The engine names settings by field ("k", "weights[1]"); a user typed them as options.
std::string option_for(const std::string& where) {
  if (where.rfind("weights", 0) == 0) return "--weights";
  if (where.rfind("variables", 0) == 0) return "--variables";
  if (where == "k") return "--k";
  return where;
}

// The engine's data problems concern the whole file (too few bodies, a constant variable), so
// they are reported against the file; each message names the body or variable.
void print_against(const std::string& place, const Error& e, bool options) {
  auto at = [&](const std::string& where) { return options ? option_for(where) : place; };
  if (e.details.size() <= 1) {
    std::cerr << "pvf: " << at(e.where) << ": " << e.message << "\n";
    return;
  }
  std::cerr << "pvf: " << e.message << "\n";
  for (const auto& d : e.details) std::cerr << "  " << at(d.where) << ": " << d.message << "\n";
}

int run_neighbours(const NeighboursOptions& o) {
  if (auto s = benchmark::check_neighbour_settings(o.variables, o.weights, o.k); !s) {
    print_against({}, s.error(), true);
    return 2;
  }
  auto table = csv::read_file(o.data);
  if (!table) {
    std::cerr << "pvf: " << table.error().to_text() << "\n";
    return 1;
  }
  auto input = benchmark::read_neighbour_table(*table, o.id, o.variables);
  if (!input) {
    std::cerr << "pvf: " << input.error().to_text() << "\n";
    return 1;
  }
  input->weights = o.weights;
  input->k = o.k;
  auto result = benchmark::compute_neighbours(*input);
  if (!result) {
    print_against(o.data, result.error(), false);
    return 1;
  }

  std::string content = csv::format_row({o.id, "neighbour", "rank", "distance"});
  content.reserve(content.size() + result->bodies.size() * static_cast<size_t>(o.k) * 40);
  for (const auto& body : result->bodies)
    for (const auto& n : body.neighbours)
      content += csv::format_row({body.id, n.id, std::to_string(n.rank), format_number(n.distance)});
  if (!o.groups_out.empty() && !write_output(o.groups_out, groups_csv(o, *result))) return 1;
  return write_output(o.out, content) ? 0 : 1;
}

}  // namespace

void register_neighbours_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<NeighboursOptions>();
  CLI::App* cmd = app.add_subcommand(
      "neighbours", "Nearest-neighbour peer groups (CIPFA method) from descriptive variables");
  cmd->add_option("--data", o->data, "CSV with one row per body: an id column and the variables")
      ->required()
      ->check(CLI::ExistingFile.description(""))
      ->type_name("FILE.csv");
  cmd->add_option("--id", o->id, "Column holding each body's unique id (e.g. code)")
      ->required()
      ->type_name("COL");
  cmd->add_option("--variables", o->variables, "Columns to compare bodies on, comma-separated")
      ->required()
      ->delimiter(',')
      ->type_name("A,B,C");
  cmd->add_option("--weights", o->weights,
                  "One weight per variable, in the same order (default: all 1; 0 ignores one)")
      ->delimiter(',')
      ->type_name("1,1,2");
  cmd->add_option("--k", o->k, "Neighbours per body")->default_val(15)->type_name("N");
  cmd->add_option("--out", o->out, "Write the CSV to FILE instead of stdout")->type_name("FILE");
  cmd->add_option("--groups-out", o->groups_out,
                  "Also write the peer groups as group,body,position,description, ready for "
                  "`pvf import groups` (each body's group: itself, then its neighbours)")
      ->type_name("FILE");
  cmd->footer(kFooter);
  cmd->callback([o, &ctx] { ctx.exit_code = run_neighbours(*o); });
}

}  // namespace pvf::cli
