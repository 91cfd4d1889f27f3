// The measurement API end to end through the application (no network): imports, comparison,
// series, goals, productivity, surveys, signals and exports, with every expected figure worked
// by hand in the comments.
#include <gtest/gtest.h>

#include "server/test_fixture.h"

namespace pvf::server::testing {
namespace {

using nlohmann::json;

class MeasureApiTest : public AppFixture {
 protected:
  void SetUp() override {
    AppFixture::SetUp();
    admin_ = login("admin");
    import("bodies", "bodies.csv",
           "name,code,type,region,subtype\n"
           "Leeds,E08000035,council,Yorkshire and The Humber,Metropolitan Districts\n"
           "York,E06000014,council,Yorkshire and The Humber,Unitary Authorities\n"
           "Bradford,E08000032,council,Yorkshire and The Humber,Metropolitan Districts\n"
           "Kent,E10000016,council,South East,Counties\n"
           "Camden,E09000007,council,London,London Boroughs\n",
           "/api/v1/bodies/import");
    import("indicators", "indicators.csv",
           "key,name,unit,polarity,frequency,area,source\n"
           "SAT,Satisfaction,%,higher,annual,progress_towards_goals,Test data\n");
    import("observations", "obs.csv",
           "indicator,body,period,value\n"
           "SAT,E08000035,2021-22,50\n"
           "SAT,E08000035,2022-23,55\n"
           "SAT,E06000014,2022-23,68\n"
           "SAT,E08000035,2023-24,60\n"
           "SAT,E06000014,2023-24,70\n"
           "SAT,E08000032,2023-24,50\n"
           "SAT,E10000016,2023-24,80\n"
           "SAT,E09000007,2023-24,90\n");
  }

  json import(const std::string& kind, const std::string& filename, const std::string& csv,
              std::string target = {}) {
    if (target.empty()) target = "/api/v1/imports/" + kind + "?filename=" + filename;
    else target += "?filename=" + filename;
    Response r = call("POST", target, csv, &admin_, true, "text/csv");
    EXPECT_EQ(r.status, 200) << kind << ": " << r.body;
    return body_json(r);
  }

  json get(const std::string& target, const Client* who = nullptr) {
    Response r = call("GET", target, {}, who ? who : &admin_);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return body_json(r);
  }

