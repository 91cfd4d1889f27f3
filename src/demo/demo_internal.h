// Helpers shared by demo_seed.cpp and benchmark_seed.cpp; not part of pvf_demo's interface.
#pragma once

#include <string>

#include "core/result.h"
#include "framework/framework.h"
#include "store/records.h"

namespace pvf::demo::detail {

// The whole file as text; io_error naming the file when it cannot be read.
Result<std::string> read_text(const std::string& path);

struct FrameworkFile {
  framework::Framework definition;
  std::string source;  // the YAML text, stored beside the definition
};
// Reads and parses a framework YAML file (errors name the file, line and field).
Result<FrameworkFile> read_framework(const std::string& path);

// The store Actor for a signed-in user.
store::Actor actor_of(const store::User& user);

}  // namespace pvf::demo::detail
