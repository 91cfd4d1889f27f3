// Where pvf finds what it ships (framework definitions, demo data, the built web front end)
// when run from a build tree or an install: next to the binary's parent, else the source tree.
#pragma once

#include <string>

namespace pvf::cli {

// The repository/install root holding data/ and web/dist/.
std::string install_root();
std::string data_dir();       // <root>/data
std::string web_dist_dir();   // <root>/web/dist (may not exist when the front end is not built)

}  // namespace pvf::cli
