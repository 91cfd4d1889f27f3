// Shared fixture for the store's tests: a migrated in-memory database, a small framework built
// in code, and actors. Test-only.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "store/db.h"
#include "store/repositories.h"

namespace pvf::store::testing {

// A fake but well-formed argon2id hash (hashing for real is slow and not what is tested).
inline constexpr const char* kFakeHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

// Two pillars, four areas, a 1..4 scale. `version` and `extra_area` make variants.
inline framework::Framework make_framework(const std::string& version = "2017",
                                           const std::string& extra_area = "") {
  framework::Framework f;
  f.key = "pvf";
  f.version = version;
  f.title = "Public Value Framework " + version;
  f.description = "test framework";
  f.scale = {{1, "Red", ""}, {2, "Amber-Red", ""}, {3, "Amber-Green", ""}, {4, "Green", ""}};
  auto area = [](const std::string& key) {
    framework::Area a;
    a.key = key;
    a.title = "Area " + key;
    a.questions = {"Is " + key + " clear?", "Is " + key + " measured?"};
    for (int l = 1; l <= 4; ++l) a.descriptors[l] = key + " at level " + std::to_string(l);
    return a;
  };
  framework::Pillar goals{"goals", "Pursuing goals", {area("goals_set"), area("ambition")}};
  framework::Pillar inputs{"inputs", "Managing inputs", {area("data_quality"), area("costs")}};
  if (!extra_area.empty()) inputs.areas.push_back(area(extra_area));
  f.pillars = {goals, inputs};
  return f;
}

inline const std::vector<std::string> kAreas{"goals_set", "ambition", "data_quality", "costs"};

// A fresh temporary file path (removed with its -wal/-shm files by the destructor).
class TempDbFile {
 public:
  TempDbFile() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("pvf_store_test_" + std::to_string(::getpid()) + "_" +
              std::to_string(counter.fetch_add(1)) + ".db"))
                .string();
    remove();
  }
  ~TempDbFile() { remove(); }
  const std::string& path() const { return path_; }

 private:
  void remove() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path_ + suffix, ec);
  }
  std::string path_;
};

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(":memory:");
    ASSERT_TRUE(opened) << opened.error().to_text();
    db = std::move(*opened);
    auto migrated = db->migrate();
    ASSERT_TRUE(migrated) << migrated.error().to_text();
  }

  Body add_body(const std::string& name, std::optional<std::string> code = std::nullopt,
                std::optional<int64_t> parent = std::nullopt, const std::string& type = "council") {
    BodyInput in;
    in.name = name;
    in.code = std::move(code);
    in.type = type;
    in.parent_id = parent;
    auto b = create_body(*db, admin, in);
    EXPECT_TRUE(b) << b.error().to_text();
    return b ? *b : Body{};
  }

  StoredFramework add_framework(const std::string& version = "2017",
                                const std::string& extra_area = "") {
    auto f = make_framework(version, extra_area);
    auto saved = save_framework(*db, admin, f, "yaml " + version + " " + extra_area);
    EXPECT_TRUE(saved) << saved.error().to_text();
    return saved ? *saved : StoredFramework{};
  }

  // A stored user acting in `role`, optionally for a body.
  Actor add_actor(const std::string& username, Role role,
                  std::optional<int64_t> body_id = std::nullopt) {
    auto u = create_user(*db, admin, username, username, role, body_id, kFakeHash);
    EXPECT_TRUE(u) << u.error().to_text();
    Actor a;
    a.user_id = u ? std::optional<int64_t>(u->id) : std::nullopt;
    a.username = username;
    a.role = role;
    a.body_id = body_id;
    return a;
  }

  Assessment add_assessment(int64_t body_id, int64_t framework_id, const std::string& period,
                            const Actor* who = nullptr) {
    auto a = create_assessment(*db, who ? *who : admin, body_id, framework_id, period);
    EXPECT_TRUE(a) << a.error().to_text();
    return a ? *a : Assessment{};
  }

  void rate_all(int64_t assessment_id, int level, const Actor* who = nullptr) {
    for (const auto& area : kAreas) {
      RatingInput in;
      in.level = level;
      auto r = put_rating(*db, who ? *who : admin, assessment_id, area, in);
      EXPECT_TRUE(r) << r.error().to_text();
    }
  }

  int64_t audit_count() {
    auto st = db->prepare("SELECT count(*) FROM audit_log");
    EXPECT_TRUE(st);
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    const int64_t n = st->int64(0);
    (void)st->step();
    return n;
  }

  int64_t count(const std::string& table) {
    auto st = db->prepare("SELECT count(*) FROM " + table);
    EXPECT_TRUE(st) << (st ? "" : st.error().to_text());
    if (!st) return -1;
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    const int64_t n = st->int64(0);
    (void)st->step();
    return n;
  }

  AuditEntry last_audit() {
    AuditFilter f;
    f.limit = 1;
    auto entries = list_audit(*db, f);
    EXPECT_TRUE(entries && entries->size() == 1);
    return entries && !entries->empty() ? entries->front() : AuditEntry{};
  }

  std::unique_ptr<Database> db;
  Actor admin = [] {
    Actor a = Actor::system();
    a.username = "admin-test";
    return a;
  }();
};

}  // namespace pvf::store::testing
