// Observation import benchmark (issue 3): a synthetic pvf long-format file of
// bodies x indicators x years rows (10,000,000 by default) imported into a fresh database
// through store::import_observations_file, the Oflog adult social care file, and as the
// reference in the same run the sqlite3 shell's `.import --csv` of the same synthetic file into
// a plain table. Prints rows/s and pvf's time as a ratio of sqlite3's. Not part of the tests.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "core/crypto.h"
#include "core/csv_stream.h"
#include "store/indicators_repo.h"
#include "store/repositories.h"

namespace fs = std::filesystem;
using pvf::store::Actor;
using pvf::store::Database;

namespace {

// CPU seconds of the calling thread: the machine may be shared, and wall time then overstates.
double thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string body_code(int b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "BM%06d", b);
  return buf;
}

std::string indicator_key(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "IND%05d", i);
  return buf;
}

std::string period(int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-%02d", year, (year + 1) % 100);
  return buf;
}

// indicator,body,period,value in primary-key order (indicator, period, body), values from a
// fixed linear congruential sequence with one decimal place: the same file on every machine.
void write_synthetic(const std::string& path, int bodies, int indicators, int years) {
  std::ofstream out(path, std::ios::binary);
  std::string buf = "indicator,body,period,value\n";
  buf.reserve(1 << 22);
  uint64_t x = 20171;
  char num[32];
  for (int i = 1; i <= indicators; ++i) {
    const std::string key = indicator_key(i);
    for (int y = 0; y < years; ++y) {
      const std::string p = period(2000 + y);
      for (int b = 1; b <= bodies; ++b) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const double v = static_cast<double>((x >> 33) % 100000) / 10.0;
        auto [end, ec] = std::to_chars(num, num + sizeof num, v);
        (void)ec;
        buf += key;
        buf += ',';
        buf += body_code(b);
        buf += ',';
        buf += p;
        buf += ',';
        buf.append(num, end);
        buf += '\n';
      }
      if (buf.size() > (1 << 22) - 4096) {
        out << buf;
        buf.clear();
      }
    }
  }
  out << buf;
}

