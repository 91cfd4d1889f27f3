// `pvf import goals|activity|inputs|survey-questions|survey-responses` as users run it.
#include "cli_support.h"

namespace pvf_cli_test {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ImportMeasureCli : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    db_ = path("m.db");
    write("bodies.csv",
          "name,code,type,region\nLeeds,E08000035,council,Yorkshire\n"
          "York,E06000014,council,Yorkshire\n");
    auto r = pvf("body import --db " + db_ + " " + path("bodies.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }

  // Adds indicators ASC2 (higher is better) and ASC6 (neutral) with `pvf import indicators`.
  void add_indicators() {
    write("indicators.csv",
          "key,name,unit,polarity\nASC2,ASC Quality of Life,score,higher\n"
          "ASC6,Requests resulting in a service,per 100000,neutral\n");
    auto r = pvf("import indicators --db " + db_ + " " + path("indicators.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }

  // One query through the sqlite3 shell, trailing line breaks trimmed.
  std::string sql(const std::string& query) const {
    std::string out;
    FILE* p = popen(("sqlite3 " + db_ + " \"" + query + "\"").c_str(), "r");
    if (!p) return out;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }

  pvf_cli_test::Run import(const std::string& kind, const std::string& file) {
    return pvf("import " + kind + " --db " + db_ + " " + path(file));
  }

  std::string db_;
};

TEST_F(ImportMeasureCli, GoalsImportSummarisesAndAReImportChangesNothing) {
  add_indicators();
  write("goals.csv",
        "goal,body,indicator,baseline_period,baseline_value,target_period,target_value,title\n"
        "leeds-asc2,E08000035,ASC2,2018-19,0.362,2024-25,0.43,Quality of life up\n"
        "york-asc2,York,ASC2,2019-20,0.4,2024-25,0.45,\n");
  auto r = import("goals", "goals.csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "2 rows, 2 inserted, 0 updated, 0 unchanged")) << r.out;
  auto again = import("goals", "goals.csv");
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(has(again.out, "2 rows, 0 inserted, 0 updated, 2 unchanged")) << again.out;
  EXPECT_EQ(sql("SELECT key || ':' || title FROM goals ORDER BY key"),
            "leeds-asc2:Quality of life up\nyork-asc2:");
}

TEST_F(ImportMeasureCli, ABadFileExits1ListingEveryProblemAndWritesNothing) {
  add_indicators();
  write("goals.csv",
        "goal,body,indicator,baseline_period,baseline_value,target_period,target_value\n"
        "ok,Leeds,ASC2,2018-19,0.3,2024-25,0.4\n"
        "neutral,Leeds,ASC6,2018-19,1,2024-25,2\n"
        "late,Leeds,ASC2,2024-25,1,2018-19,2\n");
  auto r = import("goals", "goals.csv");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, path("goals.csv") + ":3:indicator")) << r.out;
  EXPECT_TRUE(has(r.out, path("goals.csv") + ":4:target_period")) << r.out;
  EXPECT_TRUE(has(r.out, "2 problem(s); nothing was imported")) << r.out;
  EXPECT_EQ(sql("SELECT count(*) FROM goals"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM observation_imports WHERE kind = 'goals'"), "0");
}

TEST_F(ImportMeasureCli, ActivityAndInputsImportWithTheFilesDigest) {
  write("activity.csv",
        "body,period,activity,volume,unit_cost\n"
        "Leeds,2018-19,home_care_hours,2400000,18.5\n"
        "Leeds,2019-20,home_care_hours,2450000,19.6\n");
  auto a = import("activity", "activity.csv");
  ASSERT_EQ(a.exit_code, 0) << a.out;
  EXPECT_TRUE(has(a.out, "(activity): 2 rows, 2 inserted")) << a.out;
  write("inputs.csv",
        "body,period,input,expenditure,deflator\n"
        "E08000035,2018-19,staff,20000000,88\n"
        "E08000035,2018-19,purchased_care,140000000,88\n");
  auto i = import("inputs", "inputs.csv");
  ASSERT_EQ(i.exit_code, 0) << i.out;
  EXPECT_TRUE(has(i.out, "(inputs): 2 rows, 2 inserted")) << i.out;
  EXPECT_EQ(sql("SELECT count(*) FROM activity_volumes"), "2");
  EXPECT_EQ(sql("SELECT kind || ' ' || source_name FROM observation_imports ORDER BY id"),
            "activity " + path("activity.csv") + "\ninputs " + path("inputs.csv"));
  // The digest is the file's own: what sha256sum prints for it.
  FILE* p = popen(("sha256sum " + path("inputs.csv")).c_str(), "r");
  ASSERT_TRUE(p);
  char digest[65] = {};
  const size_t got = fread(digest, 1, 64, p);
  pclose(p);
  ASSERT_EQ(got, 64u);
  EXPECT_EQ(sql("SELECT sha256 FROM observation_imports WHERE kind = 'inputs'"),
            std::string(digest));
}

TEST_F(ImportMeasureCli, ActivityProblemsNameFileLineAndColumn) {
  write("activity.csv",
        "body,period,activity,volume,unit_cost\n"
        "Leeds,2018-19,home_care_hours,-1,18.5\n"
        "Nowhere,2018-19,home_care_hours,1,0\n");
  auto r = import("activity", "activity.csv");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, path("activity.csv") + ":2:volume")) << r.out;
  EXPECT_TRUE(has(r.out, path("activity.csv") + ":3:body")) << r.out;
  EXPECT_TRUE(has(r.out, path("activity.csv") + ":3:unit_cost")) << r.out;
  EXPECT_EQ(sql("SELECT count(*) FROM activity_volumes"), "0");
}

TEST_F(ImportMeasureCli, SurveyQuestionsThenResponsesWithoutEchoingRespondentIds) {
  write("questions.csv",
        "question,text,levels,top_levels,area\n"
        "satisfaction,\"Overall, how satisfied are you?\","
        "Very dissatisfied|Quite dissatisfied|Neither|Quite satisfied|Very satisfied,2,"
        "user_experience_and_participation\n");
  auto q = import("survey-questions", "questions.csv");
  ASSERT_EQ(q.exit_code, 0) << q.out;
  EXPECT_TRUE(has(q.out, "1 rows, 1 inserted")) << q.out;

  write("responses.csv",
        "respondent,body,period,question,answer,weight\n"
        "secret-17,Leeds,2023-24,satisfaction,Very satisfied,1.2\n"
        "secret-18,Leeds,2023-24,satisfaction,2,\n");
  auto r = import("survey-responses", "responses.csv");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "2 rows, 2 inserted")) << r.out;
  EXPECT_EQ(sql("SELECT group_concat(level) FROM (SELECT level FROM survey_responses "
                "ORDER BY respondent)"),
            "5,2");

  write("bad.csv",
        "respondent,body,period,question,answer,weight\n"
        "secret-19,Leeds,2023-24,satisfaction,Ecstatic,1\n"
        "secret-19,Leeds,2023-24,satisfaction,1,1\n");
  auto bad = import("survey-responses", "bad.csv");
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_TRUE(has(bad.out, path("bad.csv") + ":2:answer")) << bad.out;
  EXPECT_TRUE(has(bad.out, path("bad.csv") + ":3:respondent")) << bad.out;
  EXPECT_FALSE(has(bad.out, "secret-19")) << bad.out;
  EXPECT_EQ(sql("SELECT count(*) FROM survey_responses"), "2");
}

TEST_F(ImportMeasureCli, UsageErrorsExit2) {
  EXPECT_EQ(pvf("import goals --db " + db_).exit_code, 2);                           // no file
  EXPECT_EQ(pvf("import goals --db " + db_ + " " + path("none.csv")).exit_code, 2);  // missing
  EXPECT_EQ(pvf("import spending --db " + db_ + " " + path("bodies.csv")).exit_code, 2);
  auto help = pvf("import survey-responses --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(has(help.out, "respondent,body,period,question,answer")) << help.out;
}

}  // namespace
}  // namespace pvf_cli_test
