#include <gtest/gtest.h>

#include <algorithm>

#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

csv::Table table(const std::string& text) {
  auto t = csv::parse(text, "bodies.csv");
  EXPECT_TRUE(t) << t.error().to_text();
  return t ? *t : csv::Table{};
}

bool has_detail(const Error& e, const std::string& where, const std::string& fragment = "") {
  return std::any_of(e.details.begin(), e.details.end(), [&](const ErrorDetail& d) {
    return d.where == where && d.message.find(fragment) != std::string::npos;
  });
}

TEST_F(StoreTest, CreateBodyStoresNormalisedFieldsAndAuditsIt) {
  auto b =
      create_body(*db, admin, BodyInput{" E08000035 ", "  Leeds City Council ", "Council", "", {}});
  ASSERT_TRUE(b) << b.error().to_text();
  EXPECT_EQ(b->name, "Leeds City Council");
  EXPECT_EQ(b->type, "council");
  EXPECT_EQ(b->code, "E08000035");
  EXPECT_FALSE(b->region);
  EXPECT_EQ(b->created_at, b->updated_at);
  EXPECT_EQ(audit_count(), 1);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "body.create");
  EXPECT_EQ(e.entity, "body");
  EXPECT_EQ(e.entity_id, std::to_string(b->id));
  EXPECT_TRUE(e.before.is_null());
  EXPECT_EQ(e.after, to_json(*b));
  auto j = to_json(*b);
  EXPECT_TRUE(j["region"].is_null());
  EXPECT_TRUE(j["parent_id"].is_null());
}

TEST_F(StoreTest, CreateBodyRefusesUnknownTypeAndMissingName) {
  auto bad_type = create_body(*db, admin, BodyInput{{}, "X", "planet", {}, {}});
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(bad_type.error().where, "type");
  EXPECT_NE(bad_type.error().message.find("department"), std::string::npos);
  auto no_name = create_body(*db, admin, BodyInput{{}, "   ", "council", {}, {}});
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().where, "name");
  EXPECT_EQ(count("bodies"), 0);
  EXPECT_EQ(audit_count(), 0);
}

TEST_F(StoreTest, CreateBodyRefusesDuplicateNameAndCode) {
  add_body("Leeds", "E1");
  auto same_name = create_body(*db, admin, BodyInput{"E2", "Leeds", "council", {}, {}});
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().code, ErrorCode::conflict);
  EXPECT_EQ(same_name.error().where, "name");
  auto same_code = create_body(*db, admin, BodyInput{"E1", "York", "council", {}, {}});
  ASSERT_FALSE(same_code);
  EXPECT_EQ(same_code.error().code, ErrorCode::conflict);
  EXPECT_EQ(same_code.error().where, "code");
  EXPECT_EQ(count("bodies"), 1);
  EXPECT_EQ(audit_count(), 1);
}

TEST_F(StoreTest, ParentMustExist) {
  auto b = create_body(*db, admin, BodyInput{{}, "Orphan", "agency", {}, 42});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(b.error().where, "parent_id");
}

TEST_F(StoreTest, UpdateBodyRefusesAParentLoop) {
  const Body dept = add_body("Department", "D", std::nullopt, "department");
  const Body agency = add_body("Agency", "A", dept.id, "agency");
  const Body unit = add_body("Unit", "U", agency.id, "programme");
  auto looped =
      update_body(*db, admin, dept.id, BodyInput{"D", "Department", "department", {}, unit.id});
  ASSERT_FALSE(looped);
  EXPECT_EQ(looped.error().where, "parent_id");
  EXPECT_NE(looped.error().message.find("loop"), std::string::npos);
  auto self =
      update_body(*db, admin, dept.id, BodyInput{"D", "Department", "department", {}, dept.id});
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().where, "parent_id");
  auto stored = get_body(*db, dept.id);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->parent_id);
}

