#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::kFakeHash;
using testing::StoreTest;

TEST_F(StoreTest, CreateUserKeepsTheArgon2idHashAndAuditsWithoutIt) {
  ASSERT_TRUE(crypto::crypto_init());
  auto hash = crypto::hash_password("correct horse battery staple");
  ASSERT_TRUE(hash);
  const Body b = add_body("Leeds", "E1");
  auto u = create_user(*db, admin, "alice", " Alice Smith ", Role::body_lead, b.id, *hash);
  ASSERT_TRUE(u) << u.error().to_text();
  EXPECT_EQ(u->username, "alice");
  EXPECT_EQ(u->display_name, "Alice Smith");
  EXPECT_EQ(u->role, Role::body_lead);
  EXPECT_EQ(u->body_id, b.id);
  EXPECT_TRUE(u->active);
  auto found = find_user_with_hash(*db, "alice");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->first.id, u->id);
  EXPECT_TRUE(crypto::verify_password((*found)->second, "correct horse battery staple"));
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "user.create");
  EXPECT_EQ(e.entity_id, std::to_string(u->id));
  EXPECT_EQ(e.after["role"], "body_lead");
  EXPECT_EQ(e.after.dump().find("argon2"), std::string::npos);  // never the hash
}

TEST_F(StoreTest, DuplicateUsernameIsAConflict) {
  ASSERT_TRUE(create_user(*db, admin, "bob", "", Role::viewer, std::nullopt, kFakeHash));
  auto again = create_user(*db, admin, "Bob", "", Role::viewer, std::nullopt, kFakeHash);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(again.error().where, "username");
  EXPECT_EQ(count("users"), 1);
}

TEST_F(StoreTest, CreateUserValidatesFields) {
  auto short_name = create_user(*db, admin, "a", "", Role::viewer, std::nullopt, kFakeHash);
  ASSERT_FALSE(short_name);
  EXPECT_EQ(short_name.error().where, "username");
  auto spaced = create_user(*db, admin, "a b", "", Role::viewer, std::nullopt, kFakeHash);
  ASSERT_FALSE(spaced);
  EXPECT_EQ(spaced.error().where, "username");
  auto reserved = create_user(*db, admin, "system", "", Role::admin, std::nullopt, kFakeHash);
  ASSERT_FALSE(reserved);
  EXPECT_EQ(reserved.error().where, "username");
  auto plain = create_user(*db, admin, "carol", "", Role::viewer, std::nullopt, "hunter2");
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().where, "password_hash");
  const Body b = add_body("Leeds");
  auto analyst_with_body =
      create_user(*db, admin, "dave", "", Role::treasury_analyst, b.id, kFakeHash);
  ASSERT_FALSE(analyst_with_body);
  EXPECT_EQ(analyst_with_body.error().where, "body_id");
  auto missing_body = create_user(*db, admin, "erin", "", Role::assessor, 999, kFakeHash);
  ASSERT_FALSE(missing_body);
  EXPECT_EQ(missing_body.error().where, "body_id");
  EXPECT_EQ(count("users"), 0);
}

TEST_F(StoreTest, InactiveUsersCannotBeFoundForSignIn) {
  auto u = create_user(*db, admin, "frank", "", Role::viewer, std::nullopt, kFakeHash);
  ASSERT_TRUE(u);
  ASSERT_TRUE(db->exec("UPDATE users SET active = 0 WHERE username = 'frank'"));
  auto found = find_user_with_hash(*db, "frank");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  auto nobody = find_user_with_hash(*db, "nobody");
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(*nobody);
}

TEST_F(StoreTest, ListUsersHidesTheSystemAccount) {
  ASSERT_TRUE(create_user(*db, admin, "zed", "", Role::viewer, std::nullopt, kFakeHash));
  ASSERT_TRUE(create_user(*db, admin, "amy", "", Role::admin, std::nullopt, kFakeHash));
  // A write by the system actor creates the built-in system account.
  const Body b = add_body("Leeds");
  const auto fw = add_framework();
  add_assessment(b.id, fw.id, "2024-25");
  auto users = list_users(*db);
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].username, "amy");
  EXPECT_EQ((*users)[1].username, "zed");
  EXPECT_EQ(count("users"), 3);
  auto system = find_user_with_hash(*db, "system");
  ASSERT_TRUE(system);
  EXPECT_FALSE(*system);  // cannot sign in
}

TEST_F(StoreTest, SessionsAreFoundOnlyWhileLiveAndTheirUserIsActive) {
  auto u = create_user(*db, admin, "gina", "", Role::viewer, std::nullopt, kFakeHash);
  ASSERT_TRUE(u);
  Session s{"hash-1", u->id, "csrf-1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"};
  ASSERT_TRUE(create_session(*db, s));
  auto live = find_session(*db, "hash-1", "2026-01-01T12:00:00Z");
  ASSERT_TRUE(live && *live);
  EXPECT_EQ((*live)->first.csrf_token, "csrf-1");
  EXPECT_EQ((*live)->second.username, "gina");
  EXPECT_EQ((*live)->second.role, Role::viewer);
  auto expired = find_session(*db, "hash-1", "2026-01-02T00:00:00Z");
  ASSERT_TRUE(expired);
  EXPECT_FALSE(*expired);
  auto unknown = find_session(*db, "hash-2", "2026-01-01T12:00:00Z");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);

  auto dup = create_session(*db, s);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);

  ASSERT_TRUE(db->exec("UPDATE users SET active = 0 WHERE username = 'gina'"));
  auto inactive = find_session(*db, "hash-1", "2026-01-01T12:00:00Z");
  ASSERT_TRUE(inactive);
  EXPECT_FALSE(*inactive);
}

TEST_F(StoreTest, DeleteAndPurgeSessions) {
  auto u = create_user(*db, admin, "hal", "", Role::viewer, std::nullopt, kFakeHash);
  ASSERT_TRUE(u);
  ASSERT_TRUE(
      create_session(*db, {"old", u->id, "c", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"}));
  ASSERT_TRUE(
      create_session(*db, {"new", u->id, "c", "2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z"}));
  ASSERT_TRUE(
      create_session(*db, {"gone", u->id, "c", "2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z"}));
  ASSERT_TRUE(delete_session(*db, "gone"));
  ASSERT_TRUE(purge_expired_sessions(*db, "2026-01-02T00:00:00Z"));
  EXPECT_EQ(count("sessions"), 1);
  auto kept = find_session(*db, "new", "2026-01-02T00:00:00Z");
  ASSERT_TRUE(kept);
  EXPECT_TRUE(*kept);
}

TEST_F(StoreTest, UserJsonHasTheApiShape) {
  auto u = create_user(*db, admin, "ivy", "Ivy", Role::treasury_analyst, std::nullopt, kFakeHash);
  ASSERT_TRUE(u);
  const auto j = to_json(*u);
  EXPECT_EQ(j["username"], "ivy");
  EXPECT_EQ(j["role"], "treasury_analyst");
  EXPECT_TRUE(j["body_id"].is_null());
  EXPECT_EQ(j["active"], true);
  EXPECT_FALSE(j.contains("password_hash"));
}

TEST_F(StoreTest, BodyLeadsAndAssessorsMustWorkForABody) {
  for (Role role : {Role::body_lead, Role::assessor}) {
    auto u = create_user(*db, admin, std::string("nobody-") + std::string(to_string(role)), "", role,
                         std::nullopt, kFakeHash);
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, ErrorCode::invalid_input);
    EXPECT_EQ(u.error().where, "body_id");
  }
}

}  // namespace
}  // namespace pvf::store
