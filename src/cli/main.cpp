// `pvf`: the command-line entry point. Exit codes: 0 ok, 1 bad input, 2 usage error.
#include <iostream>

#include "cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{"pvf: the Public Value Framework engine", "pvf"};
  app.set_version_flag("--version", std::string(PVF_VERSION));
  app.require_subcommand(1);
  pvf::cli::Context ctx;
  pvf::cli::register_serve_command(app, ctx);
  pvf::cli::register_framework_command(app, ctx);
  pvf::cli::register_user_command(app, ctx);
  pvf::cli::register_body_command(app, ctx);
  pvf::cli::register_export_command(app, ctx);
  pvf::cli::register_goals_command(app, ctx);
  pvf::cli::register_productivity_command(app, ctx);
  pvf::cli::register_survey_command(app, ctx);
  pvf::cli::register_import_command(app, ctx);
  pvf::cli::register_neighbours_command(app, ctx);
  pvf::cli::register_dea_command(app, ctx);
  pvf::cli::register_malmquist_command(app, ctx);
  pvf::cli::register_link_command(app, ctx);
  pvf::cli::register_generate_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pvf: internal error: " << e.what() << "\n";
    return 1;
  }
  return ctx.exit_code;
}
