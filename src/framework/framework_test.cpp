#include "framework/framework.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace pvf::framework {
namespace {

using nlohmann::json;

Framework two_pillars() {
  Framework f;
  f.key = "mini";
  f.version = "1";
  f.title = "Mini framework";
  f.description = "For tests.";
  f.scale = {{1, "Low", "#d4351c"}, {2, "High", ""}};
  f.scoring = {Aggregation::median, Aggregation::min};
  f.pillars = {
      {"p1", "Pillar one",
       {{"a1", "Area one", {"Q1?", "Q2?"}, {{1, "low one"}, {2, "high one"}}},
        {"a2", "Area two", {"Q1?", "Q2?", "Q3?"}, {{1, "low two"}, {2, "high two"}}}}},
      {"p2", "Pillar two", {{"b1", "Area three", {"Q1?", "Q2?"}, {{1, "low"}, {2, "high"}}}}},
  };
  return f;
}

bool has_problem(const std::vector<ErrorDetail>& problems, const std::string& where,
                 const std::string& words) {
  return std::any_of(problems.begin(), problems.end(), [&](const ErrorDetail& d) {
    return d.where == where && d.message.find(words) != std::string::npos;
  });
}

std::string listing(const std::vector<ErrorDetail>& problems) {
  std::string out;
  for (const auto& d : problems) out += "  " + d.where + ": " + d.message + "\n";
  return out;
}

TEST(Aggregation, NamesRoundTripAndUnknownNamesAreRejected) {
  for (Aggregation a : {Aggregation::mean, Aggregation::median, Aggregation::min})
    EXPECT_EQ(parse_aggregation(to_string(a)), a);
  EXPECT_EQ(std::string(to_string(Aggregation::median)), "median");
  EXPECT_FALSE(parse_aggregation("average"));
  EXPECT_FALSE(parse_aggregation("Mean"));
  EXPECT_FALSE(parse_aggregation(""));
}

TEST(FrameworkModel, FindsAreasPillarsAndLevels) {
  Framework f = two_pillars();
  ASSERT_NE(f.find_area("a2"), nullptr);
  EXPECT_EQ(f.find_area("a2")->title, "Area two");
  EXPECT_EQ(f.find_area("p1"), nullptr);
  EXPECT_EQ(f.find_area("nope"), nullptr);
  ASSERT_NE(f.pillar_of("b1"), nullptr);
  EXPECT_EQ(f.pillar_of("b1")->key, "p2");
  EXPECT_EQ(f.pillar_of("nope"), nullptr);
  ASSERT_NE(f.find_level(2), nullptr);
  EXPECT_EQ(f.find_level(2)->label, "High");
  EXPECT_EQ(f.find_level(0), nullptr);
  EXPECT_EQ(f.find_level(3), nullptr);
  EXPECT_EQ(f.area_count(), 3u);
  EXPECT_EQ(Framework{}.area_count(), 0u);
}

TEST(FrameworkValidate, AValidModelHasNoProblems) {
  auto problems = validate(two_pillars());
  EXPECT_TRUE(problems.empty()) << listing(problems);
}

TEST(FrameworkValidate, EmptyModelReportsEveryRequiredField) {
  auto problems = validate(Framework{});
  EXPECT_TRUE(has_problem(problems, "key", "required")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "version", "required")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "title", "required")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "scale", "at least two levels")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "pillars", "at least one pillar")) << listing(problems);
}

TEST(FrameworkValidate, ReportsFieldPathsForModelProblems) {
  Framework f = two_pillars();
  f.version = "2017 draft";
  f.scale[1].level = 1;
  f.pillars[1].key = "p1";
  f.pillars[1].areas[0].key = "a1";
  f.pillars[0].areas[1].questions = {"Only one?"};
  f.pillars[0].areas[0].descriptors.erase(2);
  auto problems = validate(f);
  EXPECT_TRUE(has_problem(problems, "version", "not a valid version")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "scale[1].level", "more than once")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "pillars[1].key", "duplicate pillar key")) << listing(problems);
  EXPECT_TRUE(has_problem(problems, "pillars[1].areas[0].key", "duplicate area key"))
      << listing(problems);
  EXPECT_TRUE(has_problem(problems, "pillars[0].areas[1].questions", "found 1"))
      << listing(problems);
}

TEST(FrameworkValidate, DuplicateLabelIsReported) {
  Framework f = two_pillars();
  f.scale[1].label = "Low";
  auto problems = validate(f);
  EXPECT_TRUE(has_problem(problems, "scale[1].label", "already used by scale[0]"))
      << listing(problems);
}

TEST(FrameworkJson, ToJsonHasTheDocumentedShape) {
  json j = to_json(two_pillars());
  EXPECT_EQ(j["key"], "mini");
  EXPECT_EQ(j["version"], "1");
  EXPECT_EQ(j["description"], "For tests.");
  ASSERT_EQ(j["scale"].size(), 2u);
  EXPECT_EQ(j["scale"][0], (json{{"level", 1}, {"label", "Low"}, {"colour", "#d4351c"}}));
  EXPECT_EQ(j["scoring"], (json{{"area_to_pillar", "median"}, {"pillar_to_overall", "min"}}));
  ASSERT_EQ(j["pillars"].size(), 2u);
  const json& area = j["pillars"][0]["areas"][1];
  EXPECT_EQ(area["key"], "a2");
  EXPECT_EQ(area["questions"], (json{"Q1?", "Q2?", "Q3?"}));
  EXPECT_EQ(area["descriptors"], (json{{"1", "low two"}, {"2", "high two"}}));
}