TEST_F(StoreTest, UpdateBodyKeepsCreatedAtAndAuditsBeforeAndAfter) {
  const Body b = add_body("Leeds", "E1");
  const int64_t before_audits = audit_count();
  auto u = update_body(*db, admin, b.id, BodyInput{"E1", "Leeds City", "council", "Yorkshire", {}});
  ASSERT_TRUE(u) << u.error().to_text();
  EXPECT_EQ(u->created_at, b.created_at);
  EXPECT_EQ(u->name, "Leeds City");
  EXPECT_EQ(u->region, "Yorkshire");
  EXPECT_EQ(audit_count(), before_audits + 1);
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "body.update");
  EXPECT_EQ(e.before["name"], "Leeds");
  EXPECT_EQ(e.after["name"], "Leeds City");
  // The same content again changes nothing and is not audited.
  auto again =
      update_body(*db, admin, b.id, BodyInput{"E1", "Leeds City", "council", "Yorkshire", {}});
  ASSERT_TRUE(again);
  EXPECT_EQ(audit_count(), before_audits + 1);
}

TEST_F(StoreTest, UpdateMissingBodyIsNotFound) {
  auto u = update_body(*db, admin, 99, BodyInput{{}, "X", "council", {}, {}});
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, ErrorCode::not_found);
  auto g = get_body(*db, 99);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::not_found);
}

TEST_F(StoreTest, ListBodiesFiltersByTypeAndSearch) {
  add_body("Leeds City Council", "E08000035");
  add_body("York Council", "E06000014");
  add_body("Department for Education", "DFE", std::nullopt, "department");
  add_body("100% Club", "C_1", std::nullopt, "other");
  auto all = list_bodies(*db);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 4u);
  EXPECT_EQ(all->front().name, "100% Club");  // by name
  auto councils = list_bodies(*db, BodyFilter{"council", {}});
  ASSERT_TRUE(councils);
  EXPECT_EQ(councils->size(), 2u);
  auto leeds = list_bodies(*db, BodyFilter{{}, "leeds"});
  ASSERT_TRUE(leeds);
  ASSERT_EQ(leeds->size(), 1u);
  EXPECT_EQ(leeds->front().code, "E08000035");
  auto by_code = list_bodies(*db, BodyFilter{{}, "e0600"});
  ASSERT_TRUE(by_code);
  ASSERT_EQ(by_code->size(), 1u);
  EXPECT_EQ(by_code->front().name, "York Council");
  auto percent = list_bodies(*db, BodyFilter{{}, "%"});
  ASSERT_TRUE(percent);
  ASSERT_EQ(percent->size(), 1u);  // a literal %, not a wildcard
  auto found = find_body_by_code(*db, "DFE");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->type, "department");
  auto missing = find_body_by_code(*db, "nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(StoreTest, ImportCreatesBodiesWithParentsDefinedLaterInTheFile) {
  auto t = table(
      "name,code,type,region,parent_code\n"
      "Leeds Schools Programme,LSP,programme,Yorkshire,E08000035\n"
      "Leeds City Council,E08000035,council,Yorkshire,MHCLG\n"
      "Ministry of Housing,MHCLG,department,,\n");
  auto r = import_bodies(*db, admin, t);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->created, 3);
  EXPECT_EQ(r->updated, 0);
  auto lsp = find_body_by_code(*db, "LSP");
  auto leeds = find_body_by_code(*db, "E08000035");
  auto dept = find_body_by_code(*db, "MHCLG");
  ASSERT_TRUE(lsp && *lsp && leeds && *leeds && dept && *dept);
  EXPECT_EQ((*lsp)->parent_id, (*leeds)->id);
  EXPECT_EQ((*leeds)->parent_id, (*dept)->id);
  EXPECT_FALSE((*dept)->parent_id);
  EXPECT_FALSE((*dept)->region);
  EXPECT_EQ(audit_count(), 3);
  AuditFilter f;
  f.entity = "body";
  f.entity_id = std::to_string((*lsp)->id);
  auto entries = list_audit(*db, f);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action, "body.create");
  EXPECT_EQ((*entries)[0].after["parent_id"], (*leeds)->id);  // the final state
}

