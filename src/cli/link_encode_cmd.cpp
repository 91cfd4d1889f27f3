// `pvf link encode`: privacy-preserving encodings (CLKs) of a CSV file's identifiers.
#include "cli/link_cmds.h"

namespace pvf::cli {

void add_link_encode_subcommand(CLI::App& link, Context& ctx) {
  (void)link;
  (void)ctx;
}

}  // namespace pvf::cli
