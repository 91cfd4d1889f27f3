#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "framework/framework.h"

namespace pvf::framework {
namespace {

const std::string kShipped = std::string(PVF_SOURCE_DIR) + "/data/frameworks/pvf-2017.yaml";

// A small valid framework; tests edit single lines (by 1-based number) so line numbers stay put.
const char* const kBase[] = {
    /*  1 */ "key: mini",
    /*  2 */ "version: \"1\"",
    /*  3 */ "title: Mini framework",
    /*  4 */ "scale:",
    /*  5 */ "  - level: 1",
    /*  6 */ "    label: Low",
    /*  7 */ "  - level: 2",
    /*  8 */ "    label: High",
    /*  9 */ "scoring:",
    /* 10 */ "  area_to_pillar: mean",
    /* 11 */ "  pillar_to_overall: mean",
    /* 12 */ "pillars:",
    /* 13 */ "  - key: p1",
    /* 14 */ "    title: Pillar one",
    /* 15 */ "    areas:",
    /* 16 */ "      - key: a1",
    /* 17 */ "        title: Area one",
    /* 18 */ "        descriptors:",
    /* 19 */ "          1: Low descriptor",
    /* 20 */ "          2: High descriptor",
    /* 21 */ "        questions:",
    /* 22 */ "          - First question?",
    /* 23 */ "          - Second question?",
    /* 24 */ "  - key: p2",
    /* 25 */ "    title: Pillar two",
    /* 26 */ "    areas:",
    /* 27 */ "      - key: a2",
    /* 28 */ "        title: Area two",
    /* 29 */ "        descriptors:",
    /* 30 */ "          1: Low descriptor",
    /* 31 */ "          2: High descriptor",
    /* 32 */ "        questions:",
    /* 33 */ "          - First question?",
    /* 34 */ "          - Second question?",
};

// The base document with some lines replaced ("" blanks a line, keeping the numbering).
std::string base_with(const std::map<int, std::string>& edits = {}) {
  std::string out;
  int n = 0;
  for (const char* line : kBase) {
    ++n;
    auto it = edits.find(n);
    out += it == edits.end() ? std::string(line) : it->second;
    out += "\n";
  }
  return out;
}

Error parse_error(const std::string& yaml) {
  auto r = parse_yaml(yaml, "t.yaml");
  EXPECT_FALSE(r) << "expected the YAML to be rejected:\n" << yaml;
  if (r) return Error{};
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  return r.error();
}

// Every problem as "where: message", for readable failure output.
std::string listing(const Error& e) {
  std::string out;
  for (const auto& d : e.details) out += "  " + d.where + ": " + d.message + "\n";
  return out;
}

// Asserts a problem exists at exactly `where` whose message contains `words`.
void expect_problem(const Error& e, const std::string& where, const std::string& words) {
  bool found = std::any_of(e.details.begin(), e.details.end(), [&](const ErrorDetail& d) {
    return d.where == where && d.message.find(words) != std::string::npos;
  });
  EXPECT_TRUE(found) << "no problem at " << where << " mentioning \"" << words
                     << "\"; got:\n"
                     << listing(e);
}

TEST(YamlLoader, ShippedFrameworkLoadsWithFourPillarsAndSixteenAreas) {
  auto f = load_yaml_file(kShipped);
  ASSERT_TRUE(f) << f.error().to_text();
  EXPECT_EQ(f->key, "pvf");
  EXPECT_EQ(f->version, "2017");
  EXPECT_FALSE(f->title.empty());
  EXPECT_FALSE(f->description.empty());
  ASSERT_EQ(f->pillars.size(), 4u);
  EXPECT_EQ(f->area_count(), 16u);
  EXPECT_EQ(f->scoring.area_to_pillar, Aggregation::mean);
  EXPECT_EQ(f->scoring.pillar_to_overall, Aggregation::mean);
}

TEST(YamlLoader, ShippedFrameworkHasTheDomainPillarsAndAreasInOrder) {
  auto f = load_yaml_file(kShipped);
  ASSERT_TRUE(f) << f.error().to_text();
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected{
      {"Pursuing goals",
       {"Setting goals and indicators", "Degree of ambition", "Progress made towards goals"}},
      {"Managing inputs",
       {"Processes to manage resources", "Quality of data", "Benchmarking",
        "Cost control and shifting"}},
      {"Engaging users and citizens",
       {"Public / taxpayer legitimacy", "User experience and participation",
        "Key stakeholder engagement"}},
      {"Developing system capacity",
       {"Innovation", "Planning and delivering", "Engaging with the delivery chain",
        "Working across organisational boundaries", "Workforce capacity",
        "Reviewing data and impact"}},
  };
  ASSERT_EQ(f->pillars.size(), expected.size());
  for (size_t p = 0; p < expected.size(); ++p) {
    EXPECT_EQ(f->pillars[p].title, expected[p].first);
    std::vector<std::string> titles;
    for (const auto& a : f->pillars[p].areas) titles.push_back(a.title);
    EXPECT_EQ(titles, expected[p].second) << "pillar " << expected[p].first;
  }
}

TEST(YamlLoader, ShippedFrameworkEveryAreaHasFourDescriptorsAndTwoToFourQuestions) {
  auto f = load_yaml_file(kShipped);
  ASSERT_TRUE(f) << f.error().to_text();
  for (const auto& p : f->pillars) {
    for (const auto& a : p.areas) {
      ASSERT_EQ(a.descriptors.size(), 4u) << a.key;
      for (int level = 1; level <= 4; ++level) {
        ASSERT_TRUE(a.descriptors.count(level)) << a.key << " level " << level;
        EXPECT_GT(a.descriptors.at(level).size(), 60u) << a.key << " level " << level;
      }
      EXPECT_GE(a.questions.size(), 2u) << a.key;
      EXPECT_LE(a.questions.size(), 4u) << a.key;
      for (const auto& q : a.questions) EXPECT_EQ(q.back(), '?') << a.key << ": " << q;
    }
  }
}

TEST(YamlLoader, ShippedScaleHasFourLabelledColouredLevels) {
  auto f = load_yaml_file(kShipped);
  ASSERT_TRUE(f) << f.error().to_text();
  ASSERT_EQ(f->scale.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(f->scale[i].level, i + 1);
    EXPECT_FALSE(f->scale[i].label.empty());
    EXPECT_EQ(f->scale[i].colour.size(), 7u);
  }
  EXPECT_EQ(f->scale[0].colour, "#d4351c");
  EXPECT_EQ(f->scale[3].colour, "#00703c");
}

TEST(YamlLoader, MinimalDocumentParses) {
  auto f = parse_yaml(base_with(), "t.yaml");
  ASSERT_TRUE(f) << f.error().to_text();
  EXPECT_EQ(f->key, "mini");
  EXPECT_EQ(f->version, "1");
  EXPECT_EQ(f->area_count(), 2u);
  EXPECT_EQ(f->find_area("a2")->descriptors.at(2), "High descriptor");
}

TEST(YamlLoader, UnquotedNumericVersionIsReadAsText) {
  auto f = parse_yaml(base_with({{2, "version: 2017"}}), "t.yaml");
  ASSERT_TRUE(f) << f.error().to_text();
  EXPECT_EQ(f->version, "2017");
}

TEST(YamlLoader, ScoringBlockIsOptionalAndDefaultsToMean) {
  auto f = parse_yaml(base_with({{9, ""}, {10, ""}, {11, ""}}), "t.yaml");
  ASSERT_TRUE(f) << f.error().to_text();
  EXPECT_EQ(f->scoring.area_to_pillar, Aggregation::mean);
  EXPECT_EQ(f->scoring.pillar_to_overall, Aggregation::mean);
}

TEST(YamlLoader, ReadsMedianAndMinAggregations) {
  auto f = parse_yaml(base_with({{10, "  area_to_pillar: median"}, {11, "  pillar_to_overall: min"}}),
                      "t.yaml");
  ASSERT_TRUE(f) << f.error().to_text();
  EXPECT_EQ(f->scoring.area_to_pillar, Aggregation::median);
  EXPECT_EQ(f->scoring.pillar_to_overall, Aggregation::min);
}

TEST(YamlLoader, MissingTopLevelFieldsAreReportedAtLineOne) {
  Error e = parse_error(base_with({{1, ""}, {2, ""}, {3, ""}}));
  expect_problem(e, "t.yaml:1:key", "required");
  expect_problem(e, "t.yaml:1:version", "required");
  expect_problem(e, "t.yaml:1:title", "required");
  EXPECT_EQ(e.details.size(), 3u) << listing(e);
}

TEST(YamlLoader, EmptyTitleIsReportedOnItsLine) {
  Error e = parse_error(base_with({{3, "title: \"\""}}));
  expect_problem(e, "t.yaml:3:title", "required");
  Error null_title = parse_error(base_with({{3, "title:"}}));
  expect_problem(null_title, "t.yaml:3:title", "required");
}

TEST(YamlLoader, MissingScaleAndPillarsAreReported) {
  std::map<int, std::string> edits;
  for (int line = 4; line <= 34; ++line) edits[line] = "";
  Error e = parse_error(base_with(edits));
  expect_problem(e, "t.yaml:1:scale", "at least two levels");
  expect_problem(e, "t.yaml:1:pillars", "at least one pillar");
}

TEST(YamlLoader, MissingPillarTitleNamesThePillarLine) {
  Error e = parse_error(base_with({{25, ""}}));
  expect_problem(e, "t.yaml:24:pillars[1].title", "required");
  EXPECT_EQ(e.details.size(), 1u) << listing(e);
}

TEST(YamlLoader, MissingPillarKeyAndAreasAreReported) {
  Error e = parse_error(base_with({{24, "  - title: Pillar two"}, {25, ""}, {26, ""}, {27, ""},
                                   {28, ""}, {29, ""}, {30, ""}, {31, ""}, {32, ""}, {33, ""},
                                   {34, ""}}));
  expect_problem(e, "t.yaml:24:pillars[1].key", "required");
  expect_problem(e, "t.yaml:24:pillars[1].areas", "at least one area");
}

TEST(YamlLoader, MissingAreaFieldsAreReportedAtTheArea) {
  // Area a1 loses its key; area a2 loses its descriptors and questions.
  Error e = parse_error(base_with({{16, "      - title: Area one"},
                                   {17, ""},
                                   {29, ""},
                                   {30, ""},
                                   {31, ""},
                                   {32, ""},
                                   {33, ""},
                                   {34, ""}}));
  expect_problem(e, "t.yaml:16:pillars[0].areas[0].key", "required");
  expect_problem(e, "t.yaml:27:pillars[1].areas[0].descriptors", "one for each scale level");
  expect_problem(e, "t.yaml:27:pillars[1].areas[0].questions", "2 to 4");
}

TEST(YamlLoader, WrongTypesAreReportedWithTheirFields) {
  std::map<int, std::string> edits{{3, "title: [a, b]"},
                                    {7, "  - level: two"},
                                    {21, "        questions: {a: b}"},
                                    {22, ""},
                                    {23, ""},
                                    {26, "    areas: none"}};
  for (int line = 27; line <= 34; ++line) edits[line] = "";
  Error e = parse_error(base_with(edits));
  expect_problem(e, "t.yaml:3:title", "must be text");
  expect_problem(e, "t.yaml:7:scale[1].level", "whole number");
  expect_problem(e, "t.yaml:26:pillars[1].areas", "must be a list");
  expect_problem(e, "t.yaml:21:pillars[0].areas[0].questions", "must be a list");
  // A scale level that cannot be read must not set off spurious descriptor complaints.
  for (const auto& d : e.details)
    EXPECT_EQ(d.where.find("descriptors"), std::string::npos) << listing(e);
  EXPECT_EQ(e.details.size(), 4u) << listing(e);
}

TEST(YamlLoader, QuotedLevelIsAWrongType) {
  Error e = parse_error(base_with({{7, "  - level: \"2\""}}));
  expect_problem(e, "t.yaml:7:scale[1].level", "whole number");
}

TEST(YamlLoader, ScalarWhereAMappingBelongsIsReported) {
  Error e = parse_error(base_with({{9, "scoring: mean"}, {10, ""}, {11, ""}}));
  expect_problem(e, "t.yaml:9:scoring", "must be a mapping");
  Error pillar = parse_error(base_with({{13, "  - p1"}, {14, ""}, {15, ""}, {16, ""}, {17, ""},
                                        {18, ""}, {19, ""}, {20, ""}, {21, ""}, {22, ""},
                                        {23, ""}}));
  expect_problem(pillar, "t.yaml:13:pillars[0]", "must be a mapping");
}

TEST(YamlLoader, KeysMustBeLowerSnakeCase) {
  Error e = parse_error(base_with({{1, "key: Mini"}, {13, "  - key: Pillar-One"},
                                   {27, "      - key: area two"}}));
  expect_problem(e, "t.yaml:1:key", "lower-case letters, digits and underscores");
  expect_problem(e, "t.yaml:13:pillars[0].key", "'Pillar-One' is not a valid key");
  expect_problem(e, "t.yaml:27:pillars[1].areas[0].key", "'area two' is not a valid key");
  EXPECT_EQ(e.details.size(), 3u) << listing(e);
}

TEST(YamlLoader, DuplicatePillarKeysAreRefused) {
  Error e = parse_error(base_with({{24, "  - key: p1"}}));
  expect_problem(e, "t.yaml:24:pillars[1].key", "duplicate pillar key 'p1'");
}

TEST(YamlLoader, DuplicateAreaKeysAcrossPillarsAreRefused) {
  Error e = parse_error(base_with({{27, "      - key: a1"}}));
  expect_problem(e, "t.yaml:27:pillars[1].areas[0].key", "duplicate area key 'a1'");
  expect_problem(e, "t.yaml:27:pillars[1].areas[0].key", "pillars[0].areas[0]");
}

TEST(YamlLoader, DuplicateScaleLevelsAreRefused) {
  Error e = parse_error(base_with({{7, "  - level: 1"}}));
  expect_problem(e, "t.yaml:7:scale[1].level", "more than once");
}

TEST(YamlLoader, ScaleLevelsMustAscend) {
  Error e = parse_error(base_with({{5, "  - level: 2"}, {6, "    label: High"},
                                   {7, "  - level: 1"}, {8, "    label: Low"},
                                   {19, "          2: High descriptor"},
                                   {20, "          1: Low descriptor"}}));
  expect_problem(e, "t.yaml:7:scale[1].level", "ascending");
  EXPECT_EQ(e.details.size(), 1u) << listing(e);
}

TEST(YamlLoader, ScaleLevelNeedsLevelAndLabel) {
  Error e = parse_error(base_with({{5, "  - label: Low"}, {6, ""}, {8, "    colour: red"}}));
  expect_problem(e, "t.yaml:5:scale[0].level", "required");
  expect_problem(e, "t.yaml:7:scale[1].label", "required");
}

TEST(YamlLoader, BadColourIsRefused) {
  Error e = parse_error(base_with({{8, "    label: High\n    colour: \"#12345\""}}));
  expect_problem(e, "t.yaml:9:scale[1].colour", "not a colour");
}

TEST(YamlLoader, DescriptorMissingForAScaleLevelIsReported) {
  Error e = parse_error(base_with({{31, ""}}));
  expect_problem(e, "t.yaml:29:pillars[1].areas[0].descriptors.2",
                 "descriptor for level 2 (High) is missing");
  EXPECT_EQ(e.details.size(), 1u) << listing(e);
}

TEST(YamlLoader, DescriptorForALevelNotOnTheScaleIsReported) {
  Error e = parse_error(base_with({{20, "          2: High descriptor\n          5: Too high"}}));
  expect_problem(e, "t.yaml:21:pillars[0].areas[0].descriptors.5", "not on the scale");
}

TEST(YamlLoader, DescriptorKeyThatIsNotALevelNumberIsReported) {
  Error e = parse_error(base_with({{20, "          two: High descriptor"}}));
  expect_problem(e, "t.yaml:20:pillars[0].areas[0].descriptors.two", "not a scale level");
}

TEST(YamlLoader, EmptyDescriptorIsReported) {
  Error e = parse_error(base_with({{20, "          2: \"\""}}));
  expect_problem(e, "t.yaml:20:pillars[0].areas[0].descriptors.2", "must not be empty");
}

TEST(YamlLoader, TooFewQuestionsAreRefused) {
  Error e = parse_error(base_with({{23, ""}}));
  expect_problem(e, "t.yaml:21:pillars[0].areas[0].questions", "2 to 4 guiding questions (found 1)");
}

TEST(YamlLoader, TooManyQuestionsAreRefused) {
  Error e = parse_error(
      base_with({{23, "          - Q2?\n          - Q3?\n          - Q4?\n          - Q5?"}}));
  expect_problem(e, "t.yaml:21:pillars[0].areas[0].questions", "(found 5)");
}

TEST(YamlLoader, EmptyQuestionIsRefused) {
  Error e = parse_error(base_with({{23, "          - \"  \""}}));
  expect_problem(e, "t.yaml:23:pillars[0].areas[0].questions[1]", "must not be empty");
}

TEST(YamlLoader, UnknownAggregationIsRefused) {
  Error e = parse_error(base_with({{11, "  pillar_to_overall: average"}}));
  expect_problem(e, "t.yaml:11:scoring.pillar_to_overall", "unknown aggregation 'average'");
}

TEST(YamlLoader, UnknownTopLevelKeyIsRefusedByName) {
  Error e = parse_error(base_with({{3, "titel: Mini framework"}}));
  expect_problem(e, "t.yaml:3:titel", "unknown field 'titel'");
  expect_problem(e, "t.yaml:1:title", "required");
}

TEST(YamlLoader, UnknownNestedKeysAreRefused) {
  Error e = parse_error(base_with({{10, "  area_to_pilar: mean"},
                                   {14, "    title: Pillar one\n    colour: blue"},
                                   }));
  expect_problem(e, "t.yaml:10:scoring.area_to_pilar", "unknown field");
  expect_problem(e, "t.yaml:15:pillars[0].colour", "unknown field 'colour'");
}

TEST(YamlLoader, RepeatedFieldIsRefused) {
  Error e = parse_error(base_with({{3, "title: Mini framework\ntitle: Again"}}));
  expect_problem(e, "t.yaml:4:title", "duplicate field 'title' (first given on line 3)");
}

TEST(YamlLoader, MalformedYamlReportsTheLine) {
  Error e = parse_error(base_with({{14, "    title: [Pillar one"}}));
  ASSERT_EQ(e.details.size(), 1u) << listing(e);
  EXPECT_NE(e.details[0].message.find("YAML syntax error"), std::string::npos);
  // The flow sequence opened on line 14 is reported where the parser gives up, on line 15.
  EXPECT_EQ(e.details[0].where, "t.yaml:15");
  EXPECT_EQ(e.where, e.details[0].where);

  Error indent = parse_error("key: mini\n  version: 1\n");
  ASSERT_EQ(indent.details.size(), 1u) << listing(indent);
  EXPECT_EQ(indent.details[0].where, "t.yaml:2");
}

TEST(YamlLoader, EmptyOrNonMappingDocumentIsRefused) {
  Error empty = parse_error("");
  expect_problem(empty, "t.yaml:1", "empty");
  Error list = parse_error("- a\n- b\n");
  expect_problem(list, "t.yaml:1", "must be a mapping");
}

TEST(YamlLoader, CollectsEveryProblemInLineOrder) {
  Error e = parse_error(base_with({{1, "key: Bad-Key"},
                                   {11, "  pillar_to_overall: sum"},
                                   {17, "        title: \"\""},
                                   {23, ""},
                                   {27, "      - key: a1"},
                                   {31, "          3: Out of scale"}}));
  ASSERT_EQ(e.details.size(), 7u) << listing(e);
  EXPECT_EQ(e.details[0].where, "t.yaml:1:key");
  EXPECT_EQ(e.details[1].where, "t.yaml:11:scoring.pillar_to_overall");
  EXPECT_EQ(e.details[2].where, "t.yaml:17:pillars[0].areas[0].title");
  EXPECT_EQ(e.details[3].where, "t.yaml:21:pillars[0].areas[0].questions");
  EXPECT_EQ(e.details[4].where, "t.yaml:27:pillars[1].areas[0].key");
  // Line 31 now gives level 3 (not on the scale) and leaves level 2 without a descriptor.
  EXPECT_EQ(e.details[5].where, "t.yaml:29:pillars[1].areas[0].descriptors.2");
  EXPECT_EQ(e.details[6].where, "t.yaml:31:pillars[1].areas[0].descriptors.3");
  EXPECT_EQ(e.where, "t.yaml:1:key");
  EXPECT_NE(e.message.find("7 problems"), std::string::npos) << e.message;
}

TEST(YamlLoader, MissingFileIsAnIoErrorNamingTheFile) {
  auto r = load_yaml_file("/nonexistent/dir/framework.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io_error);
  EXPECT_EQ(r.error().where, "/nonexistent/dir/framework.yaml");
}

}  // namespace
}  // namespace pvf::framework
