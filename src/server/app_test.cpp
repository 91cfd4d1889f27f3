#include <gtest/gtest.h>

#include "server/test_fixture.h"

namespace pvf::server::testing {
namespace {

using nlohmann::json;

class ApiTest : public AppFixture {
 protected:
  std::string rating(int level, const std::string& rationale = "evidence") {
    return json{{"level", level}, {"rationale", rationale}, {"confidence", "high"}}.dump();
  }
  std::string assessment_path() const { return "/api/v1/assessments/" + std::to_string(draft_id_); }
  // Rates every area with `level_of(i)` as `who`.
  void rate_all(const Client& who, const std::function<int(size_t)>& level_of) {
    for (size_t i = 0; i < area_keys_.size(); ++i) {
      auto r = call("PUT", assessment_path() + "/ratings/" + area_keys_[i], rating(level_of(i)), &who);
      ASSERT_EQ(r.status, 200) << area_keys_[i] << ": " << r.body;
    }
  }
  void expect_error(const Response& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
    EXPECT_TRUE(j["error"]["details"].is_array());
  }
  size_t rating_count() {
    auto admin = login("admin");
    return json::parse(call("GET", assessment_path(), "", &admin).body)["ratings"].size();
  }
};

TEST_F(ApiTest, HealthIsPublicAndReportsSchemaVersion) {
  auto r = call("GET", "/api/v1/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(body_json(r)["status"], "ok");
  EXPECT_GE(body_json(r)["schema_version"].get<int>(), 1);
}

TEST_F(ApiTest, SignInSetsHttpOnlyStrictCookieAndReturnsCsrfToken) {
  auto r = call("POST", "/api/v1/session", json{{"username", "viewer"}, {"password", "viewer-password-1"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto cookie = r.header("Set-Cookie").value_or("");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(body_json(r)["user"]["role"], "viewer");
  EXPECT_EQ(body_json(r)["csrf_token"].get<std::string>().size(), 43u);
}

TEST_F(ApiTest, WrongPasswordIsRefusedWithoutSayingWhichPartIsWrong) {
  expect_error(call("POST", "/api/v1/session", json{{"username", "viewer"}, {"password", "nope"}}.dump()),
               401, "invalid_credentials");
  expect_error(call("POST", "/api/v1/session", json{{"username", "ghost"}, {"password", "nope"}}.dump()),
               401, "invalid_credentials");
}

TEST_F(ApiTest, EndpointsNeedASession) {
  expect_error(call("GET", "/api/v1/bodies"), 401, "unauthenticated");
  Client forged{"pvf_session=not-a-real-token", "x"};
  expect_error(call("GET", "/api/v1/bodies", "", &forged), 401, "unauthenticated");
}

TEST_F(ApiTest, SignOutEndsTheSession) {
  auto c = login("viewer");
  EXPECT_EQ(call("DELETE", "/api/v1/session", "", &c).status, 204);
  expect_error(call("GET", "/api/v1/session", "", &c), 401, "unauthenticated");
}

TEST_F(ApiTest, WriteWithoutCsrfTokenIsRefusedAndChangesNothing) {
  auto lead = login("body_lead");
  auto r = call("PUT", assessment_path() + "/ratings/" + area_keys_[0], rating(3), &lead, false);
  expect_error(r, 403, "csrf_failed");
  EXPECT_EQ(rating_count(), 0u);
}

TEST_F(ApiTest, MalformedJsonIs400AndChangesNothing) {
  auto lead = login("body_lead");
  expect_error(call("PUT", assessment_path() + "/ratings/" + area_keys_[0], "{\"level\": 3,", &lead),
               400, "invalid_input");
  EXPECT_EQ(rating_count(), 0u);
}

TEST_F(ApiTest, UnknownAreaIsRefusedWithTheFieldNamed) {
  auto lead = login("body_lead");
  auto r = call("PUT", assessment_path() + "/ratings/no_such_area", rating(3), &lead);
  expect_error(r, 422, "invalid_input");
  EXPECT_NE(r.body.find("no_such_area"), std::string::npos);
  EXPECT_EQ(rating_count(), 0u);
}

TEST_F(ApiTest, LevelOutsideTheScaleIsRefused) {
  auto lead = login("body_lead");
  for (int level : {0, 5, -1}) {
    expect_error(call("PUT", assessment_path() + "/ratings/" + area_keys_[0], rating(level), &lead),
                 422, "invalid_input");
  }
  expect_error(call("PUT", assessment_path() + "/ratings/" + area_keys_[0],
                    json{{"level", "high"}}.dump(), &lead),
               422, "invalid_input");
  EXPECT_EQ(rating_count(), 0u);
}

TEST_F(ApiTest, UnknownFieldsAreRefusedSoTyposDoNotPassSilently) {
  auto lead = login("body_lead");
  auto r = call("PUT", assessment_path() + "/ratings/" + area_keys_[0],
                json{{"level", 3}, {"rationlae", "typo"}}.dump(), &lead);
  expect_error(r, 422, "invalid_input");
  EXPECT_NE(r.body.find("rationlae"), std::string::npos);
}

TEST_F(ApiTest, SubmittingWithUnratedAreasListsThem) {
  auto lead = login("body_lead");
  auto r = call("POST", assessment_path() + "/transitions", json{{"to", "submitted"}}.dump(), &lead);
  expect_error(r, 422, "invalid_input");
  EXPECT_NE(r.body.find(area_keys_.back()), std::string::npos);
}

TEST_F(ApiTest, IllegalTransitionIsAConflict) {
  auto analyst = login("treasury_analyst");
  expect_error(call("POST", assessment_path() + "/transitions", json{{"to", "agreed"}}.dump(), &analyst),
               409, "conflict");
}

TEST_F(ApiTest, WholeWorkflowEndsReadOnlyWithHistoryAndScores) {
  auto lead = login("body_lead");
  // Levels 1,2,3,4,1,2,... give hand-computable pillar means.
  rate_all(lead, [](size_t i) { return static_cast<int>(i % 4) + 1; });
  auto submitted = call("POST", assessment_path() + "/transitions",
                        json{{"to", "submitted"}, {"note", "ready"}}.dump(), &lead);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(body_json(submitted)["status"], "submitted");
  EXPECT_FALSE(body_json(submitted)["editable"].get<bool>());

  // The body lead may not agree its own assessment.
  expect_error(call("POST", assessment_path() + "/transitions", json{{"to", "agreed"}}.dump(), &lead),
               403, "forbidden");

  auto analyst = login("treasury_analyst");
  auto detail = body_json(call("GET", assessment_path(), "", &analyst));
  EXPECT_EQ(detail["allowed_transitions"], json::array({"agreed", "returned"}));
  auto agreed = call("POST", assessment_path() + "/transitions", json{{"to", "agreed"}}.dump(), &analyst);
  ASSERT_EQ(agreed.status, 200) << agreed.body;
  auto history = body_json(agreed)["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["username"], "body_lead");
  EXPECT_EQ(history[0]["note"], "ready");
  EXPECT_EQ(history[1]["to"], "agreed");
  EXPECT_EQ(history[1]["username"], "treasury_analyst");

  expect_error(call("PUT", assessment_path() + "/ratings/" + area_keys_[0], rating(4), &lead), 409,
               "conflict");

  auto card = body_json(call("GET", assessment_path() + "/scorecard", "", &analyst));
  ASSERT_TRUE(card["scorecard"].is_object()) << card.dump();
  EXPECT_TRUE(card["scorecard"]["complete"].get<bool>());
  // Pillar 1 has 3 areas rated 1,2,3 -> mean 2.
  EXPECT_DOUBLE_EQ(card["scorecard"]["pillars"][0]["score"].get<double>(), 2.0);
  // Pillar 2 has 4 areas rated 4,1,2,3 -> mean 2.5.
  EXPECT_DOUBLE_EQ(card["scorecard"]["pillars"][1]["score"].get<double>(), 2.5);
  EXPECT_TRUE(card["previous"].is_null());
  EXPECT_EQ(card["history"].size(), 1u);
}

TEST_F(ApiTest, BodyLeadCannotTouchAnotherBodysAssessment) {
  auto admin = login("admin");
  auto york = call("POST", "/api/v1/assessments",
                   json{{"body_id", york_id_}, {"framework_id", framework_id_}, {"period", "2025-26"}}.dump(),
                   &admin);
  ASSERT_EQ(york.status, 201) << york.body;
  auto lead = login("body_lead");
  const std::string path = "/api/v1/assessments/" + std::to_string(body_json(york)["id"].get<int64_t>());
  expect_error(call("PUT", path + "/ratings/" + area_keys_[0], rating(2), &lead), 403, "forbidden");
  EXPECT_TRUE(body_json(call("GET", path, "", &lead))["allowed_transitions"].empty());
}

TEST_F(ApiTest, DuplicateAssessmentIsAConflict) {
  auto admin = login("admin");
  expect_error(call("POST", "/api/v1/assessments",
                    json{{"body_id", leeds_id_}, {"framework_id", framework_id_}, {"period", "2025-26"}}.dump(),
                    &admin),
               409, "conflict");
}

TEST_F(ApiTest, BadPeriodIsRefused) {
  auto admin = login("admin");
  auto r = call("POST", "/api/v1/assessments",
                json{{"body_id", leeds_id_}, {"framework_id", framework_id_}, {"period", "2025-27"}}.dump(),
                &admin);
  expect_error(r, 422, "invalid_input");
}

TEST_F(ApiTest, CommentsAndActionsArePerAreaAndActionsCanBeFollowedUpAfterAgreement) {
  auto lead = login("body_lead");
  auto analyst = login("treasury_analyst");
  auto c = call("POST", assessment_path() + "/comments",
                json{{"area", area_keys_[0]}, {"text", "What evidence supports level 3?"}}.dump(), &analyst);
  ASSERT_EQ(c.status, 201) << c.body;
  auto reply = call("POST", assessment_path() + "/comments",
                    json{{"area", area_keys_[0]}, {"text", "See the annual report."},
                         {"parent_id", body_json(c)["id"]}}.dump(),
                    &lead);
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto list = body_json(call("GET", assessment_path() + "/comments?area=" + area_keys_[0], "", &lead));
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][1]["parent_id"], body_json(c)["id"]);

  auto action = call("POST", assessment_path() + "/actions",
                     json{{"area", area_keys_[1]}, {"title", "Publish a benchmarking plan"},
                          {"owner", "Head of Performance"}, {"due_date", "2026-03-31"}}.dump(),
                     &analyst);
  ASSERT_EQ(action.status, 201) << action.body;
  expect_error(call("POST", assessment_path() + "/actions",
                    json{{"area", area_keys_[1]}, {"title", "x"}, {"due_date", "2026-02-30"}}.dump(), &analyst),
               422, "invalid_input");

  rate_all(lead, [](size_t) { return 3; });
  ASSERT_EQ(call("POST", assessment_path() + "/transitions", json{{"to", "submitted"}}.dump(), &lead).status, 200);
  ASSERT_EQ(call("POST", assessment_path() + "/transitions", json{{"to", "agreed"}}.dump(), &analyst).status, 200);

  expect_error(call("POST", assessment_path() + "/comments",
                    json{{"area", area_keys_[0]}, {"text", "late"}}.dump(), &analyst),
               409, "conflict");
  const std::string action_path = "/api/v1/actions/" + std::to_string(body_json(action)["id"].get<int64_t>());
  auto done = call("PATCH", action_path, json{{"status", "done"}}.dump(), &lead);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(body_json(done)["status"], "done");
}

TEST_F(ApiTest, EveryWriteLandsInTheAuditLogWithBeforeAndAfter) {
  auto lead = login("body_lead");
  ASSERT_EQ(call("PUT", assessment_path() + "/ratings/" + area_keys_[0], rating(2), &lead).status, 200);
  ASSERT_EQ(call("PUT", assessment_path() + "/ratings/" + area_keys_[0], rating(3), &lead).status, 200);
  auto admin = login("admin");
  auto log = body_json(call("GET", "/api/v1/audit?entity=assessment&entity_id=" + std::to_string(draft_id_), "", &admin));
  ASSERT_GE(log["items"].size(), 2u) << log.dump();
  const auto& latest = log["items"][0];  // newest first
  EXPECT_EQ(latest["username"], "body_lead");
  EXPECT_EQ(latest["after"]["level"], 3);
  EXPECT_EQ(latest["before"]["level"], 2);
}

TEST_F(ApiTest, UnknownApiPathIs404AndWrongMethodIs405) {
  auto c = login("viewer");
  expect_error(call("GET", "/api/v1/nothing-here", "", &c), 404, "not_found");
  auto r = call("DELETE", "/api/v1/bodies", "", &c);
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(r.header("Allow").has_value());
}

TEST_F(ApiTest, ComparisonListsEveryAssessedBodyForThePeriod) {
  auto admin = login("admin");
  ASSERT_EQ(call("POST", "/api/v1/assessments",
                 json{{"body_id", york_id_}, {"framework_id", framework_id_}, {"period", "2025-26"}}.dump(),
                 &admin).status, 201);
  auto r = call("GET", "/api/v1/scorecards?framework=pvf@2017&period=2025-26", "", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = body_json(r);
  ASSERT_EQ(j["rows"].size(), 2u);
  EXPECT_EQ(j["rows"][0]["body_name"], "Leeds");
  EXPECT_EQ(j["areas"].size(), area_keys_.size());
  auto csv = call("GET", "/api/v1/scorecards?framework=" + std::to_string(framework_id_) +
                             "&period=2025-26&format=csv", "", &admin);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type").value_or("").rfind("text/csv", 0), 0u);
  EXPECT_NE(csv.header("Content-Disposition").value_or("").find("attachment"), std::string::npos);
  expect_error(call("GET", "/api/v1/scorecards?framework=pvf@2017&period=26", "", &admin), 422,
               "invalid_input");
}

TEST_F(ApiTest, ScorecardReflectsARatingMadeAfterItWasRead) {
  auto lead = login("body_lead");
  const std::string card_path = assessment_path() + "/scorecard";
  auto before = body_json(call("GET", card_path, "", &lead));
  ASSERT_TRUE(before["scorecard"]["pillars"][0]["areas"][0]["level"].is_null()) << before.dump();
  EXPECT_EQ(body_json(call("GET", card_path, "", &lead)), before);  // served again, unchanged
  ASSERT_EQ(call("PUT", assessment_path() + "/ratings/" + area_keys_[0], rating(4), &lead).status, 200);
  auto after = body_json(call("GET", card_path, "", &lead));
  EXPECT_EQ(after["scorecard"]["pillars"][0]["areas"][0]["level"], 4);
  EXPECT_DOUBLE_EQ(after["scorecard"]["pillars"][0]["score"].get<double>(), 4.0);
}

TEST_F(ApiTest, WritesMustDeclareTheirBodyTypeSoCrossSiteFormsCannotPost) {
  // A text/plain form post can carry valid JSON; it must not sign anyone in.
  auto r = call("POST", "/api/v1/session",
                json{{"username", "viewer"}, {"password", "viewer-password-1"}}.dump(), nullptr,
                true, "text/plain");
  expect_error(r, 415, "unsupported_media_type");
  EXPECT_FALSE(r.header("Set-Cookie").has_value());
  auto admin = login("admin");
  expect_error(call("POST", "/api/v1/bodies/import", "name,type\nX,council\n", &admin, true,
                    "application/json"),
               415, "unsupported_media_type");
}

TEST_F(ApiTest, AnAgreedActionKeepsWhatWasAgreedButMayProgress) {
  auto analyst = login("treasury_analyst");
  auto lead = login("body_lead");
  auto action = call("POST", assessment_path() + "/actions",
                     json{{"area", area_keys_[1]}, {"title", "Publish a plan"}}.dump(), &analyst);
  ASSERT_EQ(action.status, 201) << action.body;
  rate_all(lead, [](size_t) { return 2; });
  ASSERT_EQ(call("POST", assessment_path() + "/transitions", json{{"to", "submitted"}}.dump(), &lead).status, 200);
  ASSERT_EQ(call("POST", assessment_path() + "/transitions", json{{"to", "agreed"}}.dump(), &analyst).status, 200);
  const std::string path = "/api/v1/actions/" + std::to_string(body_json(action)["id"].get<int64_t>());
  expect_error(call("PATCH", path, json{{"title", "Nothing to report"}}.dump(), &lead), 409, "conflict");
  EXPECT_EQ(call("PATCH", path, json{{"status", "in_progress"}}.dump(), &lead).status, 200);
}

}  // namespace
}  // namespace pvf::server::testing
