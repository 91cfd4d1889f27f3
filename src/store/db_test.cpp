#include "store/db.h"

#include <gtest/gtest.h>

#include <set>

#include "store/migrations.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;
using testing::TempDbFile;

std::set<std::string> table_names(Database& db) {
  std::set<std::string> out;
  auto st = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
  EXPECT_TRUE(st);
  while (true) {
    auto row = st->step();
    EXPECT_TRUE(row);
    if (!row || !*row) break;
    out.insert(st->text(0));
  }
  return out;
}

std::string pragma_text(Database& db, const std::string& pragma) {
  auto st = db.prepare("PRAGMA " + pragma);
  EXPECT_TRUE(st);
  auto row = st->step();
  EXPECT_TRUE(row && *row);
  std::string v = st->text(0);
  (void)st->step();
  return v;
}

TEST_F(StoreTest, MigrateCreatesEveryTable) {
  const auto tables = table_names(*db);
  for (const char* t :
       {"schema_migrations", "bodies", "users", "sessions", "audit_log", "frameworks",
        "assessments", "assessment_transitions", "ratings", "comments", "actions"})
    EXPECT_TRUE(tables.count(t)) << "missing table " << t;
  EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
  EXPECT_EQ(Database::latest_schema_version(), static_cast<int>(migrations().size()));
}

TEST_F(StoreTest, MigrateTwiceIsIdempotent) {
  add_body("Leeds City Council", "E08000035");
  ASSERT_TRUE(db->migrate());
  ASSERT_TRUE(db->migrate());
  EXPECT_EQ(db->schema_version(), Database::latest_schema_version());
  EXPECT_EQ(count("schema_migrations"), Database::latest_schema_version());
  EXPECT_EQ(count("bodies"), 1);
}

TEST(Database, FileDatabaseUsesWalAndForeignKeys) {
  TempDbFile file;
  auto db = Database::open(file.path());
  ASSERT_TRUE(db) << db.error().to_text();
  EXPECT_EQ(pragma_text(**db, "journal_mode"), "wal");
  EXPECT_EQ(pragma_text(**db, "foreign_keys"), "1");
}

TEST(Database, OpenFailureNamesThePath) {
  auto db = Database::open("/nonexistent-dir-pvf/x/y.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::io_error);
  EXPECT_EQ(db.error().where, "/nonexistent-dir-pvf/x/y.db");
}

TEST_F(StoreTest, ForeignKeysRefuseDanglingReferences) {
  auto st = db->prepare(
      "INSERT INTO assessments(body_id, framework_id, period, created_by, created_at, updated_at)"
      " VALUES (999, 999, '2024-25', 999, 'x', 'x')");
  ASSERT_TRUE(st);
  auto r = st->run();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_NE(r.error().message.find("FOREIGN KEY"), std::string::npos) << r.error().message;
  EXPECT_EQ(count("assessments"), 0);
}

TEST_F(StoreTest, TransactionRollsBackWhenTheBodyFails) {
  auto r = db->transaction([&]() -> Status {
    auto b = create_body(*db, admin, BodyInput{std::nullopt, "Kept?", "council", {}, {}});
    EXPECT_TRUE(b);
    return fail(Error::invalid("stop"));
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(count("bodies"), 0);
  EXPECT_EQ(audit_count(), 0);
}

TEST_F(StoreTest, FailedInnerWriteRollsBackTheOuterTransaction) {
  auto r = db->transaction([&]() -> Status {
    auto ok = create_body(*db, admin, BodyInput{std::nullopt, "First", "council", {}, {}});
    if (!ok) return fail(ok.error());
    auto bad = create_body(*db, admin, BodyInput{std::nullopt, "Second", "planet", {}, {}});
    if (!bad) return fail(bad.error());
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "type");
  EXPECT_EQ(count("bodies"), 0);
  EXPECT_EQ(audit_count(), 0);
}

TEST_F(StoreTest, ExceptionInsideTransactionRollsBack) {
  auto r = db->transaction([&]() -> Status {
    (void)create_body(*db, admin, BodyInput{std::nullopt, "Thrown", "council", {}, {}});
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  EXPECT_EQ(count("bodies"), 0);
}

TEST(Database, RestartKeepsData) {
  TempDbFile file;
  int64_t assessment_id = 0;
  {
    auto opened = Database::open(file.path());
    ASSERT_TRUE(opened);
    Database& db = **opened;
    ASSERT_TRUE(db.migrate());
    const Actor admin = Actor::system();
    auto body = create_body(db, admin, BodyInput{"E08000035", "Leeds", "council", "Yorkshire", {}});
    ASSERT_TRUE(body);
    auto fw = save_framework(db, admin, testing::make_framework(), "yaml");
    ASSERT_TRUE(fw);
    auto a = create_assessment(db, admin, body->id, fw->id, "2024-25");
    ASSERT_TRUE(a);
    assessment_id = a->id;
    RatingInput in;
    in.level = 3;
    in.rationale = "steady";
    ASSERT_TRUE(put_rating(db, admin, a->id, "ambition", in));
  }
  auto reopened = Database::open(file.path());
  ASSERT_TRUE(reopened);
  Database& db = **reopened;
  ASSERT_TRUE(db.migrate());
  EXPECT_EQ(db.schema_version(), Database::latest_schema_version());
  auto a = get_assessment(db, assessment_id);
  ASSERT_TRUE(a) << a.error().to_text();
  EXPECT_EQ(a->body_name, "Leeds");
  EXPECT_EQ(a->period, "2024-25");
  auto ratings = list_ratings(db, assessment_id);
  ASSERT_TRUE(ratings);
  ASSERT_EQ(ratings->size(), 1u);
  EXPECT_EQ((*ratings)[0].level, 3);
  EXPECT_EQ((*ratings)[0].rationale, "steady");
  auto fw = get_framework(db, a->framework_id);
  ASSERT_TRUE(fw);
  EXPECT_EQ(fw->definition->area_count(), 4u);
  auto audit = list_audit(db, {});
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->size(), 4u);  // body, framework, assessment, rating
}

TEST(Database, SecondConnectionSeesCommittedWrites) {
  TempDbFile file;
  auto a = Database::open(file.path());
  auto b = Database::open(file.path());
  ASSERT_TRUE(a && b);
  ASSERT_TRUE((*a)->migrate());
  ASSERT_TRUE((*b)->migrate());  // reads the schema version: must not pin b's snapshot
  // A read on b first, so a statement left active would pin b's snapshot.
  ASSERT_TRUE(list_bodies(**b));
  auto found = find_body_by_code(**b, "X1");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  ASSERT_TRUE(create_body(**a, Actor::system(), BodyInput{"X1", "Body X", "agency", {}, {}}));
  found = find_body_by_code(**b, "X1");
  ASSERT_TRUE(found);
  EXPECT_TRUE(*found);
}

TEST(Database, AWriteInsideAReadTransactionIsRefusedNotUpgraded) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db && (*db)->migrate());
  auto r = (*db)->read_transaction([&]() -> Status {
    return (*db)->transaction([&]() -> Status { return (*db)->exec("SELECT 1"); });
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  // Reads nest fine, and a write transaction may hold reads.
  EXPECT_TRUE((*db)->transaction([&]() -> Status {
    return (*db)->read_transaction([&]() -> Status { return (*db)->exec("SELECT 1"); });
  }));
}

}  // namespace
}  // namespace pvf::store
