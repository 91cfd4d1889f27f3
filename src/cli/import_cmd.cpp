// placeholder: `pvf import` is filled by its own work item.
#include "cli/command.h"

namespace pvf::cli {
void register_import_command(CLI::App&, Context&) {}
}  // namespace pvf::cli
