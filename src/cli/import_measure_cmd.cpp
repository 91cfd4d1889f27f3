// `pvf import goals|activity|inputs|survey-questions|survey-responses FILE --db DB`: one CSV file
// into the store through its import (store/measure_repo.h), in one transaction. Exit 0 with a
// summary line; exit 1 with every problem on stderr ("file:line:column: why") and nothing
// written.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/db_open.h"
#include "cli/import_cmds.h"
#include "cli/output.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "store/measure_repo.h"

namespace pvf::cli {
namespace {

using ImportFn = Result<store::ImportSummary> (*)(store::Database&, const store::Actor&,
                                                         const csv::Table&, std::string_view);

struct ImportKind {
  const char* name;
  const char* help;
  ImportFn run;
};

const ImportKind kKinds[] = {
    {"goals",
     "Goals from CSV (goal,body,indicator,baseline_period,baseline_value,target_period,"
     "target_value[,title][,polarity]); upsert by goal key",
     store::import_goals},
    {"activity",
     "Activity volumes and unit costs (£ nominal) from CSV "
     "(body,period,activity,volume,unit_cost[,quality]); upsert by body, period and activity",
     store::import_activity},
    {"inputs",
     "Spending (£ nominal) with its deflator from CSV (body,period,expenditure,deflator[,input]); "
     "upsert by body, period and input",
     store::import_inputs},
    {"survey-questions",
     "Survey questions from CSV (question,text,levels,top_levels[,area]; levels worst first, "
     "separated by '|'); upsert by question key",
     store::import_survey_questions},
    {"survey-responses",
     "Survey responses from CSV (respondent,body,period,question,answer[,weight]; answer = a level "
     "label or its number); upsert by question, body, period and respondent",
     store::import_survey_responses},
};

void add_kind(CLI::App& import, Context& ctx, const ImportKind& kind) {
  auto db_path = std::make_shared<std::string>("pvf.db");
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = import.add_subcommand(kind.name, kind.help);
  cmd->add_option("--db", *db_path, "SQLite database file")->capture_default_str();
  cmd->add_option("FILE", *file, "CSV file")->required()->check(CLI::ExistingFile);
  cmd->callback([db_path, file, &ctx, kind] {
    const auto text = read_text_file(*file);
    if (!text) {
      std::cerr << "pvf: " << *file << ": cannot read the file\n";
      ctx.exit_code = 1;
      return;
    }
    auto table = csv::parse(*text, *file);
    if (!table) {
      std::cerr << "pvf: " << table.error().to_text() << "\n";
      ctx.exit_code = 1;
      return;
    }
    auto db = open_store(*db_path);
    if (!db) {
      ctx.exit_code = 1;
      return;
    }
    if (auto s = crypto::crypto_init(); !s) {
      std::cerr << "pvf: " << s.error().to_text() << "\n";
      ctx.exit_code = 1;
      return;
    }
    auto summary = kind.run(*db, store::Actor::system(), *table, crypto::sha256_hex(*text));
    if (!summary) {
      std::cerr << "pvf: " << summary.error().to_text() << "\n";
      if (summary.error().details.empty()) std::cerr << "nothing was imported\n";
      ctx.exit_code = 1;
      return;
    }
    std::cout << "imported " << *file << " (" << kind.name << "): " << summary->rows << " rows, "
              << summary->inserted << " inserted, " << summary->updated << " updated, "
              << summary->unchanged << " unchanged\n";
  });
}

}  // namespace

void add_import_measure_commands(CLI::App& import, Context& ctx) {
  for (const auto& kind : kKinds) add_kind(import, ctx, kind);
}

}  // namespace pvf::cli
