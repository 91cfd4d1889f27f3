#include <gtest/gtest.h>

#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using framework::AssessmentStatus;
using testing::StoreTest;

class AssessmentTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    leeds = add_body("Leeds", "E1");
    york = add_body("York", "E2");
    fw = add_framework();
    lead = add_actor("lead", Role::body_lead, leeds.id);
    assessor = add_actor("assessor", Role::assessor, leeds.id);
    analyst = add_actor("analyst", Role::treasury_analyst);
    viewer = add_actor("viewer", Role::viewer);
  }

  RatingInput rating(int level) {
    RatingInput in;
    in.level = level;
    in.rationale = "because";
    return in;
  }

  Body leeds, york;
  StoredFramework fw;
  Actor lead, assessor, analyst, viewer;
};

TEST_F(AssessmentTest, CreateStoresTheCanonicalPeriodAndAuditsIt) {
  const int64_t audits = audit_count();
  auto a = create_assessment(*db, lead, leeds.id, fw.id, " 2024-25 ");
  ASSERT_TRUE(a) << a.error().to_text();
  EXPECT_EQ(a->period, "2024-25");
  EXPECT_EQ(a->status, AssessmentStatus::draft);
  EXPECT_EQ(a->body_name, "Leeds");
  EXPECT_EQ(a->framework_key, "pvf");
  EXPECT_EQ(a->framework_version, "2017");
  EXPECT_EQ(a->created_by, *lead.user_id);
  EXPECT_EQ(audit_count(), audits + 1);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "assessment.create");
  EXPECT_EQ(e.entity, "assessment");
  EXPECT_EQ(e.user_id, lead.user_id);
  EXPECT_EQ(e.after, to_json(*a));
  EXPECT_EQ(to_json(*a)["status"], "draft");
}

TEST_F(AssessmentTest, CreateNamesTheBadField) {
  auto bad_period = create_assessment(*db, admin, leeds.id, fw.id, "2024-26");
  ASSERT_FALSE(bad_period);
  EXPECT_EQ(bad_period.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bad_period.error().where, "period");
  auto no_body = create_assessment(*db, admin, 999, fw.id, "2024-25");
  ASSERT_FALSE(no_body);
  EXPECT_EQ(no_body.error().where, "body_id");
  auto no_fw = create_assessment(*db, admin, leeds.id, 999, "2024-25");
  ASSERT_FALSE(no_fw);
  EXPECT_EQ(no_fw.error().where, "framework_id");
  EXPECT_EQ(count("assessments"), 0);
}

TEST_F(AssessmentTest, DuplicateAssessmentIsAConflict) {
  add_assessment(leeds.id, fw.id, "2024-25");
  auto again = create_assessment(*db, admin, leeds.id, fw.id, "2024-25");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(count("assessments"), 1);
}

TEST_F(AssessmentTest, BodyLeadCannotTouchAnotherBodysAssessment) {
  auto create = create_assessment(*db, lead, york.id, fw.id, "2024-25");
  ASSERT_FALSE(create);
  EXPECT_EQ(create.error().code, ErrorCode::forbidden);
  const Assessment a = add_assessment(york.id, fw.id, "2024-25");
  const int64_t audits = audit_count();
  auto rate = put_rating(*db, lead, a.id, "ambition", rating(3));
  ASSERT_FALSE(rate);
  EXPECT_EQ(rate.error().code, ErrorCode::forbidden);
  auto rate2 = put_rating(*db, assessor, a.id, "ambition", rating(3));
  ASSERT_FALSE(rate2);
  EXPECT_EQ(rate2.error().code, ErrorCode::forbidden);
  rate_all(a.id, 2);
  auto submit = transition(*db, lead, a.id, AssessmentStatus::submitted, "");
  ASSERT_FALSE(submit);
  EXPECT_EQ(submit.error().code, ErrorCode::forbidden);
  EXPECT_EQ(get_assessment(*db, a.id)->status, AssessmentStatus::draft);
  EXPECT_EQ(audit_count(), audits + 4);  // only the four admin ratings
}

