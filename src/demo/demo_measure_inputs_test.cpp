#include "demo/demo_measure_inputs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "core/csv.h"
#include "measure/goals.h"
#include "measure/survey.h"
#include "store/measure_repo.h"
#include "store/repositories.h"

namespace pvf::demo {
namespace {

namespace fs = std::filesystem;

const std::string kDemoDir = std::string(PVF_SOURCE_DIR) + "/data/demo";
// Office for Local Government adult social care data (ASC_data.csv, Open Government Licence
// v3.0): the published values the goals' baselines and the goal statuses are checked against.
const std::string kOflog = std::string(PVF_SHARED_DIR) + "/data/oflog/ASC_data.csv";

int64_t count_rows(store::Database& db, const std::string& table) {
  auto st = db.prepare("SELECT count(*) FROM " + table);
  EXPECT_TRUE(st) << st.error().to_text();
  auto row = st->step();
  EXPECT_TRUE(row && *row);
  const int64_t n = st->int64(0);
  (void)st->step();
  return n;
}

int64_t measure_generation(store::Database& db) {
  auto st = db.prepare("SELECT generation FROM measure_generation");
  EXPECT_TRUE(st);
  auto row = st->step();
  EXPECT_TRUE(row && *row);
  const int64_t g = st->int64(0);
  (void)st->step();
  return g;
}

// Oflog's published values, (council code, indicator, period) -> value; blank cells left out.
using OflogValues = std::map<std::tuple<std::string, std::string, std::string>, double>;
const OflogValues& oflog_values() {
  static const OflogValues values = [] {
    OflogValues out;
    auto t = csv::read_file(kOflog);
    EXPECT_TRUE(t) << t.error().to_text();
    if (!t) return out;
    const auto year = t->column("Financial year"), code = t->column("Local authority code"),
               ind = t->column("Code"), value = t->column("Value");
    for (const auto& r : t->rows)
      if (!r.fields[*value].empty())
        out[{r.fields[*code], r.fields[*ind], r.fields[*year]}] = std::stod(r.fields[*value]);
    return out;
  }();
  return values;
}

// A db with the demo's bodies, Oflog's ASC indicators (polarity from Oflog's rank_order: ASC1,
// ASC2, ASC3 and ASC5 higher is better; ASC4, ASC6 and ASC7 unranked) and the demo councils'
// observations, as the lead's demo seeding leaves it before seed_demo_measure_inputs.
std::unique_ptr<store::Database> prepared_db() {
  auto opened = store::Database::open(":memory:");
  EXPECT_TRUE(opened) << opened.error().to_text();
  auto db = std::move(*opened);
  EXPECT_TRUE(db->migrate());
  auto bodies = csv::read_file(kDemoDir + "/bodies.csv");
  EXPECT_TRUE(bodies) << bodies.error().to_text();
  EXPECT_TRUE(store::import_bodies(*db, store::Actor::system(), *bodies));
  const std::map<std::string, std::string> polarity = {
      {"ASC1", "higher"}, {"ASC2", "higher"},  {"ASC3", "higher"}, {"ASC4", "neutral"},
      {"ASC5", "higher"}, {"ASC6", "neutral"}, {"ASC7", "neutral"}};
  for (const auto& [key, p] : polarity) {
    auto st = db->prepare(
        "INSERT INTO indicators(key, name, polarity, created_at, updated_at) "
        "VALUES (?, ?, ?, 't', 't')");
    EXPECT_TRUE(st);
    st->bind_all(key, "Oflog " + key, p);
    EXPECT_TRUE(st->run());
  }
  for (const auto& [k, value] : oflog_values()) {
    const auto& [code, indicator, period] = k;
    auto st = db->prepare(
        "INSERT INTO observations(indicator_id, period, body_id, value) "
        "SELECT i.id, ?, b.id, ? FROM indicators i, bodies b "
        "WHERE i.key = ? AND b.code = ?");
    EXPECT_TRUE(st);
    st->bind_all(period, value, indicator, code);
    EXPECT_TRUE(st->run());
  }
  return db;
}

class DemoMeasureInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = prepared_db().release();
    auto s = seed_demo_measure_inputs(*db_, kDemoDir);
    ASSERT_TRUE(s) << s.error().to_text();
    summary_ = new DemoMeasureSummary(*s);
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete db_;
    summary_ = nullptr;
    db_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(db_ && summary_) << "seeding failed"; }

  static store::Body body(const std::string& code) {
    auto b = store::find_body_by_code(*db_, code);
    EXPECT_TRUE(b && *b) << code;
    return b && *b ? **b : store::Body{};
  }

