// placeholder: `pvf goals` is filled by its own work item.
#include "cli/command.h"

namespace pvf::cli {
void register_goals_command(CLI::App&, Context&) {}
}  // namespace pvf::cli