TEST(FrameworkJson, RoundTripsThroughJson) {
  Framework f = two_pillars();
  auto back = from_json(to_json(f));
  ASSERT_TRUE(back) << back.error().to_text();
  EXPECT_EQ(back->key, f.key);
  EXPECT_EQ(back->version, f.version);
  EXPECT_EQ(back->title, f.title);
  EXPECT_EQ(back->description, f.description);
  ASSERT_EQ(back->scale.size(), 2u);
  EXPECT_EQ(back->scale[0].colour, "#d4351c");
  EXPECT_EQ(back->scale[1].colour, "");
  EXPECT_EQ(back->scoring.area_to_pillar, Aggregation::median);
  EXPECT_EQ(back->scoring.pillar_to_overall, Aggregation::min);
  ASSERT_EQ(back->pillars.size(), 2u);
  EXPECT_EQ(back->pillars[0].areas[1].questions, f.pillars[0].areas[1].questions);
  EXPECT_EQ(back->pillars[0].areas[1].descriptors, f.pillars[0].areas[1].descriptors);
  EXPECT_EQ(to_json(*back), to_json(f));
}

TEST(FrameworkJson, ShippedFrameworkRoundTripsThroughJson) {
  auto f = load_yaml_file(std::string(PVF_SOURCE_DIR) + "/data/frameworks/pvf-2017.yaml");
  ASSERT_TRUE(f) << f.error().to_text();
  json j = to_json(*f);
  auto back = from_json(j);
  ASSERT_TRUE(back) << back.error().to_text();
  EXPECT_EQ(to_json(*back), j);
  // Through text too, as the store keeps it.
  auto reparsed = from_json(json::parse(j.dump()));
  ASSERT_TRUE(reparsed) << reparsed.error().to_text();
  EXPECT_EQ(reparsed->area_count(), 16u);
}

TEST(FrameworkJson, FromJsonRefusesANonObject) {
  auto r = from_json(json::array());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().where, "$");
}

TEST(FrameworkJson, FromJsonReportsStructuralProblemsWithJsonPaths) {
  json j = to_json(two_pillars());
  j["titel"] = "typo";
  j["scale"][1]["level"] = "two";
  j["scoring"]["area_to_pillar"] = "average";
  j["pillars"][0]["areas"][0]["questions"] = "Why?";
  j["pillars"][1]["areas"][0]["descriptors"]["x"] = "?";
  auto r = from_json(j);
  ASSERT_FALSE(r);
  const auto& d = r.error().details;
  EXPECT_TRUE(has_problem(d, "$.titel", "unknown field 'titel'")) << listing(d);
  EXPECT_TRUE(has_problem(d, "$.scale[1].level", "whole number")) << listing(d);
  EXPECT_TRUE(has_problem(d, "$.scoring.area_to_pillar", "unknown aggregation")) << listing(d);
  EXPECT_TRUE(has_problem(d, "$.pillars[0].areas[0].questions", "must be a list")) << listing(d);
  EXPECT_TRUE(has_problem(d, "$.pillars[1].areas[0].descriptors.x", "not a scale level"))
      << listing(d);
  EXPECT_EQ(d.size(), 5u) << listing(d);
  EXPECT_EQ(r.error().where, d.front().where);
}

TEST(FrameworkJson, FromJsonValidatesTheModelLikeTheYamlLoader) {
  json j = to_json(two_pillars());
  j["pillars"][1]["areas"][0]["key"] = "a1";
  j["pillars"][0]["areas"][0]["descriptors"]["7"] = "off the scale";
  j["pillars"][0]["title"] = "";
  auto r = from_json(j);
  ASSERT_FALSE(r);
  const auto& d = r.error().details;
  EXPECT_TRUE(has_problem(d, "$.pillars[1].areas[0].key", "duplicate area key")) << listing(d);
  EXPECT_TRUE(has_problem(d, "$.pillars[0].areas[0].descriptors.7", "not on the scale"))
      << listing(d);
  EXPECT_TRUE(has_problem(d, "$.pillars[0].title", "required")) << listing(d);
  EXPECT_EQ(d.size(), 3u) << listing(d);
}

TEST(FrameworkJson, FromJsonAcceptsMissingOptionalFields) {
  json j = to_json(two_pillars());
  j.erase("description");
  j.erase("scoring");
  j["scale"][0].erase("colour");
  j["scale"][1]["colour"] = nullptr;
  auto r = from_json(j);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->description, "");
  EXPECT_EQ(r->scoring.area_to_pillar, Aggregation::mean);
  EXPECT_EQ(r->scale[0].colour, "");
}

}  // namespace
}  // namespace pvf::framework
