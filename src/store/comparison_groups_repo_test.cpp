#include <gtest/gtest.h>

#include <algorithm>

#include "store/indicators_repo.h"
#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

csv::Table table(const std::string& text, const std::string& name = "groups.csv") {
  auto t = csv::parse(text, name);
  EXPECT_TRUE(t) << t.error().to_text();
  return t ? *t : csv::Table{};
}

bool has_detail(const Error& e, const std::string& where, const std::string& fragment = "") {
  return std::any_of(e.details.begin(), e.details.end(), [&](const ErrorDetail& d) {
    return d.where == where && d.message.find(fragment) != std::string::npos;
  });
}

class GroupsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto bodies = import_bodies(
        *db, admin,
        table("name,code,type,region,subtype\n"
              "Leeds,E08000035,council,Yorkshire and The Humber,Metropolitan Districts\n"
              "Bradford,E08000032,council,Yorkshire and The Humber,Metropolitan Districts\n"
              "York,E06000014,council,Yorkshire and The Humber,Unitary Authorities\n"
              "Manchester,E08000003,council,North West,Metropolitan Districts\n"
              "Home Office,HO,department,,\n"
              "Department for Education,DFE,department,,\n",
              "bodies.csv"));
    ASSERT_TRUE(bodies) << bodies.error().to_text();
    for (auto code : {"E08000035", "E08000032", "E06000014", "E08000003", "HO", "DFE"})
      ids.push_back((*find_body_by_code(*db, code))->id);
  }
  ComparisonGroupInput input(const std::string& name, std::vector<int64_t> members) {
    ComparisonGroupInput in;
    in.name = name;
    in.members = std::move(members);
    return in;
  }
  std::vector<int64_t> ids;  // Leeds, Bradford, York, Manchester, Home Office, DfE
};

TEST_F(GroupsTest, BodySubtypeIsStoredImportedAndKeptWhenTheColumnIsAbsent) {
  auto leeds = get_body(*db, ids[0]);
  EXPECT_EQ(leeds->subtype, "Metropolitan Districts");
  EXPECT_EQ(to_json(*leeds)["subtype"], "Metropolitan Districts");
  EXPECT_TRUE(to_json(*get_body(*db, ids[4]))["subtype"].is_null());
  ASSERT_TRUE(
      import_bodies(*db, admin, table("name,code,type\nLeeds City,E08000035,council\n", "b2.csv")));
  EXPECT_EQ(get_body(*db, ids[0])->subtype, "Metropolitan Districts");
  BodyInput in{std::string("X1"), "New body",   "agency",
               std::nullopt,      std::nullopt, std::string(" Executive agency ")};
  auto created = create_body(*db, admin, in);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->subtype, "Executive agency");
}

TEST_F(GroupsTest, CreateUpdateAndDeleteKeepMembersInOrderWithAudit) {
  ComparisonGroupInput in = input(" Nearest neighbours of Leeds ", {ids[3], ids[0], ids[1]});
  in.method = "published";
  in.body_id = ids[0];
  auto g = create_comparison_group(*db, admin, in);
  ASSERT_TRUE(g) << g.error().to_text();
  EXPECT_EQ(g->name, "Nearest neighbours of Leeds");
  EXPECT_EQ(g->members, (std::vector<int64_t>{ids[3], ids[0], ids[1]}));  // as given
  ASSERT_EQ(g->member_bodies.size(), 3u);
  EXPECT_EQ(g->member_bodies[0].name, "Manchester");
  EXPECT_EQ(g->member_bodies[0].code, "E08000003");
  EXPECT_EQ(last_audit().action, "comparison_group.create");
  EXPECT_EQ(to_json(*g)["members"][0]["name"], "Manchester");
  EXPECT_EQ(to_json(*g)["body_id"], ids[0]);

  const int64_t audits = audit_count();
  auto same = update_comparison_group(*db, admin, g->id, in);
  ASSERT_TRUE(same);
  EXPECT_EQ(audit_count(), audits);  // unchanged: nothing written

  in.members = {ids[1], ids[0]};
  auto updated = update_comparison_group(*db, admin, g->id, in);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->members, (std::vector<int64_t>{ids[1], ids[0]}));
  EXPECT_EQ(last_audit().action, "comparison_group.update");
  EXPECT_EQ(last_audit().before["members"].size(), 3u);

  auto listed = list_comparison_groups(*db);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].members.size(), 2u);

  ASSERT_TRUE(delete_comparison_group(*db, admin, g->id));
  EXPECT_EQ(last_audit().action, "comparison_group.delete");
  EXPECT_EQ(count("comparison_group_members"), 0);
  EXPECT_EQ(get_comparison_group(*db, g->id).error().code, ErrorCode::not_found);
  EXPECT_EQ(delete_comparison_group(*db, admin, g->id).error().code, ErrorCode::not_found);
}

TEST_F(GroupsTest, GroupRulesNameTheField) {
  ASSERT_TRUE(create_comparison_group(*db, admin, input("Peers", {ids[0]})));
  auto dup = create_comparison_group(*db, admin, input("Peers", {ids[1]}));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_EQ(create_comparison_group(*db, admin, input(" ", {ids[0]})).error().where, "name");
  auto bad_members = create_comparison_group(*db, admin, input("G", {ids[0], 999, ids[0]}));
  ASSERT_FALSE(bad_members);
  EXPECT_TRUE(has_detail(bad_members.error(), "members[1]", "does not exist"));
  EXPECT_TRUE(has_detail(bad_members.error(), "members[2]", "twice"));
  EXPECT_TRUE(has_detail(create_comparison_group(*db, admin, input("E", {})).error(), "members"));
  ComparisonGroupInput m = input("M", {ids[0]});
  m.method = "astrology";
  EXPECT_EQ(create_comparison_group(*db, admin, m).error().where, "method");
  m.method = "manual";
  m.body_id = 999;
  EXPECT_EQ(create_comparison_group(*db, admin, m).error().where, "body_id");
  EXPECT_EQ(count("comparison_groups"), 1);
}

