// placeholder
#include "cli/import_cmds.h"

namespace pvf::cli {
void add_import_measure_commands(CLI::App&, Context&) {}
}  // namespace pvf::cli