TEST_F(AssessmentTest, PutRatingUpsertsAndAuditsBeforeAndAfter) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25", &lead);
  RatingInput in = rating(2);
  in.confidence = "high";
  in.evidence = {{"https://example.org/report", "annual report"}, {"", "board minutes"}};
  auto first = put_rating(*db, assessor, a.id, "ambition", in);
  ASSERT_TRUE(first) << first.error().to_text();
  EXPECT_EQ(first->level, 2);
  EXPECT_EQ(first->updated_by, *assessor.user_id);
  EXPECT_EQ(first->updated_by_name, "assessor");
  ASSERT_EQ(first->evidence.size(), 2u);
  EXPECT_EQ(first->evidence[0].url, "https://example.org/report");
  AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "assessment.rate");
  EXPECT_EQ(e.entity_id, std::to_string(a.id));
  EXPECT_TRUE(e.before.is_null());
  EXPECT_EQ(e.after["level"], 2);
  EXPECT_EQ(e.after["area"], "ambition");

  const int64_t audits = audit_count();
  auto second = put_rating(*db, lead, a.id, "ambition", rating(4));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->level, 4);
  EXPECT_TRUE(second->evidence.empty());
  EXPECT_EQ(audit_count(), audits + 1);
  e = last_audit();
  EXPECT_EQ(e.before["level"], 2);
  EXPECT_EQ(e.after["level"], 4);

  auto ratings = list_ratings(*db, a.id);
  ASSERT_TRUE(ratings);
  ASSERT_EQ(ratings->size(), 1u);
  auto lv = levels(*db, a.id);
  ASSERT_TRUE(lv);
  EXPECT_EQ(lv->at("ambition"), 4);
}

TEST_F(AssessmentTest, RatingsListInFrameworkOrder) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25");
  for (const char* area : {"costs", "goals_set", "data_quality", "ambition"})
    ASSERT_TRUE(put_rating(*db, admin, a.id, area, rating(1)));
  auto ratings = list_ratings(*db, a.id);
  ASSERT_TRUE(ratings);
  std::vector<std::string> keys;
  for (const auto& r : *ratings) keys.push_back(r.area_key);
  EXPECT_EQ(keys, testing::kAreas);
}

TEST_F(AssessmentTest, UnknownAreaAndLevelOutsideTheScaleAreRefused) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25");
  const int64_t audits = audit_count();
  auto area = put_rating(*db, lead, a.id, "astrology", rating(2));
  ASSERT_FALSE(area);
  EXPECT_EQ(area.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(area.error().where, "area");
  auto level = put_rating(*db, lead, a.id, "ambition", rating(7));
  ASSERT_FALSE(level);
  EXPECT_EQ(level.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(level.error().where, "level");
  EXPECT_NE(level.error().message.find("1 (Red), 2 (Amber-Red), 3 (Amber-Green), 4 (Green)"),
            std::string::npos)
      << level.error().message;
  auto zero = put_rating(*db, lead, a.id, "ambition", rating(0));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().where, "level");
  EXPECT_EQ(count("ratings"), 0);
  EXPECT_EQ(audit_count(), audits);
}

TEST_F(AssessmentTest, ConfidenceAndEvidenceUrlsAreChecked) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25");
  RatingInput in = rating(2);
  in.confidence = "certain";
  auto conf = put_rating(*db, lead, a.id, "ambition", in);
  ASSERT_FALSE(conf);
  EXPECT_EQ(conf.error().where, "confidence");
  in = rating(2);
  in.evidence = {{"https://ok.example", ""}, {"javascript:alert(1)", "x"}};
  auto url = put_rating(*db, lead, a.id, "ambition", in);
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().where, "evidence[1].url");
  EXPECT_EQ(count("ratings"), 0);
}

