#include <gtest/gtest.h>

#include "store/measure_repo.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

class SurveysRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    leeds = add_body("Leeds", "E08000035");
    york = add_body("York", "E06000014");
  }

  csv::Table table(const std::string& text, const std::string& source = "survey.csv") {
    auto t = csv::parse(text, source);
    EXPECT_TRUE(t) << t.error().to_text();
    return t ? *t : csv::Table{};
  }

  void add_satisfaction() {
    auto r =
        import_survey_questions(*db, admin, table(std::string(kQuestionHeader) + kSatisfaction));
    ASSERT_TRUE(r) << r.error().to_text();
  }

  int64_t generation() {
    auto st = db->prepare("SELECT generation FROM measure_generation");
    EXPECT_TRUE(st);
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    const int64_t g = st->int64(0);
    (void)st->step();
    return g;
  }

  static bool has_detail(const Error& e, const std::string& where, const std::string& text) {
    for (const auto& d : e.details)
      if (d.where == where && d.message.find(text) != std::string::npos) return true;
    return false;
  }

  Body leeds, york;
  static constexpr const char* kQuestionHeader = "question,text,levels,top_levels,area\n";
  static constexpr const char* kSatisfaction =
      "satisfaction,\"Overall, how satisfied or dissatisfied are you?\","
      "Very dissatisfied|Quite dissatisfied|Neither|Quite satisfied|Very satisfied,2,"
      "user_experience_and_participation\n";
  static constexpr const char* kResponseHeader = "respondent,body,period,question,answer,weight\n";
};

TEST_F(SurveysRepoTest, ImportQuestionsStoresLevelsWorstFirst) {
  const int64_t g0 = generation();
  add_satisfaction();
  EXPECT_EQ(generation(), g0 + 1);
  auto qs = list_survey_questions(*db);
  ASSERT_TRUE(qs);
  ASSERT_EQ(qs->size(), 1u);
  const StoredSurveyQuestion& q = qs->front();
  EXPECT_EQ(q.key, "satisfaction");
  EXPECT_EQ(q.text, "Overall, how satisfied or dissatisfied are you?");
  ASSERT_EQ(q.levels.size(), 5u);
  EXPECT_EQ(q.levels.front(), "Very dissatisfied");
  EXPECT_EQ(q.levels.back(), "Very satisfied");
  EXPECT_EQ(q.top_levels, 2);
  EXPECT_EQ(q.area_key, "user_experience_and_participation");
  EXPECT_EQ(q.responses, 0);
  const auto j = to_json(q);
  EXPECT_EQ(j["levels"].size(), 5u);
  EXPECT_EQ(j["area"], "user_experience_and_participation");
  EXPECT_EQ(last_audit().action, "survey_questions.import");
}

TEST_F(SurveysRepoTest, ImportQuestionsListsEveryProblem) {
  auto r = import_survey_questions(
      *db, admin,
      table(std::string(kQuestionHeader) + "q1,Text,Only one,1,\n"               // 2: levels
                                           "q2,Text,A||C,1,\n"                   // 3: empty level
                                           "q3,Text,Yes|no|YES,1,\n"             // 4: repeat
                                           "q4,Text,A|B|C,3,\n"                  // 5: top too big
                                           "q5,Text,A|B|C,two,\n"                // 6: not a number
                                           "bad key,,A|B,1,\n"                   // 7: key, text
                                           "q4,Text,A|B|C,1,\n"                  // 8: repeat key
                                           "q6,Text,A|B,1,User Experience\n"));  // 9: area
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_TRUE(has_detail(e, "survey.csv:2:levels", "at least 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:3:levels", "level 2 is empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:4:levels", "'YES' repeats level 1")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:5:top_levels", "between 1 and 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:6:top_levels", "'two'")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:7:question", "bad key")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:7:text", "empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:8:question", "line 5")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:9:area", "framework area key")) << e.to_text();
  EXPECT_EQ(e.details.size(), 9u) << e.to_text();
  EXPECT_EQ(count("survey_questions"), 0);
}

