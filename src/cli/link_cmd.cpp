// `pvf link`: record linkage of CSV files (dedupe, link) and privacy-preserving encodings.
#include "cli/link_cmds.h"

namespace pvf::cli {

void register_link_command(CLI::App& app, Context& ctx) {
  auto* link = app.add_subcommand("link", "Link records about the same person (dedupe, link, encode)");
  link->require_subcommand(1);
  add_link_encode_subcommand(*link, ctx);
}

}  // namespace pvf::cli