TEST_F(AssessmentTest, SubmittingNeedsEveryAreaRated) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25");
  ASSERT_TRUE(put_rating(*db, lead, a.id, "ambition", rating(3)));
  ASSERT_TRUE(put_rating(*db, lead, a.id, "costs", rating(3)));
  auto submit = transition(*db, lead, a.id, AssessmentStatus::submitted, "");
  ASSERT_FALSE(submit);
  EXPECT_EQ(submit.error().code, ErrorCode::invalid_input);
  EXPECT_NE(submit.error().message.find("goals_set, data_quality"), std::string::npos)
      << submit.error().message;
  EXPECT_EQ(submit.error().details.size(), 2u);
  EXPECT_EQ(get_assessment(*db, a.id)->status, AssessmentStatus::draft);
  EXPECT_EQ(count("assessment_transitions"), 0);
}

TEST_F(AssessmentTest, IllegalMoveIsAConflictAndTheWrongRoleForbidden) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25");
  const int64_t audits = audit_count();
  auto jump = transition(*db, analyst, a.id, AssessmentStatus::agreed, "");
  ASSERT_FALSE(jump);
  EXPECT_EQ(jump.error().code, ErrorCode::conflict);
  rate_all(a.id, 3, &lead);
  auto by_viewer = transition(*db, viewer, a.id, AssessmentStatus::submitted, "");
  ASSERT_FALSE(by_viewer);
  EXPECT_EQ(by_viewer.error().code, ErrorCode::forbidden);
  ASSERT_TRUE(transition(*db, lead, a.id, AssessmentStatus::submitted, "ready"));
  auto self_agree = transition(*db, lead, a.id, AssessmentStatus::agreed, "");
  ASSERT_FALSE(self_agree);
  EXPECT_EQ(self_agree.error().code, ErrorCode::forbidden);
  EXPECT_EQ(get_assessment(*db, a.id)->status, AssessmentStatus::submitted);
  EXPECT_EQ(audit_count(), audits + 4 + 1);
}

TEST_F(AssessmentTest, WorkflowRecordsEveryMoveAndFreezesRatings) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25");
  rate_all(a.id, 2, &lead);
  auto submitted = transition(*db, lead, a.id, AssessmentStatus::submitted, "first go");
  ASSERT_TRUE(submitted) << submitted.error().to_text();
  EXPECT_EQ(submitted->status, AssessmentStatus::submitted);
  AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "assessment.transition");
  EXPECT_EQ(e.before["status"], "draft");
  EXPECT_EQ(e.after["status"], "submitted");
  EXPECT_EQ(e.after["note"], "first go");

  auto while_submitted = put_rating(*db, lead, a.id, "ambition", rating(3));
  ASSERT_FALSE(while_submitted);
  EXPECT_EQ(while_submitted.error().code, ErrorCode::conflict);
  EXPECT_NE(while_submitted.error().message.find("returned"), std::string::npos);

  ASSERT_TRUE(transition(*db, analyst, a.id, AssessmentStatus::returned, "more evidence"));
  ASSERT_TRUE(put_rating(*db, lead, a.id, "ambition", rating(3)));
  ASSERT_TRUE(transition(*db, lead, a.id, AssessmentStatus::submitted, "second go"));
  auto agreed = transition(*db, analyst, a.id, AssessmentStatus::agreed, "agreed");
  ASSERT_TRUE(agreed);
  EXPECT_EQ(agreed->status, AssessmentStatus::agreed);

  auto frozen = put_rating(*db, admin, a.id, "ambition", rating(4));
  ASSERT_FALSE(frozen);
  EXPECT_EQ(frozen.error().code, ErrorCode::conflict);
  EXPECT_EQ(frozen.error().message, "assessment is agreed and read-only");
  EXPECT_EQ(levels(*db, a.id)->at("ambition"), 3);
  auto reopen = transition(*db, admin, a.id, AssessmentStatus::draft, "");
  ASSERT_FALSE(reopen);
  EXPECT_EQ(reopen.error().code, ErrorCode::conflict);

  auto moves = list_transitions(*db, a.id);
  ASSERT_TRUE(moves);
  ASSERT_EQ(moves->size(), 4u);
  EXPECT_EQ((*moves)[0].from, AssessmentStatus::draft);
  EXPECT_EQ((*moves)[0].note, "first go");
  EXPECT_EQ((*moves)[0].username, "lead");
  EXPECT_EQ((*moves)[1].to, AssessmentStatus::returned);
  EXPECT_EQ((*moves)[1].user_id, *analyst.user_id);
  EXPECT_EQ((*moves)[3].to, AssessmentStatus::agreed);
  EXPECT_EQ(to_json((*moves)[3])["to"], "agreed");
}

