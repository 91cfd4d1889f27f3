// `pvf export scorecard|comparison`: the same CSV/XLSX files the web app downloads.
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/db_open.h"
#include "core/period.h"
#include "server/export.h"
#include "server/scorecard_view.h"

namespace pvf::cli {
namespace {

struct ExportOptions {
  std::string db = "pvf.db";
  int64_t assessment = 0;
  std::string framework;
  std::string period;
  std::string format = "csv";
  std::string out;
};

int write_out(const std::string& out, const std::string& content) {
  if (out.empty() || out == "-") {
    std::cout << content;
    return 0;
  }
  std::ofstream f(out, std::ios::binary);
  if (!(f << content)) {
    std::cerr << "pvf: " << out << ": cannot write the file\n";
    return 1;
  }
  return 0;
}

int run_export(const ExportOptions& o, bool comparison) {
  if (o.format == "xlsx" && (o.out.empty() || o.out == "-")) {
    std::cerr << "pvf: --format xlsx needs --out FILE\n";
    return 2;
  }
  auto db = open_store(o.db);
  if (!db) return 1;
  Result<std::string> content = std::string();
  if (comparison) {
    auto period = Period::parse(o.period);
    if (!period) {
      std::cerr << "pvf: --period: " << period.error().message << "\n";
      return 1;
    }
    int64_t framework_id = 0;
    const auto at = o.framework.find('@');
    if (at != std::string::npos) {
      auto f = store::find_framework(*db, o.framework.substr(0, at), o.framework.substr(at + 1));
      if (f && *f) framework_id = (*f)->id;
    } else {
      framework_id = std::atoll(o.framework.c_str());
    }
    if (framework_id <= 0) {
      std::cerr << "pvf: --framework: no such framework '" << o.framework
                << "' (give an id or key@version, e.g. pvf@2017)\n";
      return 1;
    }
    auto c = server::build_comparison(*db, framework_id, period->to_string());
    if (!c) {
      std::cerr << "pvf: " << c.error().to_text() << "\n";
      return 1;
    }
    content = o.format == "xlsx" ? server::comparison_xlsx(*c) : server::comparison_csv(*c);
  } else {
    auto v = server::build_scorecard_view(*db, o.assessment);
    if (!v) {
      std::cerr << "pvf: --assessment " << o.assessment << ": " << v.error().to_text() << "\n";
      return 1;
    }
    content = o.format == "xlsx" ? server::scorecard_xlsx(*v) : server::scorecard_csv(*v);
  }
  if (!content) {
    std::cerr << "pvf: " << content.error().to_text() << "\n";
    return 1;
  }
  return write_out(o.out, *content);
}

}  // namespace

void register_export_command(CLI::App& app, Context& ctx) {
  CLI::App* exp = app.add_subcommand("export", "Export scorecards as CSV or XLSX");
  exp->require_subcommand(1);
  auto o = std::make_shared<ExportOptions>();
  for (bool comparison : {false, true}) {
    CLI::App* sub = comparison
        ? exp->add_subcommand("comparison", "Every body's scorecard for one framework and period")
        : exp->add_subcommand("scorecard", "One assessment's scorecard");
    sub->add_option("--db", o->db, "SQLite database file")->capture_default_str();
    if (comparison) {
      sub->add_option("--framework", o->framework, "Framework id or key@version (pvf@2017)")
          ->required();
      sub->add_option("--period", o->period, "Period, e.g. 2024-25")->required();
    } else {
      sub->add_option("--assessment", o->assessment, "Assessment id")->required();
    }
    sub->add_option("--format", o->format, "csv or xlsx")
        ->check(CLI::IsMember({"csv", "xlsx"}))
        ->capture_default_str();
    sub->add_option("--out", o->out, "Output file (default: stdout for CSV)");
    sub->callback([o, comparison, &ctx] { ctx.exit_code = run_export(*o, comparison); });
  }
}

}  // namespace pvf::cli
