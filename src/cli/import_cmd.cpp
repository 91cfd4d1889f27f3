// `pvf import <kind> FILE`: loads measurement data into the database, one transaction per file.
#include "cli/command.h"
#include "cli/import_cmds.h"

namespace pvf::cli {

void register_import_command(CLI::App& app, Context& ctx) {
  auto* import = app.add_subcommand("import", "Import measurement data (one transaction per file)");
  import->require_subcommand(1);
  add_import_indicator_commands(*import, ctx);  // import_indicators_cmd.cpp
  add_import_measure_commands(*import, ctx);    // import_measure_cmd.cpp
}

}  // namespace pvf::cli
