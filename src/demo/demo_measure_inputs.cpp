// seed_demo_measure_inputs: the demo's goals, productivity data and survey responses.
#include "demo/demo_measure_inputs.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>

#include "core/crypto.h"
#include "core/csv.h"
#include "demo/demo_internal.h"
#include "store/measure_repo.h"

namespace pvf::demo {
namespace {

namespace fs = std::filesystem;

// ---- the generated survey (ILLUSTRATIVE) ----

constexpr std::array<const char*, 3> kSurveyPeriods{"2021-22", "2022-23", "2023-24"};

// The share answering in the top two levels, per mille, for 2021-22, 2022-23 and 2023-24. These
// are the population shares the answers are drawn from; the sample shares scatter around them.
struct CouncilSurvey {
  const char* code;
  std::array<int, 3> satisfaction;
  std::array<int, 3> trust;
};
constexpr std::array<CouncilSurvey, 8> kCouncils{{
    {"E08000035", {600, 560, 760}, {450, 460, 470}},  // Leeds: satisfaction up clearly in 2023-24
    {"E08000003", {640, 640, 640}, {430, 440, 440}},  // Manchester: steady (no real change)
    {"E08000025", {560, 530, 510}, {450, 450, 360}},  // Birmingham: trust down in 2023-24
    {"E10000016", {650, 660, 655}, {470, 465, 470}},  // Kent
    {"E09000007", {680, 690, 700}, {500, 505, 510}},  // Camden
    {"E06000023", {620, 600, 610}, {455, 450, 460}},  // Bristol
    {"E06000052", {700, 690, 680}, {520, 515, 510}},  // Cornwall
    {"E06000005", {720, 700, 740}, {540, 530, 545}},  // Darlington
}};

// How a question's answers spread over its levels, worst first: the top two levels share the
// top-two share 55:45 (second best : best); the rest share the remainder in these proportions.
struct QuestionShape {
  const char* key;
  std::array<int, 3> lower;  // per cent of the remainder, worst first; unused slots 0
  int lower_levels;
  int nonresponse_percent;  // respondents who skip the question (no row)
};
constexpr QuestionShape kSatisfaction{"asc_satisfaction", {22, 33, 45}, 3, 0};
constexpr QuestionShape kTrust{"council_trust", {35, 65, 0}, 2, 5};

constexpr uint32_t kSeed = 20240401;

// The 1-based level for a uniform draw in [0, 1000), from the top-two share (per mille).
// Integer arithmetic only, so every platform maps a draw to the same level.
int level_for(const QuestionShape& q, int top_two, uint32_t draw) {
  const int rest = 1000 - top_two;
  std::array<int, 5> cumulative{};
  int at = 0, n = 0;
  for (int i = 0; i < q.lower_levels; ++i) {
    at += i + 1 == q.lower_levels ? rest - (at) : rest * q.lower[i] / 100;
    cumulative[n++] = at;
  }
  cumulative[n++] = at + top_two * 55 / 100;  // second best
  cumulative[n++] = 1000;                     // best
  for (int i = 0; i < n; ++i)
    if (static_cast<int>(draw) < cumulative[i]) return i + 1;
  return n;
}

std::string thousandths(uint32_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%03u", v / 1000, v % 1000);
  return buf;
}

// ---- reading the files ----

struct DemoFile {
  csv::Table table;
  std::string sha256;
};

Result<DemoFile> read_csv(const fs::path& dir, const std::string& name) {
  auto text = detail::read_text((dir / name).string());
  if (!text) return fail(text.error());
  auto table = csv::parse(*text, "measure/" + name);
  if (!table) return fail(table.error());
  return DemoFile{std::move(*table), crypto::sha256_hex(*text)};
}

}  // namespace

csv::Table demo_survey_responses() {
  csv::Table t;
  t.source = "measure/survey responses (generated)";
  t.header = {"respondent", "body", "period", "question", "answer", "weight"};
  int line = 1;
  int respondent = 0;
  for (size_t c = 0; c < kCouncils.size(); ++c) {
    const CouncilSurvey& council = kCouncils[c];
    for (size_t y = 0; y < kSurveyPeriods.size(); ++y) {
      // One generator per council and year: each sample is fixed whatever else changes.
      std::mt19937 rng(kSeed + static_cast<uint32_t>(100 * c + y));
      const uint32_t n = 300 + rng() % 201;
      for (uint32_t i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "R%06d", ++respondent);
        const std::string weight = thousandths(400 + rng() % 1601);  // 0.400 .. 2.000
        const uint32_t satisfaction_draw = rng() % 1000;
        const uint32_t trust_draw = rng() % 1000;
        const bool skips_trust = rng() % 100 < static_cast<uint32_t>(kTrust.nonresponse_percent);
        auto add = [&](const QuestionShape& q, int top_two, uint32_t draw) {
          t.rows.push_back(csv::Row{++line,
                                    {id, council.code, kSurveyPeriods[y], q.key,
                                     std::to_string(level_for(q, top_two, draw)), weight}});
        };
        add(kSatisfaction, council.satisfaction[y], satisfaction_draw);
        if (!skips_trust) add(kTrust, council.trust[y], trust_draw);
      }
    }
  }
  return t;
}

Result<DemoMeasureSummary> seed_demo_measure_inputs(store::Database& db,
                                                    const std::string& demo_dir) {
  if (auto s = crypto::crypto_init(); !s) return fail(s.error());
  const fs::path dir = fs::path(demo_dir) / "measure";
  std::array<DemoFile, 4> files;
  const std::array<const char*, 4> names{"goals.csv", "activity.csv", "inputs.csv",
                                         "survey_questions.csv"};
  for (size_t i = 0; i < names.size(); ++i) {
    auto f = read_csv(dir, names[i]);
    if (!f) return fail(f.error());
    files[i] = std::move(*f);
  }
  const csv::Table responses = demo_survey_responses();

  return db.transaction([&]() -> Result<DemoMeasureSummary> {
    const store::Actor system = store::Actor::system();
    DemoMeasureSummary summary;
    auto goals = store::import_goals(db, system, files[0].table, files[0].sha256);
    if (!goals) return fail(goals.error());
    summary.goals = goals->rows;
    auto activity = store::import_activity(db, system, files[1].table, files[1].sha256);
    if (!activity) return fail(activity.error());
    summary.activity_rows = activity->rows;
    auto inputs = store::import_inputs(db, system, files[2].table, files[2].sha256);
    if (!inputs) return fail(inputs.error());
    summary.input_rows = inputs->rows;
    auto questions = store::import_survey_questions(db, system, files[3].table, files[3].sha256);
    if (!questions) return fail(questions.error());
    summary.survey_questions = questions->rows;
    auto answers = store::import_survey_responses(db, system, responses);
    if (!answers) return fail(answers.error());
    summary.survey_responses = answers->rows;
    return summary;
  });
}

}  // namespace pvf::demo
