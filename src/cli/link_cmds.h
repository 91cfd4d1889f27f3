// The `pvf link` family: subcommands registered on the `link` command by their own files.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace pvf::cli {

// `pvf link encode FILE.csv --key-file KEY --schema SCHEMA.json --out FILE.csv` (link_encode_cmd.cpp)
void add_link_encode_subcommand(CLI::App& link, Context& ctx);

}  // namespace pvf::cli
