// `pvf import indicators|observations|groups FILE --db DB`: indicator definitions, observations
// (pvf long format or Oflog's layout) and comparison groups into the store, one transaction per
// file (store/indicators_repo.h). Exit 0 with a summary line; exit 1 with every problem on
// stderr ("file:line:column: why") and nothing written. `observations` draws a progress bar on
// stderr when stderr is a terminal.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/db_open.h"
#include "cli/import_cmds.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "store/indicators_repo.h"

namespace pvf::cli {
namespace {

// 6376 -> "6,376".
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

void refuse(const Error& e, Context& ctx) {
  std::cerr << "pvf: " << e.to_text() << "\nnothing was imported\n";
  ctx.exit_code = 1;
}

// Reads and parses a small CSV file (definitions, groups); the digest is of the file's text.
std::optional<std::pair<csv::Table, std::string>> read_table(const std::string& path,
                                                             Context& ctx) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || in.bad()) {
    std::cerr << "pvf: " << path << ": cannot read the file\n";
    ctx.exit_code = 1;
    return std::nullopt;
  }
  auto table = csv::parse(text.str(), path);
  if (!table) {
    refuse(table.error(), ctx);
    return std::nullopt;
  }
  return std::pair(std::move(*table), crypto::sha256_hex(text.str()));
}

struct Paths {
  std::string db = "pvf.db";
  std::string file;
};

CLI::App* add_file_command(CLI::App& import, const char* name, const char* help,
                           std::shared_ptr<Paths> paths) {
  CLI::App* cmd = import.add_subcommand(name, help);
  cmd->add_option("--db", paths->db, "SQLite database file")->capture_default_str();
  cmd->add_option("FILE", paths->file, "CSV file")->required()->check(CLI::ExistingFile);
  return cmd;
}

// Table imports share their shape: read, open, import, print counts.
template <class Import>
void run_table_import(const Paths& p, const char* kind, const char* counted, Context& ctx,
                      Import&& import) {
  auto table = read_table(p.file, ctx);
  if (!table) return;
  auto db = open_store(p.db);
  if (!db) {
    ctx.exit_code = 1;
    return;
  }
  auto s = import(*db, store::Actor::system(), table->first, table->second);
  if (!s) return refuse(s.error(), ctx);
  std::cout << "Imported " << file_name(p.file) << " (" << kind << "): " << grouped(s->rows)
            << " rows; " << counted << ": " << grouped(s->inserted) << " created, "
            << grouped(s->updated) << " updated, " << grouped(s->unchanged) << " unchanged\n";
}

// "\r[########------------]  40%  4,000,000 rows" on stderr, redrawn in place.
class ProgressBar {
 public:
  bool report(const store::ImportProgressInfo& p) {
    const double done = p.bytes_total ? static_cast<double>(p.bytes_done) / p.bytes_total : 1.0;
    const int filled = static_cast<int>(done * kWidth);
    std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] "
              << static_cast<int>(done * 100) << "%  " << grouped(p.rows) << " rows" << std::flush;
    drawn_ = true;
    return true;
  }
  ~ProgressBar() {
    if (drawn_) std::cerr << "\r" << std::string(kWidth + 40, ' ') << "\r" << std::flush;
  }

 private:
  static constexpr int kWidth = 30;
  bool drawn_ = false;
};

void run_observations(const Paths& p, Context& ctx) {
  auto db = open_store(p.db);
  if (!db) {
    ctx.exit_code = 1;
    return;
  }
  Result<store::ObservationImportSummary> s = fail(Error::internal("not run"));
  {
    ProgressBar bar;
    store::ImportProgress progress;
    progress.report = [&bar](const store::ImportProgressInfo& i) { return bar.report(i); };
    s = store::import_observations_file(*db, store::Actor::system(), p.file,
                                        ::isatty(STDERR_FILENO) ? &progress : nullptr);
  }
  if (!s) return refuse(s.error(), ctx);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", s->seconds);
  std::cout << "Imported " << file_name(p.file) << " (" << s->format << "): " << grouped(s->rows)
            << " rows, " << grouped(s->inserted) << " inserted, " << grouped(s->updated)
            << " updated, " << grouped(s->unchanged) << " unchanged, " << grouped(s->skipped_blank)
            << " blank values skipped, " << s->bodies_created << " bodies created, ";
  if (s->bodies_updated) std::cout << s->bodies_updated << " bodies updated, ";
  std::cout << s->indicators_created << " indicators created in " << seconds << " s\n";
}

}  // namespace

void add_import_indicator_commands(CLI::App& import, Context& ctx) {
  auto indicators = std::make_shared<Paths>();
  add_file_command(import, "indicators",
                   "Indicator definitions from CSV (key,name,unit,polarity,frequency,area,source; "
                   "key and name required); upsert by key",
                   indicators)
      ->callback([indicators, &ctx] {
        run_table_import(*indicators, "indicators", "indicators", ctx,
                         [](auto&&... a) { return store::import_indicators(a...); });
      });

  auto observations = std::make_shared<Paths>();
  add_file_command(import, "observations",
                   "Observations from CSV: pvf's long format "
                   "(indicator,body,period,value[,numerator,denominator,quality]) or Oflog's "
                   "published layout (creates missing councils and measures); upsert by "
                   "indicator, period and body",
                   observations)
      ->callback([observations, &ctx] { run_observations(*observations, ctx); });

  auto groups = std::make_shared<Paths>();
  add_file_command(import, "groups",
                   "Comparison groups from CSV (group,body[,position,description]; body = code or "
                   "name); each group named gets exactly the members listed",
                   groups)
      ->callback([groups, &ctx] {
        run_table_import(*groups, "groups", "groups", ctx,
                         [](auto&&... a) { return store::import_groups(a...); });
      });
}

}  // namespace pvf::cli