TEST_F(GroupsTest, ImportGroupsByCodeOrNameInPositionOrder) {
  auto r = import_groups(*db, admin,
                         table("group,body,position,description\n"
                               "Yorkshire peers,Bradford,2,Councils near Leeds\n"
                               "Yorkshire peers,E08000035,1,\n"
                               "Yorkshire peers,York,,\n"
                               "Departments,Home Office,,\n"
                               "Departments,DFE,,Two departments\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->rows, 5);
  EXPECT_EQ(r->inserted, 2);
  auto g = find_comparison_group(*db, "Yorkshire peers");
  ASSERT_TRUE(g && *g);
  // Numbered members by position, then the rest in file order.
  EXPECT_EQ((*g)->members, (std::vector<int64_t>{ids[0], ids[1], ids[2]}));
  EXPECT_EQ((*g)->description, "Councils near Leeds");
  EXPECT_EQ((*g)->method, "manual");

  auto again = import_groups(*db, admin,
                             table("group,body,position,description\n"
                                   "Yorkshire peers,Leeds,1,\nYorkshire peers,Bradford,2,\n"
                                   "Yorkshire peers,York,3,\n"
                                   "Departments,HO,,\nDepartments,DFE,,\n"));
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(again->unchanged, 2);  // same members; an absent description keeps the stored one

  auto bad = import_groups(*db, admin,
                           table("group,body,position\n"
                                 "G,Leeds,1\nG,E08000035,2\n,York,\nG,Hull,\nG,York,-1\n"));
  ASSERT_FALSE(bad);
  const Error& e = bad.error();
  EXPECT_TRUE(has_detail(e, "groups.csv:3:body", "already in group 'G' on line 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "groups.csv:4:group", "empty"));
  EXPECT_TRUE(has_detail(e, "groups.csv:5:body", "Hull"));
  EXPECT_TRUE(has_detail(e, "groups.csv:6:position", "whole number"));
  EXPECT_FALSE(find_comparison_group(*db, "G").value());
}

TEST_F(GroupsTest, ResolveGroupByScope) {
  ASSERT_TRUE(upsert_indicator(*db, admin, [] {
    measure::IndicatorDef d;
    d.key = "ASC1";
    d.name = "ASC1";
    return d;
  }()));
  ASSERT_TRUE(import_observations(*db, admin, "o.csv",
                                  "indicator,body,period,value\n"
                                  "ASC1,York,2022-23,1\nASC1,Leeds,2022-23,2\n"
                                  "ASC1,Leeds,2021-22,2\n"));
  auto all = resolve_group(*db, {});
  ASSERT_TRUE(all) << all.error().to_text();
  EXPECT_EQ(all->label, "All bodies");
  EXPECT_EQ(all->body_ids, (std::vector<int64_t>{ids[0], ids[2]}));  // bodies with data

  auto type = resolve_group(*db, {GroupScope::same_type, ids[0], std::nullopt});
  ASSERT_TRUE(type);
  EXPECT_EQ(type->label, "Metropolitan Districts");
  EXPECT_EQ(type->body_ids, (std::vector<int64_t>{ids[0], ids[1], ids[3]}));
  auto dept = resolve_group(*db, {GroupScope::same_type, ids[4], std::nullopt});
  ASSERT_TRUE(dept);
  EXPECT_EQ(dept->label, "Departments");  // no subtype: the type
  EXPECT_EQ(dept->body_ids, (std::vector<int64_t>{ids[4], ids[5]}));

  auto region = resolve_group(*db, {GroupScope::same_region, ids[2], std::nullopt});
  ASSERT_TRUE(region);
  EXPECT_EQ(region->label, "Yorkshire and The Humber");
  EXPECT_EQ(region->body_ids, (std::vector<int64_t>{ids[0], ids[1], ids[2]}));

  auto g = create_comparison_group(*db, admin, input("Peers", {ids[3], ids[1]}));
  ASSERT_TRUE(g);
  auto named = resolve_group(*db, {GroupScope::named, std::nullopt, g->id});
  ASSERT_TRUE(named);
  EXPECT_EQ(named->label, "Peers");
  EXPECT_EQ(named->body_ids, (std::vector<int64_t>{ids[1], ids[3]}));  // sorted

  EXPECT_EQ(resolve_group(*db, {GroupScope::same_type, std::nullopt, std::nullopt}).error().where,
            "body");
  EXPECT_EQ(resolve_group(*db, {GroupScope::same_region, ids[4], std::nullopt}).error().code,
            ErrorCode::invalid_input);  // a department has no region
  EXPECT_EQ(resolve_group(*db, {GroupScope::named, std::nullopt, 999}).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(resolve_group(*db, {GroupScope::same_type, 999, std::nullopt}).error().code,
            ErrorCode::not_found);
}

TEST(GroupScopeText, ParsesTheApiWordsAndBack) {
  EXPECT_EQ(parse_group_scope("type").value(), GroupScope::same_type);
  EXPECT_EQ(parse_group_scope("region").value(), GroupScope::same_region);
  EXPECT_EQ(parse_group_scope("group").value(), GroupScope::named);
  EXPECT_EQ(parse_group_scope("").value(), GroupScope::all);
  EXPECT_FALSE(parse_group_scope("galaxy"));
  EXPECT_STREQ(to_string(GroupScope::same_region), "region");
}

}  // namespace
}  // namespace pvf::store
