// `pvf framework validate FILE`, `pvf framework show FILE [--json]` and
// `pvf framework load FILE --db PATH`.
#include <fstream>
#include <iostream>
#include <sstream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/db_open.h"
#include "framework/framework.h"
#include "store/repositories.h"

namespace pvf::cli {

namespace {

// Every problem on its own line, "FILE:LINE:field.path: what is wrong".
void print_errors(const Error& e, std::ostream& out) {
  if (e.details.empty()) {
    if (!e.where.empty()) out << e.where << ": ";
    out << e.message << "\n";
    return;
  }
  for (const auto& d : e.details) {
    if (!d.where.empty()) out << d.where << ": ";
    out << d.message << "\n";
  }
}

Result<framework::Framework> load(const std::string& file, Context& ctx) {
  auto f = framework::load_yaml_file(file);
  if (!f) {
    print_errors(f.error(), std::cerr);
    ctx.exit_code = 1;
  }
  return f;
}

void print_text(const framework::Framework& f, std::ostream& out) {
  out << f.title << " (" << f.key << " " << f.version << ")\n";
  if (!f.description.empty()) out << f.description << "\n";
  out << "\nScale:\n";
  for (const auto& l : f.scale) out << "  " << l.level << "  " << l.label << "\n";
  out << "\nScoring: areas -> pillar by " << framework::to_string(f.scoring.area_to_pillar)
      << ", pillars -> overall by " << framework::to_string(f.scoring.pillar_to_overall) << "\n";
  for (size_t p = 0; p < f.pillars.size(); ++p) {
    const auto& pillar = f.pillars[p];
    out << "\n" << p + 1 << ". " << pillar.title << " [" << pillar.key << "]\n";
    for (const auto& a : pillar.areas) out << "   - " << a.title << " [" << a.key << "]\n";
  }
}

}  // namespace

void register_framework_command(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("framework", "Check and show framework definitions (YAML)");
  cmd->require_subcommand(1);

  struct Options {
    std::string validate_file;
    std::string show_file;
    bool json = false;
    std::string load_file;
    std::string db = "pvf.db";
  };
  auto opts = std::make_shared<Options>();

  CLI::App* validate = cmd->add_subcommand(
      "validate", "Check a framework definition; list every problem as FILE:LINE:field: message");
  validate->add_option("FILE", opts->validate_file, "Framework definition (YAML)")->required();
  validate->callback([opts, &ctx] {
    auto f = load(opts->validate_file, ctx);
    if (!f) return;
    std::cout << "ok: " << f->key << " " << f->version << ", " << f->pillars.size()
              << (f->pillars.size() == 1 ? " pillar, " : " pillars, ") << f->area_count()
              << (f->area_count() == 1 ? " area" : " areas") << "\n";
    ctx.exit_code = 0;
  });

  CLI::App* show = cmd->add_subcommand("show", "Print a framework definition");
  show->add_option("FILE", opts->show_file, "Framework definition (YAML)")->required();
  show->add_flag("--json", opts->json, "Print the JSON form used by the API");
  show->callback([opts, &ctx] {
    auto f = load(opts->show_file, ctx);
    if (!f) return;
    if (opts->json) {
      std::cout << framework::to_json(*f).dump(2) << "\n";
    } else {
      print_text(*f, std::cout);
    }
    ctx.exit_code = 0;
  });

  CLI::App* load_cmd = cmd->add_subcommand(
      "load", "Store a framework version so bodies can be assessed against it (a version already "
              "used by an assessment cannot change: publish a new version)");
  load_cmd->add_option("FILE", opts->load_file, "Framework definition (YAML)")->required();
  load_cmd->add_option("--db", opts->db, "SQLite database file")->capture_default_str();
  load_cmd->callback([opts, &ctx] {
    std::ifstream in(opts->load_file, std::ios::binary);
    if (!in) {
      std::cerr << opts->load_file << ": cannot open the file\n";
      ctx.exit_code = 1;
      return;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto f = framework::parse_yaml(text.str(), opts->load_file);
    if (!f) {
      print_errors(f.error(), std::cerr);
      ctx.exit_code = 1;
      return;
    }
    auto db = open_store(opts->db);
    if (!db) {
      ctx.exit_code = 1;
      return;
    }
    auto saved = store::save_framework(*db, store::Actor::system(), *f, text.str());
    if (!saved) {
      std::cerr << opts->load_file << ": " << saved.error().to_text() << "\n";
      ctx.exit_code = 1;
      return;
    }
    std::cout << "loaded " << saved->key << " " << saved->version << " as framework "
              << saved->id << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace pvf::cli
