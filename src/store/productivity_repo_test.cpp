#include <gtest/gtest.h>

#include "store/measure_repo.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

class ProductivityRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    leeds = add_body("Leeds", "E08000035");
    york = add_body("York", "E06000014");
  }

  csv::Table table(const std::string& text, const std::string& source = "data.csv") {
    auto t = csv::parse(text, source);
    EXPECT_TRUE(t) << t.error().to_text();
    return t ? *t : csv::Table{};
  }

  int64_t generation() {
    auto st = db->prepare("SELECT generation FROM measure_generation");
    EXPECT_TRUE(st);
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    const int64_t g = st->int64(0);
    (void)st->step();
    return g;
  }

  static bool has_detail(const Error& e, const std::string& where, const std::string& text) {
    for (const auto& d : e.details)
      if (d.where == where && d.message.find(text) != std::string::npos) return true;
    return false;
  }

  Body leeds, york;
  static constexpr const char* kActivityHeader = "body,period,activity,volume,unit_cost,quality\n";
};

TEST_F(ProductivityRepoTest, ImportActivityStoresRowsByCodeOrNameWithQualityDefaultingTo1) {
  auto r = import_activity(*db, admin,
                           table(std::string(kActivityHeader) +
                                 "E08000035,2019-20,home_care_hours,1000,20.5,\n"
                                 "Leeds,2018-19,home_care_hours,900,+19,1.02\n"
                                 "Leeds,2018-19,assessments,0,350,\n"  // a volume may be 0
                                 "York,2018-19,assessments,10,300,\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->rows, 4);
  EXPECT_EQ(r->inserted, 4);
  auto rows = activity_for_body(*db, leeds.id);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  // Ordered by period, then activity.
  EXPECT_EQ((*rows)[0].period, "2018-19");
  EXPECT_EQ((*rows)[0].activity, "assessments");
  EXPECT_EQ((*rows)[1].activity, "home_care_hours");
  EXPECT_DOUBLE_EQ((*rows)[1].unit_cost, 19);
  EXPECT_DOUBLE_EQ((*rows)[1].quality, 1.02);
  EXPECT_EQ((*rows)[2].period, "2019-20");
  EXPECT_DOUBLE_EQ((*rows)[2].volume, 1000);
  EXPECT_DOUBLE_EQ((*rows)[2].quality, 1);
  EXPECT_EQ(to_json((*rows)[2]), (nlohmann::json{{"period", "2019-20"},
                                                 {"activity", "home_care_hours"},
                                                 {"volume", 1000.0},
                                                 {"unit_cost", 20.5},
                                                 {"quality", 1.0}}));
}

TEST_F(ProductivityRepoTest, ReImportIsUnchangedAndAChangeUpdatesAndMovesTheGenerationOnce) {
  const std::string text = std::string(kActivityHeader) +
                           "Leeds,2018-19,home_care_hours,900,19,\n"
                           "Leeds,2019-20,home_care_hours,1000,20,\n";
  const int64_t g0 = generation();
  ASSERT_TRUE(import_activity(*db, admin, table(text)));
  EXPECT_EQ(generation(), g0 + 1);
  auto again = import_activity(*db, admin, table(text));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->inserted + again->updated, 0);
  EXPECT_EQ(generation(), g0 + 1);  // nothing changed
  auto changed = import_activity(
      *db, admin,
      table(std::string(kActivityHeader) + "Leeds,2019-20,home_care_hours,1100,20,\n"
                                           "Leeds,2020-21,home_care_hours,1200,21,\n"));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->inserted, 1);
  EXPECT_EQ(generation(), g0 + 2);
  EXPECT_EQ(count("activity_volumes"), 3);  // 2018-19 stays: a file replaces nothing else
  const AuditEntry e = last_audit();
  EXPECT_EQ(e.action, "activity.import");
  EXPECT_EQ(e.entity, "observation_import");
  EXPECT_EQ(e.after["rows"], 2);
  EXPECT_EQ(e.after["inserted"], 1);
  EXPECT_EQ(e.after["updated"], 1);
  EXPECT_EQ(e.after["source"], "data.csv");
  EXPECT_EQ(count("observation_imports"), 3);
}

