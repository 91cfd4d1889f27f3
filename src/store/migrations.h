// The numbered schema migrations, embedded from src/store/migrations/NNN_name.sql at build time.
#pragma once

#include <string>
#include <vector>

namespace pvf::store {

struct Migration {
  std::string name;  // file name, e.g. "001_initial.sql"
  std::string sql;
};

// In order; migration i (0-based) brings the schema to version i + 1.
const std::vector<Migration>& migrations();

}  // namespace pvf::store