  static store::Database* db_;
  static DemoMeasureSummary* summary_;
};
store::Database* DemoMeasureInputs::db_ = nullptr;
DemoMeasureSummary* DemoMeasureInputs::summary_ = nullptr;

const std::vector<std::string> kCouncils = {"E08000035", "E08000003", "E08000025", "E10000016",
                                            "E09000007", "E06000023", "E06000052", "E06000005"};

TEST_F(DemoMeasureInputs, SeedsGoalsProductivityDataAndSurveysForTheEightCouncils) {
  store::Database& db = *db_;
  EXPECT_EQ(summary_->goals, 17);
  EXPECT_EQ(summary_->activity_rows, 8 * 6 * 5);  // councils x 2018-19..2023-24 x activities
  EXPECT_EQ(summary_->input_rows, 8 * 6 * 2);     // two input lines
  EXPECT_EQ(summary_->survey_questions, 2);
  EXPECT_EQ(count_rows(db, "goals"), 17);
  EXPECT_EQ(count_rows(db, "activity_volumes"), 240);
  EXPECT_EQ(count_rows(db, "input_spending"), 96);
  EXPECT_EQ(count_rows(db, "survey_responses"), summary_->survey_responses);
  EXPECT_EQ(count_rows(db, "observation_imports"), 5);
  for (const auto& code : kCouncils) {
    const store::Body b = body(code);
    auto goals = store::list_goals(db, b.id);
    ASSERT_TRUE(goals);
    EXPECT_GE(goals->size(), 2u) << code;
    EXPECT_LE(goals->size(), 3u) << code;
    auto activity = store::activity_for_body(db, b.id);
    ASSERT_TRUE(activity);
    ASSERT_EQ(activity->size(), 30u) << code;
    EXPECT_EQ(activity->front().period, "2018-19");
    EXPECT_EQ(activity->back().period, "2023-24");
    std::set<std::string> activities;
    for (const auto& a : *activity) activities.insert(a.activity);
    EXPECT_EQ(activities,
              (std::set<std::string>{"assessments", "home_care_hours", "nursing_care_weeks",
                                     "reablement_episodes", "residential_care_weeks"}));
    auto inputs = store::inputs_for_body(db, b.id);
    ASSERT_TRUE(inputs);
    EXPECT_EQ(inputs->size(), 12u) << code;
  }
}

TEST_F(DemoMeasureInputs, GoalBaselinesAreTheCouncilsPublishedOflogValues) {
  auto goals = store::list_goals(*db_);
  ASSERT_TRUE(goals);
  ASSERT_EQ(goals->size(), 17u);
  const auto& oflog = oflog_values();
  for (const auto& g : *goals) {
    const store::Body b = body(*store::get_body(*db_, g.body_id)->code);
    auto it = oflog.find({*b.code, g.indicator_key, g.baseline_period});
    ASSERT_NE(it, oflog.end()) << g.key << " has no published baseline";
    EXPECT_DOUBLE_EQ(g.baseline_value, it->second) << g.key;
    EXPECT_EQ(g.target_period, "2024-25") << g.key;
    EXPECT_EQ(g.polarity, "higher") << g.key;
  }
}

