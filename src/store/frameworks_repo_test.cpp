#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::make_framework;
using testing::StoreTest;

TEST_F(StoreTest, SaveFrameworkStoresDefinitionSourceAndFingerprint) {
  auto saved = save_framework(*db, admin, make_framework(), "key: pvf\n");
  ASSERT_TRUE(saved) << saved.error().to_text();
  EXPECT_EQ(saved->key, "pvf");
  EXPECT_EQ(saved->version, "2017");
  EXPECT_EQ(saved->title, "Public Value Framework 2017");
  EXPECT_EQ(saved->sha256, crypto::sha256_hex("key: pvf\n"));
  EXPECT_FALSE(saved->in_use);
  ASSERT_TRUE(saved->definition);
  EXPECT_EQ(saved->definition->area_count(), 4u);
  EXPECT_TRUE(saved->definition->find_area("ambition"));
  auto st = db->prepare("SELECT source_yaml FROM frameworks WHERE id = ?");
  ASSERT_TRUE(st);
  st->bind(1, saved->id);
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->text(0), "key: pvf\n");
  (void)st->step();
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "framework.create");
  EXPECT_EQ(e.entity, "framework");
  EXPECT_TRUE(e.before.is_null());
  EXPECT_EQ(e.after["sha256"], saved->sha256);
}

TEST_F(StoreTest, SavingTheSameFrameworkAgainChangesNothing) {
  const auto first = add_framework();
  const int64_t audits = audit_count();
  auto again = save_framework(*db, admin, make_framework(), "yaml 2017 ");
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(again->id, first.id);
  EXPECT_EQ(again->loaded_at, first.loaded_at);
  EXPECT_EQ(audit_count(), audits);
  EXPECT_EQ(count("frameworks"), 1);
}

TEST_F(StoreTest, AnUnusedFrameworkVersionMayBeReplaced) {
  const auto first = add_framework();
  auto replaced = save_framework(*db, admin, make_framework("2017", "benchmarking"), "changed");
  ASSERT_TRUE(replaced) << replaced.error().to_text();
  EXPECT_EQ(replaced->id, first.id);
  EXPECT_EQ(replaced->definition->area_count(), 5u);
  EXPECT_NE(replaced->sha256, first.sha256);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "framework.replace");
  EXPECT_EQ(e.before["sha256"], first.sha256);
  EXPECT_EQ(e.after["sha256"], replaced->sha256);
  auto fetched = get_framework(*db, first.id);
  ASSERT_TRUE(fetched);
  EXPECT_TRUE(fetched->definition->find_area("benchmarking"));
}

TEST_F(StoreTest, AUsedFrameworkVersionIsImmutable) {
  const auto fw = add_framework();
  const Body b = add_body("Leeds");
  add_assessment(b.id, fw.id, "2024-25");
  auto in_use = get_framework(*db, fw.id);
  ASSERT_TRUE(in_use);
  EXPECT_TRUE(in_use->in_use);
  const int64_t audits = audit_count();
  auto changed = save_framework(*db, admin, make_framework("2017", "benchmarking"), "changed");
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, ErrorCode::conflict);
  EXPECT_NE(changed.error().message.find("used by 1 assessment"), std::string::npos)
      << changed.error().message;
  EXPECT_NE(changed.error().message.find("new version"), std::string::npos);
  EXPECT_EQ(audit_count(), audits);
  // The schema guards it too, below the application.
  auto direct = db->exec("UPDATE frameworks SET title = 'x'");
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error().code, ErrorCode::conflict);
  // A new version is fine.
  auto next = save_framework(*db, admin, make_framework("2019", "benchmarking"), "v2019");
  ASSERT_TRUE(next) << next.error().to_text();
  EXPECT_NE(next->id, fw.id);
}

TEST_F(StoreTest, ListAndFindFrameworks) {
  add_framework("2019");
  add_framework("2017");
  auto all = list_frameworks(*db);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].version, "2017");
  EXPECT_EQ((*all)[1].version, "2019");
  auto found = find_framework(*db, "pvf", "2019");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->version, "2019");
  auto missing = find_framework(*db, "pvf", "1999");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto none = get_framework(*db, 999);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
}

TEST_F(StoreTest, ParsedDefinitionsAreCachedAndMatchTheStoredRow) {
  const auto fw = add_framework();
  auto a = get_framework(*db, fw.id);
  auto b = get_framework(*db, fw.id);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->definition.get(), b->definition.get());  // parsed once
  // Another database holding different content under the same fingerprint gets its own.
  auto other = Database::open(":memory:");
  ASSERT_TRUE(other && (*other)->migrate());
  auto saved = save_framework(**other, admin, make_framework("2017", "extra"), "yaml 2017 ");
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->sha256, fw.sha256);
  EXPECT_EQ(saved->definition->area_count(), 5u);
  auto again = get_framework(*db, fw.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->definition->area_count(), 4u);
}

TEST_F(StoreTest, InvalidDefinitionIsRefused) {
  auto f = make_framework();
  f.scale.clear();
  auto saved = save_framework(*db, admin, f, "bad");
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(count("frameworks"), 0);
}

TEST_F(StoreTest, ShippedPvf2017FrameworkLoads) {
  const std::string path = std::string(PVF_SOURCE_DIR) + "/data/frameworks/pvf-2017.yaml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not written yet";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto def = framework::parse_yaml(text.str(), "pvf-2017.yaml");
  ASSERT_TRUE(def) << def.error().to_text();
  auto saved = save_framework(*db, admin, *def, text.str());
  ASSERT_TRUE(saved) << saved.error().to_text();
  EXPECT_EQ(saved->definition->area_count(), def->area_count());
  EXPECT_EQ(framework::to_json(*saved->definition), framework::to_json(*def));
}

}  // namespace
}  // namespace pvf::store
