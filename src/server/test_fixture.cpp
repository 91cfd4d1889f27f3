#include "server/test_fixture.h"

#include <chrono>
#include <thread>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "framework/framework.h"
#include "store/repositories.h"

namespace pvf::server::testing {

void AppFixture::SetUp() {
  ASSERT_TRUE(crypto::crypto_init());
  db_path_ = (std::filesystem::temp_directory_path() /
              ("pvf-app-test-" + crypto::random_token().substr(0, 12) + ".db"))
                 .string();
  {
    auto db = store::Database::open(db_path_);
    ASSERT_TRUE(db) << db.error().to_text();
    ASSERT_TRUE((*db)->migrate());
    const std::string yaml_path = std::string(PVF_SOURCE_DIR) + "/data/frameworks/pvf-2017.yaml";
    auto f = framework::load_yaml_file(yaml_path);
    ASSERT_TRUE(f) << f.error().to_text();
    std::ifstream in(yaml_path);
    std::stringstream text;
    text << in.rdbuf();
    auto saved = store::save_framework(**db, store::Actor::system(), *f, text.str());
    ASSERT_TRUE(saved) << saved.error().to_text();
    framework_id_ = saved->id;
    for (const auto& p : f->pillars)
      for (const auto& a : p.areas) area_keys_.push_back(a.key);

    auto leeds = store::create_body(**db, store::Actor::system(),
                                    {"E08000035", "Leeds", "council", "Yorkshire and The Humber", {}});
    ASSERT_TRUE(leeds) << leeds.error().to_text();
    leeds_id_ = leeds->id;
    auto york = store::create_body(**db, store::Actor::system(),
                                   {"E06000014", "York", "council", "Yorkshire and The Humber", {}});
    ASSERT_TRUE(york);
    york_id_ = york->id;

    // A cheap hash is fine for tests; the hashing itself is tested in core.
    for (Role role : kAllRoles) {
      const std::string name(to_string(role));
      auto hash = crypto::hash_password(name + "-password-1");
      ASSERT_TRUE(hash);
      std::optional<int64_t> body;
      if (role == Role::body_lead || role == Role::assessor) body = leeds_id_;
      auto u = store::create_user(**db, store::Actor::system(), name, name, role, body, *hash);
      ASSERT_TRUE(u) << u.error().to_text();
    }
    auto a = store::create_assessment(**db, store::Actor::system(), leeds_id_, framework_id_,
                                      "2025-26");
    ASSERT_TRUE(a) << a.error().to_text();
    draft_id_ = a->id;
  }
  AppConfig config;
  config.db_path = db_path_;
  app_ = std::make_unique<App>(config);
  auto s = app_->init();
  ASSERT_TRUE(s) << s.error().to_text();
}

void AppFixture::TearDown() {
  app_.reset();
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) std::filesystem::remove(db_path_ + suffix);
}

Client AppFixture::login(const std::string& username) {
  nlohmann::json body{{"username", username}, {"password", username + "-password-1"}};
  Response r = call("POST", "/api/v1/session", body.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  Client c;
  auto set_cookie = r.header("Set-Cookie").value_or("");
  c.cookie = set_cookie.substr(0, set_cookie.find(';'));
  c.csrf = nlohmann::json::parse(r.body).value("csrf_token", "");
  return c;
}

Response AppFixture::call(const std::string& method, const std::string& target,
                          const std::string& body, const Client* client, bool send_csrf,
                          const std::string& content_type) {
  std::map<std::string, std::string> headers{{"content-type", content_type}};
  if (client) {
    headers["cookie"] = client->cookie;
    if (send_csrf) headers["x-csrf-token"] = client->csrf;
  }
  Request req = Request::make(method, target, body, headers);
  return app_->handle(req);
}

nlohmann::json AppFixture::body_json(const Response& r) const {
  return nlohmann::json::parse(r.body, nullptr, false);
}

nlohmann::json AppFixture::wait_for_job(const std::string& location, const Client& who) {
  nlohmann::json job;
  for (int i = 0; i < 6000; ++i) {
    Response r = call("GET", location, {}, &who);
    EXPECT_EQ(r.status, 200) << r.body;
    job = body_json(r);
    const std::string status = job.value("status", "");
    if (status == "succeeded" || status == "failed" || status == "cancelled") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return job;
}

}  // namespace pvf::server::testing