// The statuses measure::assess_goal gives each goal from the published observations (the rule:
// least-squares line through the observations from the baseline period on, projected to
// 2024-25; on track if it meets the target, at risk if short by at most 20% of the planned
// change, too early with fewer than two observations). Worked by hand for Leeds ASC2: points
// (2018, 0.362) (2019, 0.351) (2021, 0.406) (2022, 0.426); mean x 2020, mean y 0.38625;
// Sxx = 4+1+1+4 = 10; Sxy = 2(0.02425) + 0.03525 + 0.01975 + 2(0.03975) = 0.183; slope 0.0183;
// at 2024: 0.38625 + 4(0.0183) = 0.45945 >= 0.43: on track. Birmingham ASC5 (target 54 from
// 45.1): points 45.1, 57.5, 48.9, 41.4, 56.4 for 2018..2022, mean 49.86, slope
// (-2(-4.76) - 7.64 + 0 - 8.46 + 2(6.54))/10 = 6.5/10 = 0.65, at 2024: 49.86 + 4(0.65) = 52.46:
// short by 1.54 <= 0.2 x 8.9 = 1.78: at risk.
TEST_F(DemoMeasureInputs, GoalsShowEveryStatusOnThePublishedData) {
  const std::map<std::string, measure::GoalStatus> expected = {
      {"leeds-asc2-2024", measure::GoalStatus::on_track},
      {"leeds-asc5-2024", measure::GoalStatus::at_risk},
      {"leeds-asc1-2024", measure::GoalStatus::too_early},
      {"manchester-asc2-2024", measure::GoalStatus::on_track},
      {"manchester-asc3-2024", measure::GoalStatus::off_track},
      {"birmingham-asc5-2024", measure::GoalStatus::at_risk},
      {"birmingham-asc3-2024", measure::GoalStatus::off_track},
      {"kent-asc5-2024", measure::GoalStatus::off_track},
      {"kent-asc1-2024", measure::GoalStatus::too_early},
      {"camden-asc5-2024", measure::GoalStatus::on_track},
      {"camden-asc2-2024", measure::GoalStatus::at_risk},
      {"bristol-asc2-2024", measure::GoalStatus::at_risk},
      {"bristol-asc3-2024", measure::GoalStatus::off_track},
      {"cornwall-asc5-2024", measure::GoalStatus::off_track},
      {"cornwall-asc1-2024", measure::GoalStatus::too_early},
      {"darlington-asc5-2024", measure::GoalStatus::on_track},
      {"darlington-asc3-2024", measure::GoalStatus::at_risk}};
  auto goals = store::list_goals(*db_);
  ASSERT_TRUE(goals);
  std::set<measure::GoalStatus> seen;
  for (const auto& g : *goals) {
    auto st = db_->prepare(
        "SELECT o.period, o.value FROM observations o JOIN indicators i "
        "ON i.id = o.indicator_id WHERE i.key = ? AND o.body_id = ? "
        "AND o.period >= ? ORDER BY o.period");
    ASSERT_TRUE(st);
    st->bind_all(g.indicator_key, g.body_id, g.baseline_period);
    std::vector<measure::PeriodValue> obs;
    while (*st->step()) obs.push_back({*Period::parse(st->text(0)), st->real(1)});
    measure::GoalSpec spec{g.key,
                           g.body_name,
                           g.indicator_key,
                           *measure::parse_polarity(g.polarity),
                           *Period::parse(g.baseline_period),
                           g.baseline_value,
                           *Period::parse(g.target_period),
                           g.target_value};
    auto progress = measure::assess_goal(spec, obs);
    ASSERT_TRUE(progress) << progress.error().to_text();
    ASSERT_TRUE(expected.count(g.key)) << g.key;
    EXPECT_EQ(progress->status, expected.at(g.key))
        << g.key << ": " << measure::to_string(progress->status) << ": " << progress->explanation;
    seen.insert(progress->status);
  }
  EXPECT_EQ(seen.size(), 4u);
}

// The C++ standard fixes mt19937's sequence ([rand.predef]: the 10000th output of a
// default-constructed std::mt19937 is 4123659995), which is what makes the generated survey
// the same on every platform; the transforms from raw output to answers are pvf's own.
TEST(DemoSurvey, TheGeneratorIsTheStandardsMt19937) {
  std::mt19937 rng;
  rng.discard(9999);
  EXPECT_EQ(rng(), 4123659995u);
}

TEST(DemoSurvey, GeneratedResponsesAreTheSameEveryTimeAndWithinTheirRanges) {
  const csv::Table a = demo_survey_responses(), b = demo_survey_responses();
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) ASSERT_EQ(a.rows[i].fields, b.rows[i].fields) << i;
  // Per council and year: 300-500 respondents; weights 0.4-2.0; answers within the scale.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> respondents;
  for (const auto& r : a.rows) {
    respondents[{r.fields[1], r.fields[2]}].insert(r.fields[0]);
    const double w = std::stod(r.fields[5]);
    EXPECT_GE(w, 0.4);
    EXPECT_LE(w, 2.0);
    const int level = std::stoi(r.fields[4]);
    EXPECT_GE(level, 1);
    EXPECT_LE(level, r.fields[3] == "asc_satisfaction" ? 5 : 4);
  }
  EXPECT_EQ(respondents.size(), 8u * 3u);
  for (const auto& [key, ids] : respondents) {
    EXPECT_GE(ids.size(), 300u) << key.first << " " << key.second;
    EXPECT_LE(ids.size(), 500u) << key.first << " " << key.second;
  }
}