std::unique_ptr<Database> fresh_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto db = Database::open(path);
  if (!db || !(*db)->migrate()) {
    std::cerr << "cannot create " << path << "\n";
    std::exit(1);
  }
  return std::move(*db);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Observation import benchmark"};
  int bodies = 400, indicators = 1250, years = 20;
  std::string dir = (fs::temp_directory_path() / "pvf-import-bench").string();
  std::string oflog = std::string(PVF_SOURCE_DIR) + "/data/demo/oflog/ASC_data.csv";
  bool reimport = false, skip_sqlite = false;
  app.add_option("--bodies", bodies)->capture_default_str();
  app.add_option("--indicators", indicators)->capture_default_str();
  app.add_option("--years", years)->capture_default_str()->check(CLI::Range(1, 60));
  app.add_option("--dir", dir, "where the synthetic file and databases go")->capture_default_str();
  app.add_option("--oflog", oflog)->capture_default_str();
  app.add_flag("--reimport", reimport, "also time a second import of the same file");
  app.add_flag("--skip-sqlite", skip_sqlite, "do not run the sqlite3 shell reference");
  CLI11_PARSE(app, argc, argv);
  if (!pvf::crypto::crypto_init()) return 1;
  fs::create_directories(dir);
  const Actor actor = Actor::system();

  // 1. The synthetic file, written once per shape.
  const int64_t rows = int64_t{bodies} * indicators * years;
  const std::string file = dir + "/synthetic-" + std::to_string(bodies) + "x" +
                           std::to_string(indicators) + "x" + std::to_string(years) + ".csv";
  if (!fs::exists(file)) {
    const auto t = std::chrono::steady_clock::now();
    write_synthetic(file + ".tmp", bodies, indicators, years);
    fs::rename(file + ".tmp", file);
    std::printf("wrote %s (%.0f MB) in %.1f s\n", file.c_str(), fs::file_size(file) / 1e6,
                since(t));
  }

  // 2. Parse only (csv_stream over the mapped file).
  {
    const int fd = ::open(file.c_str(), O_RDONLY);
    const size_t size = fs::file_size(file);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    const std::string_view text(static_cast<const char*>(map), size);
    int64_t n = 0;
    auto warm = pvf::csv::for_each_record(text, file, [&](auto, int) { ++n; });  // page in
    n = 0;
    const auto t = std::chrono::steady_clock::now();
    size_t bytes = 0;
    auto parsed = pvf::csv::for_each_record(text, file, [&](auto f, int) {
      ++n;
      bytes += f[0].size();
    });
    const double s = since(t);
    ::munmap(map, size);
    if (!warm || !parsed) return 1;
    std::printf("parse only: %lld records in %.2f s = %.1f million rows/s (target >= 5)\n",
                static_cast<long long>(n), s, n / s / 1e6);
  }

  // 3. pvf import into a fresh database with the bodies and indicator definitions.
  const std::string db_path = dir + "/pvf.db";
  double pvf_seconds = 0;
  {
    auto db = fresh_db(db_path);
    auto seeded = db->transaction([&]() -> pvf::Status {
      for (int b = 1; b <= bodies; ++b) {
        pvf::store::BodyInput in;
        in.code = body_code(b);
        in.name = "Benchmark Council " + body_code(b);
        in.type = "council";
        if (auto r = pvf::store::create_body(*db, actor, in); !r) return pvf::fail(r.error());
      }
      for (int i = 1; i <= indicators; ++i) {
        pvf::measure::IndicatorDef d;
        d.key = indicator_key(i);
        d.name = "Indicator " + d.key;
        if (auto r = pvf::store::upsert_indicator(*db, actor, d); !r) return pvf::fail(r.error());
      }
      return {};
    });
    if (!seeded) {
      std::cerr << seeded.error().to_text() << "\n";
      return 1;
    }
    const auto t = std::chrono::steady_clock::now();
    const double cpu0 = thread_cpu();
    auto r = pvf::store::import_observations_file(*db, actor, file);
    pvf_seconds = since(t);
    const double cpu = thread_cpu() - cpu0;
    if (!r) {
      std::cerr << r.error().to_text() << "\n";
      return 1;
    }
    std::printf(
        "pvf import: %lld rows (%lld inserted) in %.2f s = %.0f rows/s (target >= 500,000)\n",
        static_cast<long long>(r->rows), static_cast<long long>(r->inserted), pvf_seconds,
        r->rows / pvf_seconds);
    std::printf("  importing thread's CPU time %.2f s = %.0f rows per CPU second\n", cpu,
                r->rows / cpu);
    // The audit entry's `seconds` is taken just before COMMIT: the rest is the commit itself,
    // with SQLite's WAL checkpoint copying the new pages into the database file (fsyncs).
    pvf::store::AuditFilter last;
    last.limit = 1;
    if (auto audit = pvf::store::list_audit(*db, last); audit && !audit->empty()) {
      const double before_commit = audit->front().after.value("seconds", 0.0);
      std::printf("  of which commit and WAL checkpoint %.2f s; without them %.0f rows/s\n",
                  pvf_seconds - before_commit, r->rows / before_commit);
    }
    if (r->rows != rows)
      std::printf("  UNEXPECTED row count (expected %lld)\n", static_cast<long long>(rows));
    if (reimport) {
      const auto t2 = std::chrono::steady_clock::now();
      const double c0 = thread_cpu();
      auto again = pvf::store::import_observations_file(*db, actor, file);
      const double s = since(t2), c = thread_cpu() - c0;
      if (!again) {
        std::cerr << again.error().to_text() << "\n";
        return 1;
      }
      std::printf(
          "pvf re-import (idempotent): %lld unchanged, %lld inserted, %lld updated in %.2f s = "
          "%.0f rows/s (CPU %.2f s)\n",
          static_cast<long long>(again->unchanged), static_cast<long long>(again->inserted),
          static_cast<long long>(again->updated), s, again->rows / s, c);
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);

  // 4. The Oflog file into a fresh database (bodies and indicators created on the way).
  {
    auto db = fresh_db(dir + "/oflog.db");
    const auto t = std::chrono::steady_clock::now();
    auto r = pvf::store::import_observations_file(*db, actor, oflog);
    const double s = since(t);
    if (!r) {
      std::cerr << r.error().to_text() << "\n";
      return 1;
    }
    std::printf(
        "oflog import: %lld rows, %d bodies and %d indicators created in %.3f s (target < 1 s)\n",
        static_cast<long long>(r->rows), r->bodies_created, r->indicators_created, s);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dir + "/oflog.db" + suffix);

  // 5. Reference: the sqlite3 shell's CSV import of the same file into a plain table.
  if (!skip_sqlite) {
    const std::string ref = dir + "/sqlite3-reference.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(ref + suffix);
    const std::string cmd = "sqlite3 '" + ref + "' '.import --csv " + file + " observations'";
    const auto t = std::chrono::steady_clock::now();
    const int rc = std::system(cmd.c_str());
    const double s = since(t);
    fs::remove(ref);
    if (rc != 0) {
      std::printf("sqlite3 .import: failed (is the sqlite3 shell installed?)\n");
    } else {
      std::printf("sqlite3 .import --csv (plain table, no keys, no checks): %.2f s = %.0f rows/s\n",
                  s, rows / s);
      std::printf(
          "pvf / sqlite3 time ratio: %.2f (pvf validates, upserts by key and keeps an index)\n",
          pvf_seconds / s);
    }
  }
  return 0;
}
