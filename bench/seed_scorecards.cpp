// Builds the scorecard benchmark's database: the 2017 framework, `bodies` councils x
// `periods` financial years of fully rated assessments, and a viewer account
// (bench / bench-password) for the load generator to sign in with.
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/crypto.h"
#include "demo/demo_seed.h"
#include "store/repositories.h"

int main(int argc, char** argv) {
  CLI::App app{"Seed the scorecard benchmark database"};
  std::string db_path, framework;
  int bodies = 200, periods = 5;
  app.add_option("--db", db_path)->required();
  app.add_option("--framework", framework)->required();
  app.add_option("--bodies", bodies)->capture_default_str();
  app.add_option("--periods", periods)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!pvf::crypto::crypto_init()) return 1;
  auto db = pvf::store::Database::open(db_path);
  if (!db || !(*db)->migrate()) {
    std::cerr << "cannot open " << db_path << "\n";
    return 1;
  }
  auto ids = pvf::demo::seed_benchmark(**db, framework, bodies, periods, 20171);
  if (!ids) {
    std::cerr << ids.error().to_text() << "\n";
    return 1;
  }
  auto hash = pvf::crypto::hash_password("bench-password");
  auto user = pvf::store::create_user(**db, pvf::store::Actor::system(), "bench", "Benchmark",
                                      pvf::Role::viewer, std::nullopt, hash.value());
  if (!user) {
    std::cerr << user.error().to_text() << "\n";
    return 1;
  }
  std::cout << ids->front() << " " << ids->back() << "\n";  // the assessment id range
  return 0;
}
