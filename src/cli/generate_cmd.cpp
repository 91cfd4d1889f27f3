// `pvf generate people`: synthetic person records with known truth (linkage/generate.h).
#include "cli/command.h"

namespace pvf::cli {

void register_generate_command(CLI::App& app, Context& ctx) {
  (void)app;
  (void)ctx;
}

}  // namespace pvf::cli
