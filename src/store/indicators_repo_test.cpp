#include "store/indicators_repo.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/repositories.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

csv::Table table(const std::string& text, const std::string& name = "indicators.csv") {
  auto t = csv::parse(text, name);
  EXPECT_TRUE(t) << t.error().to_text();
  return t ? *t : csv::Table{};
}

bool has_detail(const Error& e, const std::string& where, const std::string& fragment = "") {
  return std::any_of(e.details.begin(), e.details.end(), [&](const ErrorDetail& d) {
    return d.where == where && d.message.find(fragment) != std::string::npos;
  });
}

measure::IndicatorDef def(const std::string& key, const std::string& name = "A measure") {
  measure::IndicatorDef d;
  d.key = key;
  d.name = name;
  return d;
}

int64_t generation(Database& db) { return measure_generation(db).value_or(-1); }

TEST_F(StoreTest, UpsertIndicatorCreatesUpdatesAndWritesNothingWhenUnchanged) {
  measure::IndicatorDef d = def(" ASC1 ", " ASC Carer Quality of Life ");
  d.unit = "score (0-12)";
  d.area_key = "progress_towards_goals";
  const int64_t g0 = generation(*db);
  auto created = upsert_indicator(*db, admin, d);
  ASSERT_TRUE(created) << created.error().to_text();
  EXPECT_EQ(created->def.key, "ASC1");
  EXPECT_EQ(created->def.name, "ASC Carer Quality of Life");
  EXPECT_EQ(last_audit().action, "indicator.create");
  EXPECT_EQ(last_audit().after, to_json(*created));
  EXPECT_GT(generation(*db), g0);

  const int64_t audits = audit_count(), g1 = generation(*db);
  auto same = upsert_indicator(*db, admin, d);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->id, created->id);
  EXPECT_EQ(audit_count(), audits);
  EXPECT_EQ(generation(*db), g1);

  d.polarity = measure::Polarity::lower_is_better;
  auto updated = upsert_indicator(*db, admin, d);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->id, created->id);
  EXPECT_EQ(last_audit().action, "indicator.update");
  EXPECT_EQ(last_audit().before["polarity"], "higher");
  EXPECT_EQ(last_audit().after["polarity"], "lower");
  EXPECT_GT(generation(*db), g1);
  EXPECT_EQ(to_json(*updated)["area_key"], "progress_towards_goals");
}

TEST_F(StoreTest, UpsertIndicatorRefusesABadKeyNameOrAreaNamingTheField) {
  auto key = upsert_indicator(*db, admin, def("ASC 1"));
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().where, "key");
  auto name = upsert_indicator(*db, admin, def("ASC1", "  "));
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().where, "name");
  measure::IndicatorDef d = def("ASC1");
  d.area_key = "Progress towards goals";
  auto area = upsert_indicator(*db, admin, d);
  ASSERT_FALSE(area);
  EXPECT_EQ(area.error().where, "area_key");
  EXPECT_EQ(count("indicators"), 0);
}

TEST_F(StoreTest, GetIndicatorNamesAMissingKey) {
  auto missing = get_indicator(*db, "NOPE");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_NE(missing.error().message.find("NOPE"), std::string::npos);
}

TEST_F(StoreTest, ImportIndicatorsUpsertsAndAbsentColumnsKeepStoredValues) {
  measure::IndicatorDef stored = def("ASC2", "Old name");
  stored.unit = "%";
  stored.area_key = "workforce_capacity";
  ASSERT_TRUE(upsert_indicator(*db, admin, stored));
  auto r = import_indicators(*db, admin,
                             table("Key,name,polarity,frequency\n"
                                   "ASC1,Carer quality of life,desc,annual\n"
                                   "ASC2,ASC Quality of Life,higher,\n"
                                   "Q,Quarterly thing,,quarterly\n"));
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->rows, 3);
  EXPECT_EQ(r->inserted, 2);
  EXPECT_EQ(r->updated, 1);
  EXPECT_EQ(r->unchanged, 0);
  auto asc2 = get_indicator(*db, "ASC2");
  EXPECT_EQ(asc2->def.name, "ASC Quality of Life");
  EXPECT_EQ(asc2->def.unit, "%");                       // no unit column: kept
  EXPECT_EQ(asc2->def.area_key, "workforce_capacity");  // no area column: kept
  EXPECT_EQ(get_indicator(*db, "ASC1")->def.polarity, measure::Polarity::higher_is_better);
  EXPECT_EQ(get_indicator(*db, "Q")->def.polarity, measure::Polarity::neutral);  // empty cell
  EXPECT_EQ(get_indicator(*db, "Q")->def.frequency, measure::Frequency::quarterly);

  auto again = import_indicators(*db, admin,
                                 table("key,name,polarity,frequency\n"
                                       "ASC1,Carer quality of life,desc,annual\n"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(count("observation_imports"), 2);
}

TEST_F(StoreTest, ImportIndicatorsRefusesTheFileListingEveryProblem) {
  auto r = import_indicators(*db, admin,
                             table("key,name,polarity,frequency,area\n"
                                   "ASC1,Fine,higher,annual,\n"
                                   "ASC1,Again,higher,annual,\n"
                                   "bad key,X,sideways,monthly,Not An Area\n"
                                   "ASC3,,lower,annual,\n"));
  ASSERT_FALSE(r);
  const Error& e = r.error();
  EXPECT_TRUE(has_detail(e, "indicators.csv:3:key", "also on line 2")) << e.to_text();
  EXPECT_TRUE(has_detail(e, "indicators.csv:4:polarity", "sideways"));
  EXPECT_TRUE(has_detail(e, "indicators.csv:4:frequency", "monthly"));
  EXPECT_TRUE(has_detail(e, "indicators.csv:4:key"));
  EXPECT_TRUE(has_detail(e, "indicators.csv:5:name"));
  EXPECT_EQ(count("indicators"), 0);

  auto header = import_indicators(*db, admin, table("key,colour\nA,red\n"));
  ASSERT_FALSE(header);
  EXPECT_TRUE(has_detail(header.error(), "indicators.csv:1:colour", "unknown column"));
  EXPECT_TRUE(has_detail(header.error(), "indicators.csv:1:name", "missing"));
}

class ObservationQueries : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    // Body names sort in a different order from their ids, to tell the orders apart.
    york = add_body("York", "E06000014");
    leeds = add_body("Leeds", "E08000035");
    add_body("Department", "DFE", std::nullopt, "department");  // no observations
    ASSERT_TRUE(upsert_indicator(*db, admin, def("B2", "Second")));
    ASSERT_TRUE(upsert_indicator(*db, admin, def("A1", "First")));
    auto r = import_observations(*db, admin, "o.csv",
                                 "indicator,body,period,value,quality\n"
                                 "B2,York,2022-23,3,\n"
                                 "B2,Leeds,2022-23,4,final\n"
                                 "B2,York,2021-22,1,\n"
                                 "A1,Leeds,2021-22,10,\n");
    ASSERT_TRUE(r) << r.error().to_text();
    b2 = get_indicator(*db, "B2")->id;
    a1 = get_indicator(*db, "A1")->id;
  }
  Body york, leeds;
  int64_t b2 = 0, a1 = 0;
};

