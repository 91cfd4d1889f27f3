// `pvf survey --questions Q.csv --responses R.csv [--out FILE] [--confidence 0.95]`: the weighted
// share answering in the top levels per body, question and period, its confidence interval and
// the change since the previous period (measure/survey.h), as CSV.
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "cli/command.h"
#include "core/csv.h"
#include "measure/survey.h"
#include "measure/survey_table.h"

namespace pvf::cli {
namespace {

struct SurveyOptions {
  std::string questions;
  std::string responses;
  std::string out;
  double confidence = 0.95;
};

// Shortest text that reads back as the same double; "" for no value.
std::string number(std::optional<double> value) {
  if (!value) return {};
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *value);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

std::string to_csv(const std::vector<measure::ShareEstimate>& estimates) {
  std::string out = csv::format_row({"body", "question", "period", "respondents", "effective_n",
                                     "share", "ci_low", "ci_high", "previous_period", "change",
                                     "change_ci_low", "change_ci_high", "significant"});
  for (const measure::ShareEstimate& e : estimates) {
    out += csv::format_row({
        e.body,
        e.question,
        e.period.to_string(),
        std::to_string(e.respondents),
        number(e.effective_n),
        number(e.share),
        number(e.ci.low),
        number(e.ci.high),
        e.previous_period ? e.previous_period->to_string() : std::string(),
        number(e.change),
        number(e.change_ci ? std::optional(e.change_ci->low) : std::nullopt),
        number(e.change_ci ? std::optional(e.change_ci->high) : std::nullopt),
        e.significant ? (*e.significant ? "yes" : "no") : "",
    });
  }
  return out;
}

// Writes next to the target and renames, so a reader never sees half a file and a failed run
// leaves an earlier file in place.
int write_out(const std::string& out, const std::string& content) {
  if (out.empty() || out == "-") {
    std::cout << content;
    return std::cout.good() ? 0 : 1;
  }
  const std::string tmp = out + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << content;
    f.close();
    if (!f) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      std::cerr << "pvf: " << out << ": cannot write the file\n";
      return 1;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    std::cerr << "pvf: " << out << ": cannot write the file (" << ec.message() << ")\n";
    return 1;
  }
  return 0;
}

int run_survey(const SurveyOptions& o) {
  if (!(o.confidence > 0 && o.confidence < 1)) {
    std::cerr << "pvf: --confidence must be between 0 and 1 (exclusive), e.g. 0.95\n";
    return 2;
  }
  auto q_table = csv::read_file(o.questions);
  if (!q_table) {
    std::cerr << "pvf: " << q_table.error().to_text() << "\n";
    return 1;
  }
  auto questions = measure::read_questions(*q_table);
  if (!questions) {
    std::cerr << "pvf: " << questions.error().to_text() << "\n";
    return 1;
  }
  auto r_table = csv::read_file(o.responses);
  if (!r_table) {
    std::cerr << "pvf: " << r_table.error().to_text() << "\n";
    return 1;
  }
  auto responses = measure::read_responses(*r_table, *questions);
  if (!responses) {
    std::cerr << "pvf: " << responses.error().to_text() << "\n";
    return 1;
  }
  auto estimates = measure::estimate_shares(*questions, *responses, o.confidence);
  if (!estimates) {
    std::cerr << "pvf: " << estimates.error().to_text() << "\n";
    return 1;
  }
  return write_out(o.out, to_csv(*estimates));
}

}  // namespace

void register_survey_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<SurveyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "survey",
      "Citizen survey estimates: the weighted share answering in the top levels per body, "
      "question and period, with a confidence interval (Wilson on the Kish effective sample "
      "size) and the change since the previous period (Newcombe), as CSV");
  cmd->add_option("--questions", o->questions,
                  "Questions CSV: question,text,levels,top_levels[,area]; levels worst first, "
                  "separated by '|'")
      ->required();
  cmd->add_option("--responses", o->responses,
                  "Responses CSV: respondent,body,period,question,answer[,weight]; answer a "
                  "level label or its number (1 = worst)")
      ->required();
  cmd->add_option("--out", o->out, "Output CSV file (default: stdout)");
  cmd->add_option("--confidence", o->confidence, "Confidence level of the intervals")
      ->capture_default_str();
  cmd->callback([o, &ctx] { ctx.exit_code = run_survey(*o); });
}

}  // namespace pvf::cli