TEST_F(ProductivityRepoTest, ImportActivityListsEveryProblemAndWritesNothing) {
  auto r = import_activity(
      *db, admin,
      table(std::string(kActivityHeader) + "Leeds,2018-19,home_care_hours,900,19,\n"  // 2 fine
                                           "Nowhere,2018-19,x,1,1,\n"                 // 3
                                           "Leeds,2018-20,x,1,1,\n"                   // 4
                                           "Leeds,2018-19,,-1,0,0\n"                  // 5: four
                                           "Leeds,2018-19,home_care_hours,1,abc,\n"   // 6: two
                                           ",2018-19,y,1e999,1,\n"));                 // 7: two
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid_input);
  EXPECT_TRUE(has_detail(e, "data.csv:3:body", "Nowhere")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:4:period", "2018-20")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:5:activity", "empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:5:volume", "negative")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:5:unit_cost", "positive")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:5:quality", "positive")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:6:unit_cost", "'abc' is not a number")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:6:activity", "line 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:7:body", "empty")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:7:volume", "out of range")) << e.to_text();
  EXPECT_EQ(e.details.size(), 10u) << e.to_text();
  EXPECT_EQ(count("activity_volumes"), 0);
  EXPECT_EQ(count("observation_imports"), 0);
}

TEST_F(ProductivityRepoTest, ABodysActivityPeriodsAreOfOneKindCountingWhatIsStored) {
  ASSERT_TRUE(import_activity(
      *db, admin, table(std::string(kActivityHeader) + "Leeds,2018-19,home_care_hours,900,19,\n")));
  auto r = import_activity(
      *db, admin,
      table(std::string(kActivityHeader) + "Leeds,2019,home_care_hours,1,1,\n"  // vs stored
                                           "York,2019,home_care_hours,1,1,\n"   // sets York's kind
                                           "York,2019-20,home_care_hours,1,1,\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_detail(r.error(), "data.csv:2:period", "financial years (stored)"))
      << r.error().to_text();
  EXPECT_TRUE(has_detail(r.error(), "data.csv:4:period", "calendar years (line 3)"))
      << r.error().to_text();
  EXPECT_EQ(r.error().details.size(), 2u);
}

TEST_F(ProductivityRepoTest, ImportRefusesUnknownAndMissingColumns) {
  auto r = import_activity(*db, admin,
                           table("body,period,activity,volume,qualty\nLeeds,2018-19,a,1,1\n"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_detail(r.error(), "data.csv:1:qualty", "unknown column")) << r.error().to_text();
  EXPECT_TRUE(has_detail(r.error(), "data.csv:1:unit_cost", "missing")) << r.error().to_text();
}

TEST_F(ProductivityRepoTest, ImportInputsWithoutAnInputColumnStoresTotals) {
  auto r = import_inputs(*db, admin,
                         table("body,period,expenditure,deflator\n"
                               "Leeds,2018-19,1000000,88.5\n"
                               "Leeds,2019-20,0,90\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  auto rows = inputs_for_body(*db, leeds.id);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].input, "");
  EXPECT_DOUBLE_EQ((*rows)[0].expenditure, 1000000);
  EXPECT_DOUBLE_EQ((*rows)[0].deflator, 88.5);
  EXPECT_DOUBLE_EQ((*rows)[1].expenditure, 0);
  EXPECT_EQ(last_audit().action, "inputs.import");
  // A second row for a period with no input column repeats it.
  auto dup = import_inputs(*db, admin,
                           table("body,period,expenditure,deflator\n"
                                 "York,2018-19,1,1\nYork,2018-19,2,1\n"));
  ASSERT_FALSE(dup);
  EXPECT_TRUE(has_detail(dup.error(), "data.csv:3:period", "line 2")) << dup.error().to_text();
}

TEST_F(ProductivityRepoTest, ABodyMayNotMixTotalsAndNamedInputLines) {
  ASSERT_TRUE(
      import_inputs(*db, admin, table("body,period,expenditure,deflator\nLeeds,2018-19,100,88\n")));
  auto lines = import_inputs(*db, admin,
                             table("body,period,input,expenditure,deflator\n"
                                   "Leeds,2019-20,staff,60,90\n"  // vs Leeds's stored total
                                   "York,2019-20,staff,60,90\n"   // York: lines
                                   "York,2020-21,,40,90\n"));     // empty line name
  ASSERT_FALSE(lines);
  const Error& e = lines.error();
  EXPECT_TRUE(has_detail(e, "data.csv:2:input", "one total per period (stored)")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:4:input", "empty")) << e.to_text();
  EXPECT_EQ(e.details.size(), 2u) << e.to_text();

  ASSERT_TRUE(
      import_inputs(*db, admin,
                    table("body,period,input,expenditure,deflator\n"
                          "York,2019-20,staff,60,90\nYork,2019-20,purchased_care,40,90\n")));
  auto total =
      import_inputs(*db, admin, table("body,period,expenditure,deflator\nYork,2020-21,100,92\n"));
  ASSERT_FALSE(total);
  EXPECT_TRUE(has_detail(total.error(), "data.csv:2:body", "named input lines (stored)"))
      << total.error().to_text();
}

TEST_F(ProductivityRepoTest, ImportInputsChecksEachCell) {
  auto r = import_inputs(*db, admin,
                         table("body,period,input,expenditure,deflator\n"
                               "Leeds,2018-19,staff,-5,0\n"
                               "Leeds,2018-19,staff,5,x\n"));
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_TRUE(has_detail(e, "data.csv:2:expenditure", "negative")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:2:deflator", "positive")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:3:deflator", "not a number")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "data.csv:3:input", "line 2")) << e.to_text();
  EXPECT_EQ(e.details.size(), 4u) << e.to_text();
}

TEST_F(ProductivityRepoTest, BodyLeadsImportForTheirOwnBodyOnly) {
  const Actor lead = add_actor("lead", Role::body_lead, leeds.id);
  auto r = import_activity(
      *db, lead,
      table(std::string(kActivityHeader) + "Leeds,2018-19,a,1,1,\nYork,2018-19,a,1,1,\n"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
  EXPECT_TRUE(has_detail(r.error(), "data.csv:3:body", "York")) << r.error().to_text();
  EXPECT_EQ(r.error().details.size(), 1u);
  auto own =
      import_inputs(*db, lead, table("body,period,expenditure,deflator\nLeeds,2018-19,1,1\n"));
  ASSERT_TRUE(own) << own.error().to_text();
  Actor orphan;  // an assessor without a body (the users table itself refuses one)
  orphan.username = "orphan";
  orphan.role = Role::assessor;
  auto none =
      import_inputs(*db, orphan, table("body,period,expenditure,deflator\nLeeds,2019-20,1,1\n"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::forbidden);
}

TEST_F(ProductivityRepoTest, TheImportRowNamesWhoImportedWhat) {
  const Actor analyst = add_actor("priya", Role::treasury_analyst);
  auto r = import_inputs(
      *db, analyst, table("body,period,expenditure,deflator\nLeeds,2018-19,1,1\n", "spend.csv"),
      "feedbeef");
  ASSERT_TRUE(r);
  auto st = db->prepare(
      "SELECT kind, format, source_name, sha256, rows, inserted, updated, "
      "unchanged, user_id, username FROM observation_imports WHERE id = ?");
  ASSERT_TRUE(st);
  st->bind(1, r->import_id);
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->text(0), "inputs");
  EXPECT_EQ(st->text(1), "pvf");
  EXPECT_EQ(st->text(2), "spend.csv");
  EXPECT_EQ(st->text(3), "feedbeef");
  EXPECT_EQ(st->int64(4), 1);
  EXPECT_EQ(st->int64(5), 1);
  EXPECT_EQ(st->int64(6), 0);
  EXPECT_EQ(st->int64(7), 0);
  EXPECT_EQ(st->opt_int64(8), analyst.user_id);
  EXPECT_EQ(st->text(9), "priya");
  st->reset();
  EXPECT_EQ(to_json(*r), (nlohmann::json{{"import_id", r->import_id},
                                         {"rows", 1},
                                         {"inserted", 1},
                                         {"updated", 0},
                                         {"unchanged", 0}}));
}

}  // namespace
}  // namespace pvf::store
