// The `pvf import` subcommands, registered on the `import` subcommand by import_cmd.cpp.
#pragma once

#include "cli/command.h"

namespace pvf::cli {

// indicators, observations, groups (import_indicators_cmd.cpp)
void add_import_indicator_commands(CLI::App& import, Context& ctx);
// goals, activity, inputs, survey-questions, survey-responses (import_measure_cmd.cpp)
void add_import_measure_commands(CLI::App& import, Context& ctx);

}  // namespace pvf::cli