TEST_F(ObservationQueries, ForPeriodGivesEveryBodyByIdAndRefusesABadPeriod) {
  auto v = observations_for_period(*db, b2, "2022-23");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].body_id, york.id);
  EXPECT_EQ((*v)[0].value, 3);
  EXPECT_EQ((*v)[1].quality, "final");
  EXPECT_TRUE(observations_for_period(*db, b2, "2019-20")->empty());
  auto bad = observations_for_period(*db, b2, "2022-24");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "period");
}

TEST_F(ObservationQueries, ForIndicatorIsByPeriodThenBody) {
  auto v = observations_for_indicator(*db, b2);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ((*v)[0].period, "2021-22");
  EXPECT_EQ((*v)[1].body_id, york.id);
  EXPECT_EQ((*v)[2].body_id, leeds.id);
}

TEST_F(ObservationQueries, ForBodyCoversEveryIndicatorOrOne) {
  auto all = observations_for_body(*db, leeds.id);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].indicator_id, b2);  // B2 was created first: lower id
  auto one = observations_for_body(*db, leeds.id, a1);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].value, 10);
}

TEST_F(ObservationQueries, ListIndicatorsCountsObservationsBodiesAndPeriods) {
  auto list = list_indicators(*db);
  ASSERT_TRUE(list) << list.error().to_text();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].indicator.def.key, "A1");  // by key
  const IndicatorSummary& s = (*list)[1];
  EXPECT_EQ(s.observations, 3);
  EXPECT_EQ(s.bodies, 2);
  EXPECT_EQ(s.periods, (std::vector<std::string>{"2021-22", "2022-23"}));
  const auto j = to_json(s);
  EXPECT_EQ(j["observations"], 3);
  EXPECT_EQ(j["periods"][1], "2022-23");
  EXPECT_TRUE(j["area_key"].is_null());
  // A new import moves the generation on, so the memoised list is not served stale.
  ASSERT_TRUE(
      import_observations(*db, admin, "p.csv", "indicator,body,period,value\nA1,York,2023-24,1\n"));
  auto after = list_indicators(*db);
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)[0].observations, 2);
  EXPECT_EQ((*after)[0].periods.size(), 2u);
  auto one = get_indicator_summary(*db, "A1");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->bodies, 2);
}

TEST_F(ObservationQueries, ExportStreamsByKeyPeriodAndBodyName) {
  std::vector<std::string> rows;
  auto collect = [&](const ObservationExportRow& r) -> Status {
    rows.push_back(std::string(r.indicator_key) + "|" + std::string(r.period) + "|" +
                   std::string(r.body_name) + "|" + std::string(r.body_code.value_or("")) + "|" +
                   std::to_string(r.value) + "|" + std::string(r.quality.value_or("-")));
    return {};
  };
  ASSERT_TRUE(for_each_observation(*db, {}, collect));
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "A1|2021-22|Leeds|E08000035|10.000000|-",
                      "B2|2021-22|York|E06000014|1.000000|-",
                      "B2|2022-23|Leeds|E08000035|4.000000|final",
                      "B2|2022-23|York|E06000014|3.000000|-",
                  }));
  rows.clear();
  ObservationFilter f;
  f.body_id = york.id;
  f.period = "2022-23";
  ASSERT_TRUE(for_each_observation(*db, f, collect));
  EXPECT_EQ(rows, (std::vector<std::string>{"B2|2022-23|York|E06000014|3.000000|-"}));

  f = {};
  f.indicator_id = 999;
  auto missing = for_each_observation(*db, f, collect);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  int seen = 0;
  auto stop = for_each_observation(*db, {}, [&](const ObservationExportRow&) -> Status {
    if (++seen == 2) return fail(Error::io("disk full"));
    return {};
  });
  ASSERT_FALSE(stop);
  EXPECT_EQ(stop.error().message, "disk full");
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace pvf::store