  Client admin_;
};

TEST_F(MeasureApiTest, ComparisonAmongAllBodiesHasHandWorkedMedianQuartilesRankAndMads) {
  // 2023-24 values 50, 60 (Leeds), 70, 80, 90. Median 70; QUARTILE.INC q1 = x[1] = 60,
  // q3 = x[3] = 80; |deviations| 20,10,0,10,20 -> MAD 10. Leeds: rank 4 of 5 (higher is
  // better), (60 - 70) / 10 = -1 MADs, and 60 is in [q1, median): third quarter.
  json c = get("/api/v1/indicators/SAT/comparison?body=" + std::to_string(leeds_id_));
  EXPECT_EQ(c["period"], "2023-24");  // the latest by default
  EXPECT_EQ(c["group"]["label"], "All bodies");
  EXPECT_EQ(c["distribution"]["count"], 5);
  EXPECT_DOUBLE_EQ(c["distribution"]["median"].get<double>(), 70);
  EXPECT_DOUBLE_EQ(c["distribution"]["q1"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(c["distribution"]["q3"].get<double>(), 80);
  EXPECT_DOUBLE_EQ(c["distribution"]["mad"].get<double>(), 10);
  ASSERT_EQ(c["bodies"].size(), 5u);
  EXPECT_EQ(c["bodies"][0]["name"], "Camden");
  EXPECT_EQ(c["bodies"][0]["rank"], 1);
  EXPECT_EQ(c["body"]["rank"], 4);
  EXPECT_EQ(c["body"]["quartile"], 3);
  EXPECT_DOUBLE_EQ(c["body"]["mads_from_median"].get<double>(), -1);
  EXPECT_TRUE(c["missing"].empty());
}

TEST_F(MeasureApiTest, ComparisonWithinRegionAndTypeUsesTheChosenBodysGroup) {
  const std::string leeds = std::to_string(leeds_id_);
  // Yorkshire and The Humber: 50, 60, 70 -> median 60, Leeds 2nd, 0 MADs, second quarter.
  json r = get("/api/v1/indicators/SAT/comparison?group=region&body=" + leeds);
  EXPECT_EQ(r["group"]["label"], "Yorkshire and The Humber");
  EXPECT_EQ(r["distribution"]["count"], 3);
  EXPECT_DOUBLE_EQ(r["distribution"]["median"].get<double>(), 60);
  EXPECT_EQ(r["body"]["rank"], 2);
  EXPECT_EQ(r["body"]["quartile"], 2);
  // Metropolitan Districts: Leeds and Bradford only.
  json t = get("/api/v1/indicators/SAT/comparison?group=type&body=" + leeds);
  EXPECT_EQ(t["group"]["label"], "Metropolitan Districts");
  EXPECT_EQ(t["distribution"]["count"], 2);
  EXPECT_EQ(t["body"]["rank"], 1);
  // A period without data for some members lists them as missing.
  json p = get("/api/v1/indicators/SAT/comparison?period=2022-23&group=region&body=" + leeds);
  ASSERT_EQ(p["missing"].size(), 1u);
  EXPECT_EQ(p["missing"][0]["name"], "Bradford");
}

TEST_F(MeasureApiTest, ComparisonRefusesAGroupThatNeedsABodyWithout) {
  Response r = call("GET", "/api/v1/indicators/SAT/comparison?group=region", {}, &admin_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(body_json(r)["error"]["details"][0]["where"], "body");
  EXPECT_EQ(call("GET", "/api/v1/indicators/NOPE/comparison", {}, &admin_).status, 404);
}

TEST_F(MeasureApiTest, SeriesGivesTheBodyAgainstTheGroupBandPerPeriod) {
  json s = get("/api/v1/indicators/SAT/series?body=" + std::to_string(leeds_id_));
  ASSERT_EQ(s["points"].size(), 3u);
  // 2022-23: Leeds 55, York 68 -> median 61.5; QUARTILE.INC q1 = 55 + 0.25 * 13 = 58.25.
  const json& p = s["points"][1];
  EXPECT_EQ(p["period"], "2022-23");
  EXPECT_DOUBLE_EQ(p["value"].get<double>(), 55);
  EXPECT_DOUBLE_EQ(p["median"].get<double>(), 61.5);
  EXPECT_DOUBLE_EQ(p["q1"].get<double>(), 58.25);
  EXPECT_DOUBLE_EQ(p["q3"].get<double>(), 64.75);
  EXPECT_EQ(p["rank"], 2);
}

TEST_F(MeasureApiTest, BadObservationFileIsRefusedWholeWithEveryProblemAndNothingWritten) {
  const int64_t before = get("/api/v1/indicators/SAT")["observations"].get<int64_t>();
  Response r = call("POST", "/api/v1/imports/observations?filename=bad.csv",
                    "indicator,body,period,value\n"
                    "SAT,E08000035,2024-25,61\n"
                    "SAT,E08000035,2025-26,abc\n"
                    "SAT,NOWHERE,2024-25,3\n",
                    &admin_, true, "text/csv");
  ASSERT_EQ(r.status, 422) << r.body;
  const std::string details = body_json(r)["error"]["details"].dump();
  EXPECT_NE(details.find("bad.csv:3:value"), std::string::npos) << details;
  EXPECT_NE(details.find("bad.csv:4:body"), std::string::npos) << details;
  EXPECT_EQ(get("/api/v1/indicators/SAT")["observations"].get<int64_t>(), before);
}

TEST_F(MeasureApiTest, ReimportingTheSameFileChangesNothing) {
  json again = import("observations", "obs.csv",
                      "indicator,body,period,value\nSAT,E08000035,2021-22,50\n");
  EXPECT_EQ(again["inserted"], 0);
  EXPECT_EQ(again["updated"], 0);
  EXPECT_EQ(again["unchanged"], 1);
}

TEST_F(MeasureApiTest, ImportNeedsCsvAndTheRightRole) {
  Response json_body = call("POST", "/api/v1/imports/indicators", "{}", &admin_);
  EXPECT_EQ(json_body.status, 415);
  Client lead = login("body_lead");
  Response obs = call("POST", "/api/v1/imports/observations", "indicator,body,period,value\n",
                      &lead, true, "text/csv");
  EXPECT_EQ(obs.status, 403);
  EXPECT_EQ(call("POST", "/api/v1/imports/nonsense", "a\n", &admin_, true, "text/csv").status, 404);
}

TEST_F(MeasureApiTest, GoalStatusIsWorkedOutFromTheObservations) {
  // Leeds: 50, 55, 60 in 2021-22..2023-24: least squares slope 5 a year, 70 projected for
  // 2025-26. Target 90 from a baseline of 50: planned change 40, short by 20 > 20% of 40 = 8
  // -> off_track. Target 74: short by 4 <= 20% of 24 = 4.8 -> at_risk.
  Client lead = login("body_lead");
  json goal{{"key", "leeds-sat"},         {"body_id", leeds_id_},  {"indicator", "SAT"},
            {"title", "Raise satisfaction"}, {"baseline_period", "2021-22"}, {"baseline_value", 50},
            {"target_period", "2025-26"},  {"target_value", 90}};
  Response r = call("POST", "/api/v1/goals", goal.dump(), &lead);
  ASSERT_EQ(r.status, 201) << r.body;
  json g = body_json(r);
  EXPECT_EQ(g["status"], "off_track");
  EXPECT_NEAR(g["projected_value"].get<double>(), 70, 1e-9);
  EXPECT_EQ(g["latest_period"], "2023-24");
  EXPECT_NEAR(g["planned_value_latest"].get<double>(), 70, 1e-9);  // 50 + 40 * 2/4

  goal["target_value"] = 74;
  Response u = call("PUT", "/api/v1/goals/" + std::to_string(g["id"].get<int64_t>()), goal.dump(), &lead);
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(body_json(u)["status"], "at_risk");

  json list = get("/api/v1/bodies/" + std::to_string(leeds_id_) + "/goals");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["observations"].size(), 3u);

  // A body lead sets goals for their own body only.
  goal["key"] = "york-sat";
  goal["body_id"] = york_id_;
  EXPECT_EQ(call("POST", "/api/v1/goals", goal.dump(), &lead).status, 403);
}

TEST_F(MeasureApiTest, SignalsFlagATopRatingWhileGoalsAreOffTrack) {
  json goal{{"key", "leeds-sat"},         {"body_id", leeds_id_},  {"indicator", "SAT"},
            {"baseline_period", "2021-22"}, {"baseline_value", 50},
            {"target_period", "2025-26"},  {"target_value", 90}};
  ASSERT_EQ(call("POST", "/api/v1/goals", goal.dump(), &admin_).status, 201);
  Response rated = call("PUT",
                        "/api/v1/assessments/" + std::to_string(draft_id_) +
                            "/ratings/progress_towards_goals",
                        json{{"level", 4}, {"rationale", "All on course"}}.dump(), &admin_);
  ASSERT_EQ(rated.status, 200) << rated.body;

  json s = get("/api/v1/assessments/" + std::to_string(draft_id_) + "/signals");
  EXPECT_EQ(s["areas"].size(), area_keys_.size());
  const json* progress = nullptr;
  for (const auto& a : s["areas"])
    if (a["area_key"] == "progress_towards_goals") progress = &a;
  ASSERT_NE(progress, nullptr);
  EXPECT_EQ((*progress)["level"], 4);
  EXPECT_TRUE((*progress)["disagreement"].get<bool>()) << progress->dump(2);
  // The goal rule stands even though the comparison and trend signals (both positive here)
  // outweigh the one off-track goal in the overall data view.
  EXPECT_EQ((*progress)["data_view"], "positive") << progress->dump(2);
  EXPECT_EQ((*progress)["disagreement_reason"], "Rated Leading (4 of 4), but 1 of 1 goal is off track.");
  EXPECT_FALSE((*progress)["signals"].empty());
}

TEST_F(MeasureApiTest, ProductivityIsTheCostWeightedOutputOverDeflatedInputs) {
  // Two activities with equal costs in 2022-23 (100 x 10 = 50 x 20 = 1000): weights 0.5, 0.5.
  // Visits grow 10%, assessments 0%: output link 0.5 * 1.1 + 0.5 * 1.0 = 1.05 -> 105.
  // Inputs: 2000 / 100 = 20 and 2100 / 105 = 20 in volume -> 100. Productivity 105.
  import("activity", "act.csv",
         "body,period,activity,volume,unit_cost\n"
         "E08000035,2022-23,visits,100,10\nE08000035,2022-23,assessments,50,20\n"
         "E08000035,2023-24,visits,110,10\nE08000035,2023-24,assessments,50,20\n");
  import("inputs", "in.csv",
         "body,period,expenditure,deflator\nE08000035,2022-23,2000,100\nE08000035,2023-24,2100,105\n");
  json p = get("/api/v1/bodies/" + std::to_string(leeds_id_) + "/productivity");
  ASSERT_EQ(p["indices"].size(), 2u);
  EXPECT_DOUBLE_EQ(p["indices"][0]["output_index"].get<double>(), 100);
  EXPECT_NEAR(p["indices"][1]["output_index"].get<double>(), 105, 1e-9);
  EXPECT_NEAR(p["indices"][1]["input_index"].get<double>(), 100, 1e-9);
  EXPECT_NEAR(p["indices"][1]["productivity_index"].get<double>(), 105, 1e-9);
  EXPECT_EQ(p["money"], "nominal");
}

TEST_F(MeasureApiTest, SurveyShareHasAWilsonInterval) {
  // 7 of 10 unweighted "Yes": Wilson 95% interval 0.3968 to 0.8922 (worked from
  // (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.95996).
  import("survey-questions", "q.csv",
         "question,text,levels,top_levels,area\n"
         "sat,Are you satisfied?,No|Neutral|Yes,1,user_experience_and_participation\n");
  std::string responses = "respondent,body,period,question,answer\n";
  for (int i = 0; i < 10; ++i) {
    responses += 'r';  // appended piece by piece: GCC 12 -O3 warns falsely on "r" + std::string&&
    responses += std::to_string(i);
    responses += ",E08000035,2023-24,sat,";
    responses += i < 7 ? "Yes\n" : "No\n";
  }
  import("survey-responses", "r.csv", responses);
  json s = get("/api/v1/bodies/" + std::to_string(leeds_id_) + "/surveys");
  ASSERT_EQ(s["estimates"].size(), 1u);
  const json& e = s["estimates"][0];
  EXPECT_DOUBLE_EQ(e["share"].get<double>(), 0.7);
  EXPECT_NEAR(e["ci_low"].get<double>(), 0.3968, 5e-5);
  EXPECT_NEAR(e["ci_high"].get<double>(), 0.8922, 5e-5);
  EXPECT_EQ(e["significant"], nullptr);
}

TEST_F(MeasureApiTest, ObservationsExportAsTidyCsvAndXlsx) {
  Response r = call("GET", "/api/v1/observations/export?indicator=SAT", {}, &admin_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, r.body.find('\n')),
            "indicator,indicator_name,body,code,period,value,numerator,denominator,quality");
  EXPECT_NE(r.body.find("SAT,Satisfaction,Leeds,E08000035,2021-22,50,,,"), std::string::npos) << r.body;
  Response x = call("GET", "/api/v1/observations/export?format=xlsx", {}, &admin_);
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.body.substr(0, 2), "PK");  // a zip container
}

TEST_F(MeasureApiTest, IndicatorDefinitionsCanBeEditedByAnalystsOnly) {
  Client viewer = login("viewer");
  json def{{"name", "Satisfaction (%)"}, {"polarity", "higher"}, {"unit", "%"}};
  EXPECT_EQ(call("PUT", "/api/v1/indicators/SAT", def.dump(), &viewer).status, 403);
  Response ok = call("PUT", "/api/v1/indicators/SAT", def.dump(), &admin_);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body_json(ok)["name"], "Satisfaction (%)");
  def["polarity"] = "sideways";
  EXPECT_EQ(call("PUT", "/api/v1/indicators/SAT", def.dump(), &admin_).status, 422);
}

TEST_F(MeasureApiTest, ABodysSubtypeIsSetThroughTheApiAndAPutWithoutItClearsIt) {
  json in{{"name", "Wakefield"}, {"code", "E08000036"}, {"type", "council"},
          {"subtype", "Metropolitan Districts"}};
  Response created = call("POST", "/api/v1/bodies", in.dump(), &admin_);
  ASSERT_EQ(created.status, 201) << created.body;
  json b = body_json(created);
  EXPECT_EQ(b["subtype"], "Metropolitan Districts");

  in.erase("subtype");
  Response put = call("PUT", "/api/v1/bodies/" + std::to_string(b["id"].get<int64_t>()), in.dump(), &admin_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(body_json(put)["subtype"].is_null());

  in["subtype"] = 7;
  EXPECT_EQ(call("POST", "/api/v1/bodies", in.dump(), &admin_).status, 422);
}

TEST_F(MeasureApiTest, ATrendsPercentageFollowsItsLineNotItsEndPoints) {
  // Leeds 50, 45, 35, 30, 52 over five years: the end points rise 4%, but the least-squares
  // line falls. x = 0..4, means 2 and 42.4; Sxy = -15.2 - 2.6 + 0 - 12.4 + 19.2 = -11, Sxx = 10:
  // slope -1.1 a year; the line runs from 44.6 to 40.2, -4.4 / 44.6 = -9.9%.
  const std::string area = area_keys_.at(1);
  import("indicators", "noisy.csv",
         "key,name,unit,polarity,frequency,area,source\n"
         "NOISY,Noisy measure,%,higher,annual," + area + ",Test data\n");
  import("observations", "noisy-obs.csv",
         "indicator,body,period,value\n"
         "NOISY,E08000035,2019-20,50\nNOISY,E08000035,2020-21,45\nNOISY,E08000035,2021-22,35\n"
         "NOISY,E08000035,2022-23,30\nNOISY,E08000035,2023-24,52\n");
  json s = get("/api/v1/assessments/" + std::to_string(draft_id_) + "/signals");
  const json* trend = nullptr;
  for (const auto& a : s["areas"])
    if (a["area_key"] == area)
      for (const auto& sig : a["signals"])
        if (sig["kind"] == "trend" && sig["subject"] == "NOISY") trend = &sig;
  ASSERT_NE(trend, nullptr) << s.dump(2);
  EXPECT_EQ((*trend)["direction"], "negative");
  EXPECT_EQ((*trend)["headline"], "Noisy measure worsening: -9.9% from 2019-20 to 2023-24")
      << trend->dump();
}

}  // namespace
}  // namespace pvf::server::testing
