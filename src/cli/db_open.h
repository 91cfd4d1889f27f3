// Opening the store for a CLI command: open, migrate, and report failures on stderr.
#pragma once

#include <iostream>
#include <memory>

#include "store/db.h"

namespace pvf::cli {

inline std::unique_ptr<store::Database> open_store(const std::string& path) {
  auto db = store::Database::open(path);
  if (!db) {
    std::cerr << "pvf: " << db.error().to_text() << "\n";
    return nullptr;
  }
  if (auto s = (*db)->migrate(); !s) {
    std::cerr << "pvf: " << path << ": " << s.error().to_text() << "\n";
    return nullptr;
  }
  return std::move(*db);
}

}  // namespace pvf::cli
