// Shared by the CLI test files: runs build/pvf as a user would, in a fresh temporary directory.
// Put tests inside `namespace pvf_cli_test { namespace { ... } }` so `pvf(...)` means the runner.
#pragma once
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/csv.h"

namespace pvf_cli_test {

namespace fs = std::filesystem;

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

inline Run pvf(const std::string& args, const std::string& stdin_text = {}) {
  std::string cmd = std::string(PVF_BINARY) + " " + args + " 2>&1";
  if (!stdin_text.empty()) cmd = "printf '%s\\n' '" + stdin_text + "' | " + cmd;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The whole file, bytes as written (empty if it cannot be read).
inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pvf-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
  }
  const std::string framework_ = std::string(PVF_SOURCE_DIR) + "/data/frameworks/pvf-2017.yaml";
  fs::path dir_;
};

}  // namespace pvf_cli_test
