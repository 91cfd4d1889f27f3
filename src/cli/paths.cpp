#include "cli/paths.h"

#include <filesystem>

namespace pvf::cli {
namespace fs = std::filesystem;

std::string install_root() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/pvf -> repo root; <prefix>/bin/pvf -> <prefix>/share/pvf
    for (fs::path candidate : {exe.parent_path().parent_path(),
                               exe.parent_path().parent_path() / "share" / "pvf"}) {
      if (fs::exists(candidate / "data" / "frameworks", ec)) return candidate.string();
    }
  }
  return PVF_SOURCE_DIR;
}

std::string data_dir() { return (fs::path(install_root()) / "data").string(); }
std::string web_dist_dir() { return (fs::path(install_root()) / "web" / "dist").string(); }

}  // namespace pvf::cli
