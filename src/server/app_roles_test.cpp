// The whole role x endpoint matrix: for every API route and every role, the server refuses
// exactly the roles the route does not allow (403), and without a session every non-public
// route answers 401.
#include <regex>

#include <gtest/gtest.h>

#include "server/test_fixture.h"

namespace pvf::server::testing {
namespace {

using nlohmann::json;

bool takes_csv(const std::string& pattern) {
  return pattern == "/api/v1/bodies/import" || pattern == "/api/v1/imports/{kind}" ||
         pattern == "/api/v1/sharing-agreements/{id}/datasets";
}

class RoleMatrixTest : public AppFixture {
 protected:
  int64_t action_id_ = 0;

  void SetUp() override {
    AppFixture::SetUp();
    auto admin = login("admin");
    auto a = call("POST", "/api/v1/assessments/" + std::to_string(draft_id_) + "/actions",
                  json{{"area", area_keys_[0]}, {"title", "An action"}}.dump(), &admin);
    ASSERT_EQ(a.status, 201) << a.body;
    action_id_ = body_json(a)["id"].get<int64_t>();
  }

  std::string concrete(const std::string& pattern) const {
    std::string path = pattern;
    auto replace = [&](const std::string& from, const std::string& to) {
      if (auto p = path.find(from); p != std::string::npos) path.replace(p, from.size(), to);
    };
    if (pattern.rfind("/api/v1/assessments/{id}", 0) == 0) replace("{id}", std::to_string(draft_id_));
    if (pattern.rfind("/api/v1/bodies/{id}", 0) == 0) replace("{id}", std::to_string(leeds_id_));
    if (pattern.rfind("/api/v1/frameworks/{id}", 0) == 0) replace("{id}", std::to_string(framework_id_));
    if (pattern.rfind("/api/v1/actions/{id}", 0) == 0) replace("{id}", std::to_string(action_id_));
    if (pattern.rfind("/api/v1/comparison-groups/{id}", 0) == 0) replace("{id}", "1");
    if (pattern.rfind("/api/v1/goals/{id}", 0) == 0) replace("{id}", "1");
    replace("{key}", "IND1");
    // goals: the one kind every importing role may send (body leads only for their body).
    replace("{kind}", "goals");
    replace("{area}", area_keys_[0]);
    if (pattern == "/api/v1/scorecards") path += "?framework=" + std::to_string(framework_id_) + "&period=2025-26";
    return path;
  }