TEST_F(SurveysRepoTest, LevelsOfAQuestionWithResponsesCannotChangeButItsTextCan) {
  add_satisfaction();
  // No responses yet: the levels may change.
  auto early = import_survey_questions(
      *db, admin, table(std::string(kQuestionHeader) + "satisfaction,Q,Bad|Neither|Good,1,\n"));
  ASSERT_TRUE(early) << early.error().to_text();
  EXPECT_EQ(early->updated, 1);
  ASSERT_TRUE(import_survey_responses(
      *db, admin, table(std::string(kResponseHeader) + "r1,Leeds,2023-24,satisfaction,good,\n")));

  auto changed = import_survey_questions(
      *db, admin, table(std::string(kQuestionHeader) + "satisfaction,Q,Bad|OK|Good,1,\n"));
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::conflict);
  EXPECT_TRUE(has_detail(changed.error(), "survey.csv:2:levels", "1 stored responses"))
      << changed.error().to_text();

  // Text, top_levels and area may change; without an area column the area is kept.
  auto reworded = import_survey_questions(
      *db, admin,
      table("question,text,levels,top_levels\nsatisfaction,New wording,Bad|Neither|Good,2\n"));
  ASSERT_TRUE(reworded) << reworded.error().to_text();
  EXPECT_EQ(reworded->updated, 1);
  auto qs = list_survey_questions(*db);
  ASSERT_TRUE(qs && qs->size() == 1);
  EXPECT_EQ(qs->front().text, "New wording");
  EXPECT_EQ(qs->front().top_levels, 2);
  EXPECT_EQ(qs->front().area_key, "");  // the second file gave an empty area
  EXPECT_EQ(qs->front().responses, 1);
}

TEST_F(SurveysRepoTest, WithoutAnAreaColumnAQuestionKeepsItsArea) {
  add_satisfaction();
  auto r = import_survey_questions(
      *db, admin,
      table("question,text,levels,top_levels\nsatisfaction,Reworded,"
            "Very dissatisfied|Quite dissatisfied|Neither|Quite satisfied|Very satisfied,2\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  auto qs = list_survey_questions(*db);
  ASSERT_TRUE(qs && qs->size() == 1);
  EXPECT_EQ(qs->front().area_key, "user_experience_and_participation");
  EXPECT_EQ(qs->front().text, "Reworded");
}

TEST_F(SurveysRepoTest, ResponsesTakeALabelIgnoringCaseOrANumber) {
  add_satisfaction();
  auto r = import_survey_responses(
      *db, admin,
      table(std::string(kResponseHeader) + "r1,Leeds,2023-24,satisfaction,very SATISFIED,1.5\n"
                                           "r2,E08000035,2023-24,satisfaction,2,\n"
                                           "r1,Leeds,2022-23,satisfaction, Neither ,0.75\n"
                                           "r1,York,2023-24,satisfaction,1,\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->inserted, 4);
  auto rows = survey_responses_for_body(*db, leeds.id);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  // Ordered by question, period, respondent.
  EXPECT_EQ((*rows)[0].period, "2022-23");
  EXPECT_EQ((*rows)[0].level, 3);
  EXPECT_DOUBLE_EQ((*rows)[0].weight, 0.75);
  EXPECT_EQ((*rows)[1].respondent, "r1");
  EXPECT_EQ((*rows)[1].level, 5);
  EXPECT_DOUBLE_EQ((*rows)[1].weight, 1.5);
  EXPECT_EQ((*rows)[2].respondent, "r2");
  EXPECT_EQ((*rows)[2].level, 2);
  EXPECT_DOUBLE_EQ((*rows)[2].weight, 1);
  EXPECT_EQ((*rows)[2].question_key, "satisfaction");
}

TEST_F(SurveysRepoTest, ALabelThatIsANumberWinsOverTheLevelNumber) {
  ASSERT_TRUE(import_survey_questions(
      *db, admin, table(std::string(kQuestionHeader) + "score,Score,0|1|2|3,1,\n")));
  ASSERT_TRUE(
      import_survey_responses(*db, admin,
                              table(std::string(kResponseHeader) + "r1,Leeds,2023-24,score,1,\n"
                                                                   "r2,Leeds,2023-24,score,4,\n")));
  auto rows = survey_responses_for_body(*db, leeds.id);
  ASSERT_TRUE(rows && rows->size() == 2);
  EXPECT_EQ((*rows)[0].level, 2);  // the label "1" is the second level
  EXPECT_EQ((*rows)[1].level, 4);  // "4" is no label: the fourth level
}

TEST_F(SurveysRepoTest, ImportResponsesListsEveryProblemWithoutRespondentIds) {
  add_satisfaction();
  auto r =
      import_survey_responses(*db, admin,
                              table(std::string(kResponseHeader) +
                                    "resp-secret-1,Leeds,2023-24,satisfaction,5,\n"     // 2 ok
                                    "resp-secret-2,Nowhere,2023-24,nope,5,\n"           // 3: two
                                    "resp-secret-3,Leeds,2023-25,satisfaction,6,\n"     // 4: two
                                    ",Leeds,2023-24,satisfaction,Happy,0\n"             // 5: three
                                    "resp-secret-4,Leeds,2023-24,satisfaction,,x\n"     // 6: two
                                    "resp-secret-1,Leeds,2023-24,satisfaction,4,\n"));  // 7 dup
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_TRUE(has_detail(e, "survey.csv:3:body", "Nowhere")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:3:question", "'nope' is not stored")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:4:period", "2023-25")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:4:answer", "nor a number 1-5")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:5:respondent", "empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:5:answer", "'Happy'")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:5:weight", "positive")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:6:answer", "empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:6:weight", "not a number")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "survey.csv:7:respondent", "line 2")) << e.to_text();
  EXPECT_EQ(e.details.size(), 10u) << e.to_text();
  EXPECT_EQ(e.to_text().find("resp-secret"), std::string::npos) << e.to_text();
  EXPECT_EQ(count("survey_responses"), 0);
}

