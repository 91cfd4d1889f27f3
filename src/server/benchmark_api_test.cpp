// The benchmarking API end to end through the application (no network): a DEA run started as a
// job, its progress and result, the CSV export, job ownership and cancelling, spec errors, and
// nearest-neighbour groups. Figures: Coelli's DEAP 2.1 example 1 (published CRS input-oriented
// efficiencies A 0.5, B 1, C 0.833, D 0.714, E 1; ../shared/data/dea/).
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "server/test_fixture.h"

namespace pvf::server::testing {
namespace {

using nlohmann::json;

class BenchmarkApiTest : public AppFixture {
 protected:
  void SetUp() override {
    AppFixture::SetUp();
    admin_ = login("admin");
    analyst_ = login("treasury_analyst");
    post_csv("/api/v1/bodies/import?filename=firms.csv",
             "name,code,type\nA,A,council\nB,B,council\nC,C,council\nD,D,council\nE,E,council\n");
    post_csv("/api/v1/imports/inputs?filename=inputs.csv",
             "body,period,input,expenditure,deflator\n"
             "A,2023-24,x1,2,100\nA,2023-24,x2,5,100\nB,2023-24,x1,2,100\nB,2023-24,x2,4,100\n"
             "C,2023-24,x1,6,100\nC,2023-24,x2,6,100\nD,2023-24,x1,3,100\nD,2023-24,x2,2,100\n"
             "E,2023-24,x1,6,100\nE,2023-24,x2,2,100\n");
    post_csv("/api/v1/imports/activity?filename=activity.csv",
             "body,period,activity,volume,unit_cost\n"
             "A,2023-24,y,1,1\nB,2023-24,y,2,1\nC,2023-24,y,3,1\nD,2023-24,y,1,1\nE,2023-24,y,2,1\n");
  }

  void post_csv(const std::string& target, const std::string& csv) {
    Response r = call("POST", target, csv, &admin_, true, "text/csv");
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
  }

  static json deap_spec() {
    return json{{"kind", "dea"},
                {"period", "2023-24"},
                {"inputs", {{{"source", "spending"}, {"key", "x1"}}, {{"source", "spending"}, {"key", "x2"}}}},
                {"outputs", {{{"source", "activity"}, {"key", "y"}}}},
                {"slacks", true}};
  }


