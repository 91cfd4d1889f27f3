// How a `pvf` subcommand plugs into the entry point: each file registers one subcommand on the
// CLI11 app and reports its exit code through the context (0 ok, 1 bad input, 2 usage).
#pragma once

#include <CLI/CLI.hpp>

namespace pvf::cli {

struct Context {
  int exit_code = 0;
};

void register_framework_command(CLI::App& app, Context& ctx);  // framework_cmd.cpp
void register_serve_command(CLI::App& app, Context& ctx);      // serve_cmd.cpp
void register_user_command(CLI::App& app, Context& ctx);       // user_cmd.cpp
void register_body_command(CLI::App& app, Context& ctx);       // body_cmd.cpp
void register_export_command(CLI::App& app, Context& ctx);     // export_cmd.cpp
void register_goals_command(CLI::App& app, Context& ctx);        // goals_cmd.cpp
void register_productivity_command(CLI::App& app, Context& ctx); // productivity_cmd.cpp
void register_survey_command(CLI::App& app, Context& ctx);       // survey_cmd.cpp
void register_import_command(CLI::App& app, Context& ctx);    // import_cmd.cpp
void register_dea_command(CLI::App& app, Context& ctx);        // dea_cmd.cpp
void register_malmquist_command(CLI::App& app, Context& ctx);  // dea_cmd.cpp
void register_neighbours_command(CLI::App& app, Context& ctx);  // neighbours_cmd.cpp
void register_link_command(CLI::App& app, Context& ctx);        // link_cmd.cpp
void register_generate_command(CLI::App& app, Context& ctx);    // generate_cmd.cpp

}  // namespace pvf::cli