TEST_F(AssessmentTest, PreviousAssessmentPicksTheLatestEarlierPeriodAcrossVersions) {
  const auto v2019 = add_framework("2019");
  const Assessment y22 = add_assessment(leeds.id, fw.id, "2022-23");
  const Assessment y23 = add_assessment(leeds.id, fw.id, "2023-24");
  const Assessment y24 = add_assessment(leeds.id, v2019.id, "2024-25");
  const Assessment y25 = add_assessment(leeds.id, v2019.id, "2025-26");
  add_assessment(york.id, fw.id, "2023-24");      // another body
  add_assessment(leeds.id, fw.id, "2024-25 Q1");  // another kind of period
  add_assessment(leeds.id, fw.id, "2021");        // another kind of period

  auto prev = previous_assessment(*db, y24);
  ASSERT_TRUE(prev) << prev.error().to_text();
  ASSERT_TRUE(*prev);
  EXPECT_EQ((*prev)->id, y23.id);  // 2017 version, same key
  prev = previous_assessment(*db, y25);
  ASSERT_TRUE(prev && *prev);
  EXPECT_EQ((*prev)->id, y24.id);
  prev = previous_assessment(*db, y22);
  ASSERT_TRUE(prev);
  EXPECT_FALSE(*prev);

  auto history = body_history(*db, leeds.id, "pvf");
  ASSERT_TRUE(history);
  std::vector<std::string> periods;
  for (const auto& a : *history) periods.push_back(a.period);
  EXPECT_EQ(periods, (std::vector<std::string>{"2022-23", "2023-24", "2024-25", "2025-26",
                                               "2024-25 Q1", "2021"}));
  auto other_key = body_history(*db, leeds.id, "nope");
  ASSERT_TRUE(other_key);
  EXPECT_TRUE(other_key->empty());
}

TEST_F(AssessmentTest, ListAssessmentsFiltersAndPagesById) {
  std::vector<int64_t> ids;
  for (const char* p : {"2020-21", "2021-22", "2022-23", "2023-24"})
    ids.push_back(add_assessment(leeds.id, fw.id, p).id);
  ids.push_back(add_assessment(york.id, fw.id, "2023-24").id);
  rate_all(ids[0], 1);
  ASSERT_TRUE(transition(*db, admin, ids[0], AssessmentStatus::submitted, ""));

  AssessmentFilter f;
  f.limit = 2;
  auto page1 = list_assessments(*db, f);
  ASSERT_TRUE(page1);
  ASSERT_EQ(page1->size(), 2u);
  EXPECT_EQ((*page1)[0].id, ids[0]);
  f.after_id = page1->back().id;
  auto page2 = list_assessments(*db, f);
  ASSERT_TRUE(page2);
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].id, ids[2]);

  AssessmentFilter by_body;
  by_body.body_id = york.id;
  EXPECT_EQ(list_assessments(*db, by_body)->size(), 1u);
  AssessmentFilter by_period;
  by_period.period = "2023-24";
  EXPECT_EQ(list_assessments(*db, by_period)->size(), 2u);
  AssessmentFilter by_status;
  by_status.status = AssessmentStatus::submitted;
  auto submitted = list_assessments(*db, by_status);
  ASSERT_EQ(submitted->size(), 1u);
  EXPECT_EQ((*submitted)[0].id, ids[0]);
  AssessmentFilter clamp;
  clamp.limit = -5;
  EXPECT_EQ(list_assessments(*db, clamp)->size(), 1u);
  clamp.limit = 5000;
  clamp.framework_id = fw.id;
  EXPECT_EQ(list_assessments(*db, clamp)->size(), 5u);
}