TEST_F(SurveysRepoTest, ReImportIsUnchangedAndTheAuditHasCountsButNoRespondentIds) {
  add_satisfaction();
  const std::string text = std::string(kResponseHeader) +
                           "resp-secret-1,Leeds,2023-24,satisfaction,5,\n"
                           "resp-secret-2,Leeds,2023-24,satisfaction,4,2\n";
  auto first = import_survey_responses(*db, admin, table(text));
  ASSERT_TRUE(first) << first.error().to_text();
  EXPECT_EQ(first->inserted, 2);
  const int64_t g = generation();
  auto again = import_survey_responses(*db, admin, table(text));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(generation(), g);
  auto changed = import_survey_responses(
      *db, admin,
      table(std::string(kResponseHeader) + "resp-secret-2,Leeds,2023-24,satisfaction,4,3\n"));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(generation(), g + 1);
  AuditFilter f;
  f.limit = 1000;
  auto entries = list_audit(*db, f);
  ASSERT_TRUE(entries);
  int imports = 0;
  for (const auto& e : *entries) {
    EXPECT_EQ(e.after.dump().find("resp-secret"), std::string::npos) << e.after.dump();
    if (e.action == "survey_responses.import") ++imports;
  }
  EXPECT_EQ(imports, 3);
  EXPECT_EQ(last_audit().after["updated"], 1);
}

TEST_F(SurveysRepoTest, BodyLeadsImportResponsesForTheirOwnBodyOnly) {
  add_satisfaction();
  const Actor lead = add_actor("lead", Role::body_lead, york.id);
  auto r = import_survey_responses(
      *db, lead, table(std::string(kResponseHeader) + "r1,Leeds,2023-24,satisfaction,5,\n"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
  EXPECT_EQ(r.error().where, "survey.csv:2:body");
  ASSERT_TRUE(import_survey_responses(
      *db, lead, table(std::string(kResponseHeader) + "r1,York,2023-24,satisfaction,5,\n")));
}

TEST_F(SurveysRepoTest, ResponsesNeedTheirColumns) {
  auto r = import_survey_responses(*db, admin,
                                   table("respondent,body,period,answer\nr,Leeds,2023-24,1\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_detail(r.error(), "survey.csv:1:question", "missing")) << r.error().to_text();
}

}  // namespace
}  // namespace pvf::store
