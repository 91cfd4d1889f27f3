#include "server/export.h"

#include <gtest/gtest.h>

#include "core/csv.h"
#include "framework/scoring.h"

namespace pvf::server {
namespace {

framework::Framework tiny_framework() {
  framework::Framework f;
  f.key = "pvf";
  f.version = "t";
  f.title = "Tiny";
  f.scale = {{1, "Weak", "#d4351c"}, {2, "Fair", "#f47738"}, {3, "Good", "#85994b"}, {4, "Strong", "#00703c"}};
  f.pillars = {{"goals", "Pursuing goals", {{"ambition", "Degree of ambition", {}, {}},
                                            {"progress", "Progress, \"so far\"", {}, {}}}},
               {"inputs", "Managing inputs", {{"data", "Quality of data", {}, {}}}}};
  return f;
}

ScorecardView view_with(const framework::LevelMap& now, const framework::LevelMap& before) {
  ScorecardView v;
  v.framework.key = "pvf";
  v.framework.version = "t";
  v.framework.definition = std::make_shared<framework::Framework>(tiny_framework());
  v.body.name = "Leeds, City of";
  v.body.code = "E08000035";
  v.assessment.period = "2024-25";
  v.previous = store::Assessment{};
  v.previous->period = "2023-24";
  v.card = framework::compute_scorecard(*v.framework.definition, now, &before);
  v.history.push_back({1, "2024-25", framework::AssessmentStatus::agreed, v.card});
  return v;
}

TEST(Export, ScorecardCsvIsOneTidyTableWithHandComputedScores) {
  auto v = view_with({{"ambition", 2}, {"progress", 3}, {"data", 4}}, {{"ambition", 1}, {"data", 4}});
  auto table = csv::parse(scorecard_csv(v), "scorecard.csv", false);
  ASSERT_TRUE(table) << table.error().to_text();
  ASSERT_EQ(table->header.size(), 13u);
  EXPECT_EQ(table->header[4], "scope");
  ASSERT_EQ(table->rows.size(), 3u + 2u + 1u);  // 3 areas, 2 pillars, overall
  const auto& ambition = table->rows[0].fields;
  EXPECT_EQ(ambition[0], "Leeds, City of");  // the comma survives quoting
  EXPECT_EQ(ambition[8], "Fair");
  EXPECT_EQ(ambition[9], "2");
  EXPECT_EQ(ambition[11], "1");
  EXPECT_EQ(ambition[12], "1");
  const auto& progress = table->rows[1].fields;
  EXPECT_EQ(progress[7], "Progress, \"so far\"");
  EXPECT_EQ(progress[11], "");  // not rated before: no change
  const auto& goals = table->rows[2].fields;
  EXPECT_EQ(goals[4], "pillar");
  EXPECT_EQ(goals[9], "2.5");   // mean(2,3)
  EXPECT_EQ(goals[11], "1");    // previous: only ambition rated, 1
  EXPECT_EQ(goals[12], "1.5");
  const auto& overall = table->rows[5].fields;
  EXPECT_EQ(overall[4], "overall");
  EXPECT_EQ(overall[9], "3.25");  // mean(2.5, 4)
  EXPECT_EQ(overall[11], "2.5");  // mean(1, 4)
  EXPECT_EQ(overall[12], "0.75");
}

TEST(Export, XlsxIsAZipWorkbook) {
  auto v = view_with({{"ambition", 2}}, {});
  auto x = scorecard_xlsx(v);
  ASSERT_TRUE(x) << x.error().to_text();
  ASSERT_GT(x->size(), 1000u);
  EXPECT_EQ(x->substr(0, 2), "PK");
  EXPECT_NE(x->find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(x->find("xl/worksheets/sheet2.xml"), std::string::npos);  // History
}

TEST(Export, ComparisonCsvHasAreaAndPillarColumns) {
  Comparison c;
  c.framework.definition = std::make_shared<framework::Framework>(tiny_framework());
  c.period = "2024-25";
  ComparisonRow row;
  row.body.name = "York";
  row.body.type = "council";
  row.levels = {{"ambition", 4}, {"data", 1}};
  row.card = framework::compute_scorecard(*c.framework.definition, row.levels);
  c.rows.push_back(row);
  auto table = csv::parse(comparison_csv(c), "c.csv", false);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->header, (std::vector<std::string>{"body", "code", "type", "region", "status", "ambition",
                                                     "progress", "data", "goals", "inputs", "overall"}));
  EXPECT_EQ(table->rows[0].fields[5], "4");
  EXPECT_EQ(table->rows[0].fields[6], "");
  EXPECT_EQ(table->rows[0].fields[10], "2.5");
}

TEST(Export, FileStemIsSafe) {
  EXPECT_EQ(file_stem("Leeds, City of - pvf 2017/2024-25"), "leeds-city-of-pvf-2017-2024-25");
  EXPECT_EQ(file_stem("../../etc"), "etc");
}

TEST(Export, TextThatASpreadsheetWouldRunIsNeutralised) {
  Comparison c;
  c.framework.definition = std::make_shared<framework::Framework>(tiny_framework());
  ComparisonRow row;
  row.body.name = "=HYPERLINK(\"http://evil\")";
  row.body.type = "council";
  row.body.region = "@SUM(A1)";
  row.card = framework::compute_scorecard(*c.framework.definition, {});
  c.rows.push_back(row);
  auto table = csv::parse(comparison_csv(c), "c.csv", false);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->rows[0].fields[0], "'=HYPERLINK(\"http://evil\")");
  EXPECT_EQ(table->rows[0].fields[3], "'@SUM(A1)");
}

}  // namespace
}  // namespace pvf::server
