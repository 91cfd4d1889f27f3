// placeholder: `pvf survey` is filled by its own work item.
#include "cli/command.h"

namespace pvf::cli {
void register_survey_command(CLI::App&, Context&) {}
}  // namespace pvf::cli