  Client admin_, analyst_;
};

TEST_F(BenchmarkApiTest, DeaRunsAsAJobAndStoresDeapExample1Scores) {
  Response started = call("POST", "/api/v1/benchmarks", deap_spec().dump(), &analyst_);
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string location = started.header("Location").value_or("");
  ASSERT_EQ(location.rfind("/api/v1/jobs/", 0), 0u) << location;
  EXPECT_EQ(body_json(started)["kind"], "dea");

  json job = wait_for_job(location, analyst_);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  const int64_t id = job["result"]["benchmark_id"].get<int64_t>();

  Response got = call("GET", "/api/v1/benchmarks/" + std::to_string(id), {}, &analyst_);
  ASSERT_EQ(got.status, 200) << got.body;
  json run = body_json(got);
  EXPECT_EQ(run["units"], 5);
  EXPECT_EQ(run["efficient"], 2);
  std::map<std::string, double> score;
  for (const auto& r : run["results"]) score[r["name"].get<std::string>()] = r["efficiency"].get<double>();
  EXPECT_NEAR(score["A"], 0.500, 5e-4);
  EXPECT_NEAR(score["B"], 1.000, 5e-4);
  EXPECT_NEAR(score["C"], 0.833, 5e-4);
  EXPECT_NEAR(score["D"], 0.714, 5e-4);
  EXPECT_NEAR(score["E"], 1.000, 5e-4);

  Response csv = call("GET", "/api/v1/benchmarks/" + std::to_string(id) + "?format=csv", {}, &analyst_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "code,body,rank,efficiency,status,spending_x1,spending_x2,y,slack_spending_x1,"
            "slack_spending_x2,slack_y,peers,target_spending_x1,target_spending_x2,target_y");

  // A viewer reads runs but cannot see the analyst's job, start runs or delete them.
  Client viewer = login("viewer");
  EXPECT_EQ(call("GET", "/api/v1/benchmarks/" + std::to_string(id), {}, &viewer).status, 200);
  EXPECT_EQ(call("GET", location, {}, &viewer).status, 404);
  EXPECT_EQ(call("GET", location + "/events", {}, &viewer).status, 404);
  EXPECT_EQ(call("DELETE", location, {}, &viewer).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/benchmarks", deap_spec().dump(), &viewer).status, 403);

  // Cancelling a finished job is a conflict; its events stream at once.
  EXPECT_EQ(call("DELETE", location, {}, &analyst_).status, 409);
  Response events = call("GET", location + "/events", {}, &analyst_);
  EXPECT_EQ(events.status, 200);
  EXPECT_EQ(events.header("Content-Type").value_or("").rfind("text/event-stream", 0), 0u);

  json list = body_json(call("GET", "/api/v1/benchmarks?kind=dea", {}, &viewer));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id"], id);
  EXPECT_TRUE(body_json(call("GET", "/api/v1/benchmarks?kind=malmquist", {}, &viewer))["items"].empty());

  EXPECT_EQ(call("DELETE", "/api/v1/benchmarks/" + std::to_string(id), {}, &analyst_).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/benchmarks/" + std::to_string(id), {}, &analyst_).status, 404);
}

TEST_F(BenchmarkApiTest, BadSpecsAreRefusedAtOnceWithEveryProblemNamed) {
  json spec = deap_spec();
  spec["kind"] = "malmquist";
  spec["periods"] = {"2023-24"};
  spec.erase("period");
  spec["rts"] = "nirs";
  spec["outputs"][0]["key"] = "no_such_activity";
  Response r = call("POST", "/api/v1/benchmarks", spec.dump(), &analyst_);
  ASSERT_EQ(r.status, 422) << r.body;
  const json error = body_json(r)["error"];
  std::set<std::string> wheres;
  for (const auto& d : error["details"]) wheres.insert(d["where"].get<std::string>());
  EXPECT_TRUE(wheres.count("$.periods")) << r.body;
  EXPECT_TRUE(wheres.count("$.rts"));
  EXPECT_TRUE(wheres.count("$.outputs[0].key"));
  EXPECT_TRUE(wheres.count("$.slacks"));

  Response unknown = call("POST", "/api/v1/benchmarks", json{{"kind", "sfa"}}.dump(), &analyst_);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(body_json(unknown)["error"]["details"][0]["where"], "$.kind");
}

TEST_F(BenchmarkApiTest, ModelsAndVariablesDescribeWhatARunCanUse) {
  json models = body_json(call("GET", "/api/v1/benchmark-models", {}, &analyst_));
  ASSERT_EQ(models["returns_to_scale"].size(), 4u);
  EXPECT_EQ(models["returns_to_scale"][0]["key"], "crs");
  EXPECT_EQ(models["orientations"].size(), 2u);
  EXPECT_EQ(models["sources"].size(), 3u);
  json vars = body_json(call("GET", "/api/v1/benchmark-variables", {}, &analyst_));
  std::set<std::string> names;
  for (const auto& v : vars["items"]) names.insert(v["name"].get<std::string>());
  EXPECT_TRUE(names.count("spending"));
  EXPECT_TRUE(names.count("spending_x1"));
  EXPECT_TRUE(names.count("y"));
}

TEST_F(BenchmarkApiTest, NearestNeighboursPreviewAndSave) {
  post_csv("/api/v1/imports/indicators?filename=i.csv", "key,name,polarity\npop,Population,neutral\n");
  post_csv("/api/v1/imports/observations?filename=o.csv",
           "indicator,body,period,value\npop,A,2023-24,1\npop,B,2023-24,2\npop,C,2023-24,4\n"
           "pop,D,2023-24,8\n");
  const json bodies = body_json(call("GET", "/api/v1/bodies?q=A", {}, &analyst_));
  int64_t a_id = 0;
  for (const auto& b : bodies["items"])
    if (b["code"] == "A") a_id = b["id"].get<int64_t>();
  ASSERT_GT(a_id, 0);
  json request = {{"body_id", a_id}, {"indicators", {"pop"}}, {"period", "2023-24"}, {"k", 2},
                  {"save", false}};
  Response preview = call("POST", "/api/v1/comparison-groups/nearest-neighbours", request.dump(), &analyst_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(body_json(preview)["group"].is_null());
  EXPECT_EQ(body_json(preview)["neighbours"][0]["name"], "B");
  request["save"] = true;
  Response saved = call("POST", "/api/v1/comparison-groups/nearest-neighbours", request.dump(), &analyst_);
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(body_json(saved)["group"]["method"], "nearest_neighbours");
  EXPECT_EQ(body_json(saved)["group"]["members"].size(), 3u);
  Response again = call("POST", "/api/v1/comparison-groups/nearest-neighbours", request.dump(), &analyst_);
  EXPECT_EQ(again.status, 409);
  request["k"] = 9;
  Response too_many = call("POST", "/api/v1/comparison-groups/nearest-neighbours", request.dump(), &analyst_);
  EXPECT_EQ(too_many.status, 422);
  EXPECT_EQ(body_json(too_many)["error"]["details"][0]["where"], "$.k");
}

}  // namespace
}  // namespace pvf::server::testing
