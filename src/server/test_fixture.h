// A test application over a fresh temporary database holding the 2017 framework, two bodies,
// one account per role, and a draft assessment for the first body.
#pragma once

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "server/app.h"

namespace pvf::server::testing {

struct Client {
  std::string cookie;  // "pvf_session=..."
  std::string csrf;
};

class AppFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Signs in (password "<username>-password-1") and returns the session.
  Client login(const std::string& username);
  Response call(const std::string& method, const std::string& target, const std::string& body = {},
                const Client* client = nullptr, bool send_csrf = true,
                const std::string& content_type = "application/json");
  nlohmann::json body_json(const Response& r) const;
  // Polls GET `location` (a job) as `who` until it finishes, at most 60 s; its last state.
  nlohmann::json wait_for_job(const std::string& location, const Client& who);

  std::string db_path_;
  std::unique_ptr<App> app_;
  int64_t framework_id_ = 0;
  int64_t leeds_id_ = 0;       // body of the body lead and assessor
  int64_t york_id_ = 0;        // another body
  int64_t draft_id_ = 0;       // Leeds, 2025-26, draft, nothing rated
  std::vector<std::string> area_keys_;  // in framework order
  std::map<std::string, Client> clients_;
};

}  // namespace pvf::server::testing
