// `pvf body import`: load bodies from CSV (name,code,type,region,parent_code).
#include <iostream>

#include "cli/command.h"
#include "cli/db_open.h"
#include "core/csv.h"
#include "store/repositories.h"

namespace pvf::cli {

void register_body_command(CLI::App& app, Context& ctx) {
  CLI::App* body = app.add_subcommand("body", "Manage public bodies");
  body->require_subcommand(1);
  auto db_path = std::make_shared<std::string>("pvf.db");
  auto file = std::make_shared<std::string>();
  CLI::App* import = body->add_subcommand(
      "import", "Create or update bodies from a CSV file (columns name,code,type,region,parent_code)");
  import->add_option("--db", *db_path, "SQLite database file")->capture_default_str();
  import->add_option("FILE", *file, "CSV file")->required()->check(CLI::ExistingFile);
  import->callback([db_path, file, &ctx] {
    auto table = csv::read_file(*file);
    if (!table) {
      std::cerr << "pvf: " << table.error().to_text() << "\n";
      ctx.exit_code = 1;
      return;
    }
    auto db = open_store(*db_path);
    if (!db) {
      ctx.exit_code = 1;
      return;
    }
    auto summary = store::import_bodies(*db, store::Actor::system(), *table);
    if (!summary) {
      std::cerr << "pvf: " << summary.error().to_text() << "\nnothing was imported\n";
      ctx.exit_code = 1;
      return;
    }
    std::cout << "imported " << *file << ": " << summary->created << " created, "
              << summary->updated << " updated\n";
  });
}

}  // namespace pvf::cli
