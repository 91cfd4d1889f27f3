// Builds the scorecard and comparison benchmarks' database: the 2017 framework, `bodies`
// councils x `periods` financial years of fully rated assessments, a viewer account
// (bench / bench-password) for the load generator to sign in with, and with --indicators N,
// N indicators (IND00001...) x `years` financial years from 2000-01 of observations for every
// body, imported through store::import_observations like a user's file.
// Prints "first_assessment_id last_assessment_id", then with --indicators
// " first_body_id last_body_id".
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "core/crypto.h"
#include "demo/demo_seed.h"
#include "store/indicators_repo.h"
#include "store/repositories.h"

namespace {

// One observation per body x indicator x year, values from a fixed linear congruential
// sequence: the same database on every machine.
std::string observations_csv(int bodies, int indicators, int years) {
  std::string csv = "indicator,body,period,value\n";
  uint64_t x = 20171;
  char line[96];
  for (int i = 1; i <= indicators; ++i)
    for (int y = 2000; y < 2000 + years; ++y)
      for (int b = 1; b <= bodies; ++b) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        std::snprintf(line, sizeof line, "IND%05d,BM%06d,%d-%02d,%.1f\n", i, b, y, (y + 1) % 100,
                      static_cast<double>((x >> 33) % 100000) / 10.0);
        csv += line;
      }
  return csv;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Seed the scorecard benchmark database"};
  std::string db_path, framework;
  int bodies = 200, periods = 5, indicators = 0, years = 20;
  app.add_option("--db", db_path)->required();
  app.add_option("--framework", framework)->required();
  app.add_option("--bodies", bodies)->capture_default_str();
  app.add_option("--periods", periods)->capture_default_str();
  app.add_option("--indicators", indicators, "indicators with observations (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 99999));
  app.add_option("--years", years, "years of observations per indicator")
      ->capture_default_str()
      ->check(CLI::Range(1, 60));
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
  std::cout << ids->front() << " " << ids->back();  // the assessment id range
  if (indicators > 0) {
    const auto system = pvf::store::Actor::system();
    for (int i = 1; i <= indicators; ++i) {
      pvf::measure::IndicatorDef d;
      char key[16];
      std::snprintf(key, sizeof key, "IND%05d", i);
      d.key = key;
      d.name = "Benchmark indicator " + d.key;
      if (auto r = pvf::store::upsert_indicator(**db, system, d); !r) {
        std::cerr << r.error().to_text() << "\n";
        return 1;
      }
    }
    auto imported = pvf::store::import_observations(**db, system, "bench.csv",
                                                    observations_csv(bodies, indicators, years));
    if (!imported) {
      std::cerr << imported.error().to_text() << "\n";
      return 1;
    }
    auto listed = pvf::store::list_bodies(**db);
    if (!listed || listed->empty()) return 1;
    int64_t lo = listed->front().id, hi = lo;
    for (const auto& b : *listed) lo = std::min(lo, b.id), hi = std::max(hi, b.id);
    std::cout << " " << lo << " " << hi;
  }
  std::cout << "\n";
  return 0;
}
