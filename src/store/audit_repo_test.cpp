#include <gtest/gtest.h>

#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

TEST_F(StoreTest, AppendAuditStoresEveryField) {
  Actor who;
  who.user_id = 7;
  who.username = "alice";
  ASSERT_TRUE(append_audit(*db, who, "thing.change", "thing", "12", {{"v", 1}}, {{"v", 2}}));
  const AuditEntry e = last_audit();
  EXPECT_GT(e.id, 0);
  EXPECT_EQ(e.user_id, 7);
  EXPECT_EQ(e.username, "alice");
  EXPECT_EQ(e.action, "thing.change");
  EXPECT_EQ(e.entity, "thing");
  EXPECT_EQ(e.entity_id, "12");
  EXPECT_EQ(e.before, (nlohmann::json{{"v", 1}}));
  EXPECT_EQ(e.after, (nlohmann::json{{"v", 2}}));
  EXPECT_EQ(e.at.size(), 20u);  // 2026-11-23T22:10:00Z
  const auto j = to_json(e);
  EXPECT_EQ(j["username"], "alice");
  EXPECT_EQ(j["before"]["v"], 1);
}

TEST_F(StoreTest, SystemActorIsAuditedWithoutUserId) {
  ASSERT_TRUE(append_audit(*db, Actor::system(), "x.create", "x", "1", nullptr, {{"a", 1}}));
  const AuditEntry e = last_audit();
  EXPECT_FALSE(e.user_id);
  EXPECT_EQ(e.username, "system");
  EXPECT_TRUE(e.before.is_null());
  EXPECT_TRUE(to_json(e)["user_id"].is_null());
}

TEST_F(StoreTest, ListAuditIsNewestFirstWithCursorAndFilters) {
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(append_audit(*db, admin, "x.create", i % 2 ? "odd" : "even", std::to_string(i),
                             nullptr, {{"i", i}}));
  AuditFilter page;
  page.limit = 2;
  auto first = list_audit(*db, page);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].entity_id, "5");
  EXPECT_EQ((*first)[1].entity_id, "4");
  page.before_id = first->back().id;
  auto second = list_audit(*db, page);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ((*second)[0].entity_id, "3");

  AuditFilter odd;
  odd.entity = "odd";
  auto odds = list_audit(*db, odd);
  ASSERT_TRUE(odds);
  EXPECT_EQ(odds->size(), 3u);
  odd.entity_id = "3";
  odds = list_audit(*db, odd);
  ASSERT_TRUE(odds);
  ASSERT_EQ(odds->size(), 1u);
  EXPECT_EQ((*odds)[0].after["i"], 3);
}

TEST_F(StoreTest, ListAuditClampsTheLimit) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(append_audit(*db, admin, "x.create", "x", std::to_string(i), nullptr, {}));
  AuditFilter f;
  f.limit = 0;
  auto one = list_audit(*db, f);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);
  f.limit = 1000000;
  auto all = list_audit(*db, f);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(StoreTest, AuditLogRefusesUpdateAndDelete) {
  ASSERT_TRUE(append_audit(*db, admin, "x.create", "x", "1", nullptr, {{"a", 1}}));
  auto upd = db->exec("UPDATE audit_log SET username = 'mallory'");
  ASSERT_FALSE(upd);
  EXPECT_EQ(upd.error().code, ErrorCode::conflict);
  EXPECT_NE(upd.error().message.find("append-only"), std::string::npos);
  auto del = db->exec("DELETE FROM audit_log");
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::conflict);
  EXPECT_EQ(audit_count(), 1);
  EXPECT_EQ(last_audit().username, "admin-test");
}

}  // namespace
}  // namespace pvf::store