TEST_F(StoreTest, ImportUpdatesBodiesByCodeAndAuditsEachChange) {
  const Body dept = add_body("Department", "D", std::nullopt, "department");
  const Body leeds = add_body("Leeds", "E1");
  add_body("York", "E2");
  const int64_t audits = audit_count();
  auto t = table(
      "code,name,type,parent_code\n"  // no region column: regions are kept
      "E1,Leeds City Council,council,D\n"
      "E2,York,council,\n"  // unchanged
      "E3,Bradford,council,D\n");
  auto r = import_bodies(*db, admin, t);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->created, 1);
  EXPECT_EQ(r->updated, 1);
  EXPECT_EQ(audit_count(), audits + 2);
  auto updated = get_body(*db, leeds.id);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->name, "Leeds City Council");
  EXPECT_EQ(updated->parent_id, dept.id);
  EXPECT_EQ(updated->created_at, leeds.created_at);
  AuditFilter f;
  f.entity = "body";
  f.entity_id = std::to_string(leeds.id);
  auto entries = list_audit(*db, f);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "body.update");
  EXPECT_EQ((*entries)[0].before["name"], "Leeds");
  EXPECT_EQ((*entries)[0].after["name"], "Leeds City Council");
}

TEST_F(StoreTest, ImportWithBadRowsStoresNothingAndListsEveryProblem) {
  add_body("Existing Council", "EX");
  const int64_t audits = audit_count();
  auto t = table(
      "name,code,type,region,parent_code\n"
      "Good Council,G1,council,North,\n"  // line 2: fine
      ",G2,council,North,\n"              // line 3: no name
      "Planet Body,G3,planet,North,\n"    // line 4: bad type
      "Child,G4,agency,North,NOPE\n"      // line 5: unknown parent
      "Twin,G1,agency,North,\n"           // line 6: code also on line 2
      "Existing Council,,council,,\n"     // line 7: name already stored
      "Loop A,LA,agency,,LB\n"            // line 8: loop
      "Loop B,LB,agency,,LA\n");          // line 9: loop
  auto r = import_bodies(*db, admin, t);
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_EQ(e.where, "bodies.csv:3:name");
  EXPECT_NE(e.message.find("nothing was imported"), std::string::npos);
  EXPECT_TRUE(has_detail(e, "bodies.csv:3:name", "required")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bodies.csv:4:type", "planet")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bodies.csv:5:parent_code", "NOPE")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bodies.csv:6:code", "line 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bodies.csv:7:name", "already exists")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bodies.csv:8:parent_code", "loop")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "bodies.csv:9:parent_code", "loop")) << e.to_text();
  EXPECT_EQ(e.details.size(), 7u) << e.to_text();
  EXPECT_EQ(count("bodies"), 1);
  EXPECT_EQ(audit_count(), audits);
}

TEST_F(StoreTest, ImportRefusesMissingRequiredAndUnknownColumns) {
  auto r = import_bodies(*db, admin, table("name,kind,region\nLeeds,council,North\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_detail(r.error(), "bodies.csv:1:type", "missing")) << r.error().to_text();
  EXPECT_TRUE(has_detail(r.error(), "bodies.csv:1:kind", "unknown column")) << r.error().to_text();
  EXPECT_EQ(count("bodies"), 0);
}

TEST_F(StoreTest, ImportRefusesAParentLoopThroughStoredBodies) {
  const Body a = add_body("A", "A");
  add_body("B", "B", a.id);
  // Making A a child of B closes the loop A -> B -> A.
  auto r = import_bodies(*db, admin, table("name,code,type,parent_code\nA,A,council,B\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_detail(r.error(), "bodies.csv:2:parent_code", "loop")) << r.error().to_text();
  auto stored = get_body(*db, a.id);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->parent_id);
}

TEST_F(StoreTest, ImportMaySwapTwoStoredNames) {
  const Body one = add_body("One", "C1");
  const Body two = add_body("Two", "C2");
  auto r = import_bodies(*db, admin, table("name,code,type\nTwo,C1,council\nOne,C2,council\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->updated, 2);
  EXPECT_EQ(get_body(*db, one.id)->name, "Two");
  EXPECT_EQ(get_body(*db, two.id)->name, "One");
}

}  // namespace
}  // namespace pvf::store
