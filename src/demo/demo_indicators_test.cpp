#include "demo/demo_indicators.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/csv.h"
#include "store/repositories.h"

namespace pvf::demo {
namespace {

const std::string kDemoDir = std::string(PVF_SOURCE_DIR) + "/data/demo";
// The published neighbour lists (Office for Local Government, Open Government Licence v3.0).
const std::string kNN = std::string(PVF_SOURCE_DIR) + "/data/demo/oflog/NN.json";

std::unique_ptr<store::Database> demo_bodies_db() {
  auto db = store::Database::open(":memory:");
  EXPECT_TRUE(db && (*db)->migrate());
  auto bodies = csv::read_file(kDemoDir + "/bodies.csv");
  EXPECT_TRUE(bodies);
  auto imported = store::import_bodies(**db, store::Actor::system(), *bodies);
  EXPECT_TRUE(imported) << imported.error().to_text();
  return std::move(*db);
}

nlohmann::json neighbour_lists() {
  std::ifstream in(kNN);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

TEST(DemoIndicators, LoadsOflogDefinitionsAndNeighbourGroups) {
  auto db = demo_bodies_db();
  auto s = seed_demo_indicators(*db, kDemoDir);
  ASSERT_TRUE(s) << s.error().to_text();
  // The published file: 6,376 rows, 298 without a value, 157 councils of which the demo's 8
  // are stored already (counted with Python's csv module).
  EXPECT_EQ(s->observations.rows, 6376);
  EXPECT_EQ(s->observations.inserted, 6376 - 298);
  EXPECT_EQ(s->observations.bodies_created, 157 - 8);
  EXPECT_EQ(s->observations.bodies_updated, 8);  // their Oflog council types filled in
  EXPECT_EQ(s->observations.indicators_created, 7);
  EXPECT_EQ(s->definitions.updated, 7);  // units and areas from indicators.csv
  EXPECT_EQ(s->groups_created, 8);

  auto leeds = store::find_body_by_code(*db, "E08000035");
  ASSERT_TRUE(leeds && *leeds);
  EXPECT_EQ((*leeds)->subtype, "Metropolitan Districts");
  auto asc7 = store::get_indicator(*db, "ASC7");
  ASSERT_TRUE(asc7);
  EXPECT_EQ(asc7->def.unit, "%");
  EXPECT_EQ(asc7->def.area_key, "workforce_capacity");
  EXPECT_EQ(asc7->def.polarity, measure::Polarity::neutral);  // Oflog ranks it "None"
  EXPECT_EQ(store::get_indicator(*db, "ASC3")->def.area_key, "user_experience_and_participation");

  // Leeds's group: NN.json's list for E08000035, in its order, every code that is stored.
  auto group = store::find_comparison_group(*db, "Nearest neighbours of Leeds");
  ASSERT_TRUE(group && *group);
  EXPECT_EQ((*group)->method, "published");
  EXPECT_EQ((*group)->body_id, (*leeds)->id);
  std::vector<std::string> expected;
  const nlohmann::json lists = neighbour_lists();
  for (const auto& code : lists.at("E08000035")) {
    auto b = store::find_body_by_code(*db, code.get<std::string>());
    if (b && *b) expected.push_back(code.get<std::string>());
  }
  std::vector<std::string> got;
  for (const auto& m : (*group)->member_bodies) got.push_back(m.code.value_or(""));
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got.size(), 16u);  // all 16 published codes are councils in the Oflog file
  EXPECT_EQ(got.front(), "E06000015");
}

TEST(DemoIndicators, SecondRunChangesNothing) {
  auto db = demo_bodies_db();
  ASSERT_TRUE(seed_demo_indicators(*db, kDemoDir));
  auto again = seed_demo_indicators(*db, kDemoDir);
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(again->observations.unchanged, 6376 - 298);
  EXPECT_EQ(again->observations.inserted + again->observations.updated, 0);
  EXPECT_EQ(again->definitions.unchanged, 7);
  EXPECT_EQ(again->groups_created + again->groups_updated, 0);
}

TEST(DemoIndicators, AMissingFileIsAnErrorNamingItAndWritesNothing) {
  auto db = demo_bodies_db();
  auto s = seed_demo_indicators(*db, "/no/such/demo");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().to_text().find("/no/such/demo/indicators.csv"), std::string::npos)
      << s.error().to_text();
  auto count = db->prepare("SELECT count(*) FROM indicators");
  ASSERT_TRUE(count && count->step().value_or(false));
  EXPECT_EQ(count->int64(0), 0);
  count->reset();
}

}  // namespace
}  // namespace pvf::demo