TEST_F(DemoMeasureInputs, TheSurveyShowsASignificantChangeAndASteadyOne) {
  auto questions = store::list_survey_questions(*db_);
  ASSERT_TRUE(questions);
  ASSERT_EQ(questions->size(), 2u);
  std::vector<measure::SurveyQuestion> qs;
  for (const auto& q : *questions) {
    qs.push_back({q.key, q.text, q.levels, q.top_levels, q.area_key});
    EXPECT_EQ(q.top_levels, 2);
  }
  EXPECT_EQ((*questions)[0].key, "asc_satisfaction");
  EXPECT_EQ((*questions)[0].area_key, "user_experience_and_participation");
  EXPECT_EQ((*questions)[1].key, "council_trust");
  EXPECT_EQ((*questions)[1].area_key, "public_taxpayer_legitimacy");

  auto describe = [](const measure::ShareEstimate& e) {
    std::ostringstream out;
    out << e.body << " " << e.question << " " << e.period.to_string() << ": share " << e.share
        << " (n_eff " << e.effective_n << ")";
    if (e.change)
      out << ", change " << *e.change << " [" << e.change_ci->low << ", " << e.change_ci->high
          << "]";
    return out.str();
  };
  auto latest = [&](const std::string& code, const std::string& question) {
    const store::Body b = body(code);
    auto stored = store::survey_responses_for_body(*db_, b.id);
    EXPECT_TRUE(stored);
    std::vector<measure::SurveyResponse> rs;
    for (const auto& r : *stored)
      rs.push_back(
          {r.respondent, code, *Period::parse(r.period), r.question_key, r.level, r.weight});
    auto estimates = measure::estimate_shares(qs, rs);
    EXPECT_TRUE(estimates) << estimates.error().to_text();
    for (const auto& e : *estimates)
      if (e.question == question && e.period.to_string() == "2023-24") return e;
    ADD_FAILURE() << "no 2023-24 estimate for " << code << " " << question;
    return measure::ShareEstimate{code, question, *Period::parse("2023-24")};
  };
  const auto leeds = latest("E08000035", "asc_satisfaction");
  ASSERT_TRUE(leeds.significant.has_value());
  EXPECT_TRUE(*leeds.significant) << describe(leeds);
  EXPECT_GT(*leeds.change, 0);
  EXPECT_EQ(leeds.previous_period->to_string(), "2022-23");
  const auto manchester = latest("E08000003", "asc_satisfaction");
  ASSERT_TRUE(manchester.significant.has_value());
  EXPECT_FALSE(*manchester.significant) << describe(manchester);
  const auto birmingham = latest("E08000025", "council_trust");
  ASSERT_TRUE(birmingham.significant.has_value());
  EXPECT_TRUE(*birmingham.significant) << describe(birmingham);
  EXPECT_LT(*birmingham.change, 0);
}

TEST_F(DemoMeasureInputs, SeedingAgainChangesNothing) {
  const int64_t generation = measure_generation(*db_);
  const int64_t responses = count_rows(*db_, "survey_responses");
  auto again = seed_demo_measure_inputs(*db_, kDemoDir);
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(measure_generation(*db_), generation);
  EXPECT_EQ(count_rows(*db_, "survey_responses"), responses);
  EXPECT_EQ(count_rows(*db_, "goals"), 17);
  auto st = db_->prepare(
      "SELECT sum(inserted + updated), sum(unchanged) FROM observation_imports "
      "WHERE id > 5");
  ASSERT_TRUE(st);
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->int64(0), 0);
  EXPECT_EQ(st->int64(1), 17 + 240 + 96 + 2 + responses);
  st->reset();
}

TEST(DemoMeasureInputsFiles, ABadFileRefusesEverythingAndNamesTheCell) {
  const fs::path dir =
      fs::temp_directory_path() / ("pvf-demo-measure-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "measure");
  for (const auto& e : fs::directory_iterator(fs::path(kDemoDir) / "measure"))
    if (e.path().extension() == ".csv")
      fs::copy_file(e.path(), dir / "measure" / e.path().filename());
  {
    std::ofstream goals(dir / "measure" / "goals.csv", std::ios::app);
    goals << "bad-goal,E08000035,ASC6,2018-19,1,2024-25,2,,neutral indicator\n";
  }
  auto db = prepared_db();
  auto r = seed_demo_measure_inputs(*db, dir.string());
  fs::remove_all(dir);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "measure/goals.csv:19:indicator") << r.error().to_text();
  for (const char* table : {"goals", "activity_volumes", "input_spending", "survey_questions",
                            "survey_responses", "observation_imports"})
    EXPECT_EQ(count_rows(*db, table), 0) << table;
}

TEST(DemoMeasureInputsFiles, MissingIndicatorsAreReportedNotSkipped) {
  auto opened = store::Database::open(":memory:");
  ASSERT_TRUE(opened);
  ASSERT_TRUE((*opened)->migrate());
  auto bodies = csv::read_file(kDemoDir + "/bodies.csv");
  ASSERT_TRUE(bodies);
  ASSERT_TRUE(store::import_bodies(**opened, store::Actor::system(), *bodies));
  auto r = seed_demo_measure_inputs(**opened, kDemoDir);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().details.size(), 17u) << r.error().to_text();  // every goal's indicator
  EXPECT_NE(r.error().to_text().find("indicator 'ASC2' is not stored"), std::string::npos);
}

}  // namespace
}  // namespace pvf::demo