  // A plausible body for each write, so an allowed role gets past the role check.
  std::string body_for(const std::string& method, const std::string& pattern) const {
    if (pattern == "/api/v1/session" && method == "POST")
      return json{{"username", "viewer"}, {"password", "viewer-password-1"}}.dump();
    if (pattern == "/api/v1/bodies" || pattern == "/api/v1/bodies/{id}")
      return json{{"name", "Leeds"}, {"type", "council"}, {"code", "E08000035"}}.dump();
    if (pattern == "/api/v1/bodies/import") return "name,code,type\nLeeds,E08000035,council\n";
    if (pattern == "/api/v1/assessments")
      return json{{"body_id", leeds_id_}, {"framework_id", framework_id_}, {"period", "2030-31"}}.dump();
    if (pattern.find("/ratings/") != std::string::npos) return json{{"level", 2}}.dump();
    // draft -> agreed is no move at all (409 for everyone the endpoint admits), so the workflow
    // rule on who may submit does not mask the endpoint check.
    if (pattern.find("/transitions") != std::string::npos) return json{{"to", "agreed"}}.dump();
    if (pattern.find("/comments") != std::string::npos)
      return json{{"area", area_keys_[0]}, {"text", "A comment"}}.dump();
    if (pattern.find("/actions") != std::string::npos)
      return json{{"area", area_keys_[0]}, {"title", "An action"}}.dump();
    if (pattern == "/api/v1/indicators/{key}")
      return json{{"name", "An indicator"}, {"polarity", "higher"}}.dump();
    if (pattern.rfind("/api/v1/comparison-groups", 0) == 0)
      return json{{"name", "A group"}, {"members", {leeds_id_}}}.dump();
    if (pattern.rfind("/api/v1/goals", 0) == 0)
      return json{{"key", "g1"}, {"body_id", leeds_id_}, {"indicator", "IND1"},
                  {"baseline_period", "2020-21"}, {"baseline_value", 1}, {"target_period", "2024-25"},
                  {"target_value", 2}}.dump();
    if (pattern == "/api/v1/imports/{kind}")
      return "goal,body,indicator,baseline_period,baseline_value,target_period,target_value\n";
    if (pattern == "/api/v1/sharing-agreements/{id}/datasets") return "unique_id\np1\n";
    if (pattern == "/api/v1/users")
      return json{{"username", "new-user"}, {"role", "viewer"}, {"password", "long-enough-password"}}.dump();
    return "{}";
  }
};

TEST_F(RoleMatrixTest, EveryRouteAdmitsExactlyItsRoles) {
  ASSERT_GE(app_->routes().size(), 25u);
  int checked = 0;
  for (Role role : kAllRoles) {
    const std::string username(to_string(role));
    Client client = login(username);
    for (const auto& route : app_->routes()) {
      if (route.access.kind == Access::Kind::public_) continue;
      const std::string path = concrete(route.pattern);
      Response r = call(route.method, path, body_for(route.method, route.pattern), &client,
                        true, takes_csv(route.pattern) ? "text/csv" : "application/json");
      const bool allowed = route.access.allows(role);
      const auto code = body_json(r).is_object() && body_json(r).contains("error")
                            ? body_json(r)["error"].value("code", "")
                            : std::string();
      SCOPED_TRACE(username + " " + route.method + " " + path + " -> " + std::to_string(r.status) +
                   " " + r.body.substr(0, 200));
      if (allowed) {
        EXPECT_NE(code, "forbidden");
        EXPECT_NE(r.status, 401);
        EXPECT_LT(r.status, 500);
      } else {
        EXPECT_EQ(r.status, 403);
        EXPECT_EQ(code, "forbidden");
      }
      ++checked;
      if (route.method == "DELETE" && route.pattern == "/api/v1/session") client = login(username);
    }
  }
  EXPECT_GT(checked, 100);
}

TEST_F(RoleMatrixTest, ViewerIsReadOnlyEverywhere) {
  for (const auto& route : app_->routes()) {
    const bool write = route.method != "GET";
    const bool own_session = route.pattern == "/api/v1/session";
    // Anyone may cancel a job of their own (others' jobs are 404); a viewer can start none.
    const bool own_job = route.pattern == "/api/v1/jobs/{id}";
    if (write && !own_session && !own_job) {
      EXPECT_FALSE(route.access.allows(Role::viewer)) << route.method << " " << route.pattern;
    }
  }
}

TEST_F(RoleMatrixTest, EveryNonPublicRouteNeedsASession) {
  for (const auto& route : app_->routes()) {
    if (route.access.kind == Access::Kind::public_) continue;
    Response r = call(route.method, concrete(route.pattern), body_for(route.method, route.pattern),
                      nullptr, true,
                      takes_csv(route.pattern) ? "text/csv" : "application/json");
    EXPECT_EQ(r.status, 401) << route.method << " " << route.pattern;
  }
}

TEST_F(RoleMatrixTest, OnlyHealthAndSignInArePublic) {
  std::vector<std::string> publics;
  for (const auto& route : app_->routes())
    if (route.access.kind == Access::Kind::public_) publics.push_back(route.method + " " + route.pattern);
  EXPECT_EQ(publics, (std::vector<std::string>{"GET /api/v1/health", "POST /api/v1/session"}));
}

}  // namespace
}  // namespace pvf::server::testing