TEST_F(AssessmentTest, MissingAssessmentIsNotFound) {
  EXPECT_EQ(get_assessment(*db, 999).error().code, ErrorCode::not_found);
  EXPECT_EQ(put_rating(*db, admin, 999, "ambition", rating(1)).error().code, ErrorCode::not_found);
  EXPECT_EQ(transition(*db, admin, 999, AssessmentStatus::submitted, "").error().code,
            ErrorCode::not_found);
  EXPECT_EQ(levels(*db, 999).error().code, ErrorCode::not_found);
  EXPECT_EQ(list_ratings(*db, 999).error().code, ErrorCode::not_found);
}

TEST_F(AssessmentTest, SystemActorWritesAreRecordedAsTheSystemAccount) {
  const Assessment a = add_assessment(leeds.id, fw.id, "2024-25", &admin);
  auto creator = get_user(*db, a.created_by);
  ASSERT_TRUE(creator);
  EXPECT_EQ(creator->username, "system");
  EXPECT_FALSE(creator->active);
  const AuditEntry e = last_audit();
  EXPECT_FALSE(e.user_id);
  EXPECT_EQ(e.username, "admin-test");
}

TEST_F(AssessmentTest, LevelsForReadsSeveralAssessmentsAtOnce) {
  auto a = create_assessment(*db, lead, leeds.id, fw.id, "2023-24");
  auto b = create_assessment(*db, admin, york.id, fw.id, "2023-24");
  auto c = create_assessment(*db, lead, leeds.id, fw.id, "2024-25");
  ASSERT_TRUE(a && b && c);
  ASSERT_TRUE(put_rating(*db, lead, a->id, "ambition", rating(2)));
  ASSERT_TRUE(put_rating(*db, lead, a->id, "costs", rating(4)));
  ASSERT_TRUE(put_rating(*db, admin, b->id, "ambition", rating(1)));
  auto all = levels_for(*db, {a->id, b->id, c->id, 9999});
  ASSERT_TRUE(all) << all.error().to_text();
  ASSERT_EQ(all->size(), 3u);  // the unknown id is absent
  EXPECT_EQ(all->at(a->id), (framework::LevelMap{{"ambition", 2}, {"costs", 4}}));
  EXPECT_EQ(all->at(b->id), (framework::LevelMap{{"ambition", 1}}));
  EXPECT_TRUE(all->at(c->id).empty());
  EXPECT_EQ(all->at(a->id), *levels(*db, a->id));
}

TEST_F(AssessmentTest, DataGenerationMovesOnWithEveryChangeAScorecardShows) {
  auto g0 = data_generation(*db);
  ASSERT_TRUE(g0);
  auto a = create_assessment(*db, lead, leeds.id, fw.id, "2024-25");
  ASSERT_TRUE(a);
  auto g1 = data_generation(*db);
  EXPECT_GT(*g1, *g0);
  ASSERT_TRUE(put_rating(*db, lead, a->id, "ambition", rating(2)));
  auto g2 = data_generation(*db);
  EXPECT_GT(*g2, *g1);
  ASSERT_TRUE(add_comment(*db, lead, a->id, "ambition", std::nullopt, "a comment"));
  EXPECT_EQ(*data_generation(*db), *g2);  // comments are not on the scorecard
}

}  // namespace
}  // namespace pvf::store
