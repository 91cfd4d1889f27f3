#include "store/benchmark_repo.h"

#include <gtest/gtest.h>

#include <cmath>

#include "store/measure_repo.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using testing::StoreTest;

// Coelli's DEAP 2.1 example 1 (Coelli 1996, "A Guide to DEAP Version 2.1", CEPA working paper
// 96/08; also ../shared/data/dea/): five firms, inputs x1 and x2, output y; published CRS
// input-oriented efficiencies A 0.500, B 1.000, C 0.833, D 0.714, E 1.000, and D's peers B
// (λ 0.214) and E (λ 0.286). Stored here as spending lines x1, x2 and an activity y.
class BenchmarkRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* firm : {"A", "B", "C", "D", "E"}) firms.push_back(add_body(firm, firm));
    import("body,period,input,expenditure,deflator\n"
           "A,2023-24,x1,2,100\nA,2023-24,x2,5,100\n"
           "B,2023-24,x1,2,100\nB,2023-24,x2,4,100\n"
           "C,2023-24,x1,6,100\nC,2023-24,x2,6,100\n"
           "D,2023-24,x1,3,100\nD,2023-24,x2,2,100\n"
           "E,2023-24,x1,6,100\nE,2023-24,x2,2,100\n",
           true);
    import("body,period,activity,volume,unit_cost\n"
           "A,2023-24,y,1,1\nB,2023-24,y,2,1\nC,2023-24,y,3,1\nD,2023-24,y,1,1\nE,2023-24,y,2,1\n",
           false);
    analyst = add_actor("priya", Role::treasury_analyst);
  }

  void import(const std::string& text, bool inputs) {
    auto t = csv::parse(text, inputs ? "inputs.csv" : "activity.csv");
    ASSERT_TRUE(t) << t.error().to_text();
    auto r = inputs ? import_inputs(*db, admin, *t) : import_activity(*db, admin, *t);
    ASSERT_TRUE(r) << r.error().to_text();
  }

  static BenchmarkSpec deap_spec() {
    BenchmarkSpec spec;
    spec.kind = BenchmarkKind::dea;
    spec.periods = {"2023-24"};
    spec.inputs = {{VariableSource::spending, "x1"}, {VariableSource::spending, "x2"}};
    spec.outputs = {{VariableSource::activity, "y"}};
    spec.slacks = true;
    return spec;
  }

  nlohmann::json run_and_get(const BenchmarkSpec& spec) {
    auto id = run_benchmark(*db, analyst, spec, {}, 1);
    EXPECT_TRUE(id) << id.error().to_text();
    if (!id) return {};
    auto full = get_benchmark(*db, *id);
    EXPECT_TRUE(full) << full.error().to_text();
    return full ? *full : nlohmann::json{};
  }

  static const nlohmann::json* result_of(const nlohmann::json& run, const std::string& name) {
    for (const auto& r : run["results"])
      if (r["name"] == name) return &r;
    return nullptr;
  }

  static bool has_where(const Error& e, const std::string& where) {
    for (const auto& d : e.details)
      if (d.where == where) return true;
    return e.where == where;
  }

  std::vector<Body> firms;
  Actor analyst;
};

TEST_F(BenchmarkRepoTest, DeaOnStoredSpendingAndActivityGivesDeapExample1PublishedScores) {
  auto run = run_and_get(deap_spec());
  ASSERT_EQ(run["results"].size(), 5u);
  const std::map<std::string, double> published = {
      {"A", 0.500}, {"B", 1.000}, {"C", 0.833}, {"D", 0.714}, {"E", 1.000}};
  for (const auto& [firm, score] : published) {
    const auto* r = result_of(run, firm);
    ASSERT_NE(r, nullptr) << firm;
    EXPECT_NEAR((*r)["efficiency"].get<double>(), score, 5e-4) << firm;
    EXPECT_EQ((*r)["status"], "optimal");
  }
  EXPECT_EQ(run["units"], 5);
  EXPECT_EQ(run["efficient"], 2);
  EXPECT_TRUE(run["left_out"].empty());
  // Best first; B and E tie at 1 and share rank 1.
  EXPECT_EQ((*result_of(run, "B"))["rank"], 1);
  EXPECT_EQ((*result_of(run, "E"))["rank"], 1);
  EXPECT_EQ((*result_of(run, "C"))["rank"], 3);
  EXPECT_EQ((*result_of(run, "D"))["rank"], 4);
  EXPECT_EQ((*result_of(run, "A"))["rank"], 5);
  EXPECT_EQ(run["results"][4]["name"], "A");

  const auto& d = *result_of(run, "D");
  ASSERT_EQ(d["peers"].size(), 2u);
  std::map<std::string, double> lambda;
  for (const auto& p : d["peers"]) lambda[p["name"].get<std::string>()] = p["lambda"].get<double>();
  EXPECT_NEAR(lambda["B"], 0.214, 5e-4);
  EXPECT_NEAR(lambda["E"], 0.286, 5e-4);
  // DEAP's slack for A: x2 0.5 after the radial contraction.
  EXPECT_NEAR((*result_of(run, "A"))["input_slacks"][1].get<double>(), 0.5, 1e-6);
}

TEST_F(BenchmarkRepoTest, BodiesMissingAValueAreLeftOutWithTheReason) {
  add_body("F", "F");
  import("body,period,input,expenditure,deflator\nF,2023-24,x1,1,100\n", true);
  auto run = run_and_get(deap_spec());
  EXPECT_EQ(run["units"], 5);
  ASSERT_EQ(run["left_out"].size(), 1u);
  EXPECT_EQ(run["left_out"][0]["name"], "F");
  const std::string reason = run["left_out"][0]["reason"];
  EXPECT_EQ(reason, "no spending_x2 in 2023-24; no y in 2023-24");
}

TEST_F(BenchmarkRepoTest, SpecProblemsAreAllListedWithTheirJsonPaths) {
  BenchmarkSpec spec = deap_spec();
  spec.kind = BenchmarkKind::malmquist;
  spec.rts = benchmark::ReturnsToScale::nirs;
  spec.outputs = {{VariableSource::activity, "no_such_activity"}};
  spec.inputs.push_back({VariableSource::spending, "x1"});
  spec.bootstrap = 5;
  auto r = check_benchmark_spec(*db, spec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_TRUE(has_where(r.error(), "periods"));
  EXPECT_TRUE(has_where(r.error(), "rts"));
  EXPECT_TRUE(has_where(r.error(), "outputs[0].key"));
  EXPECT_TRUE(has_where(r.error(), "inputs[2]"));  // x1 twice
  EXPECT_TRUE(has_where(r.error(), "bootstrap"));
  EXPECT_TRUE(has_where(r.error(), "slacks"));
}

TEST_F(BenchmarkRepoTest, OnlyAdminsAndAnalystsRunAndNothingIsStoredOnRefusal) {
  Actor viewer = add_actor("vic", Role::viewer);
  auto r = run_benchmark(*db, viewer, deap_spec(), {}, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
  EXPECT_EQ(count("benchmark_runs"), 0);
}

TEST_F(BenchmarkRepoTest, CancellingFromProgressStoresNothing) {
  auto r = run_benchmark(
      *db, analyst, deap_spec(),
      [](std::string_view stage, uint64_t, uint64_t) { return stage == "Reading data"; }, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::cancelled);
  EXPECT_EQ(count("benchmark_runs"), 0);
  EXPECT_EQ(count("benchmark_dea_results"), 0);
}

// With one input and one output under CRS the Malmquist index is the change in the unit's own
// productivity y/x (the frontier terms cancel), so it checks the deflation by hand: A spends 100
// then 220 nominal at deflators 100 and 110, i.e. 200 in the first period's prices, while its
// output goes 10 -> 22: M = (22/200) / (10/100) = 1.1 (undeflated it would be 1.0).
TEST_F(BenchmarkRepoTest, MalmquistPutsSpendingInFirstPeriodPricesByEachBodysDeflator) {
  add_body("G", "G");
  add_body("H", "H");
  import("body,period,expenditure,deflator\n"
         "G,2022-23,100,100\nG,2023-24,220,110\n"
         "H,2022-23,100,50\nH,2023-24,100,50\n",
         true);
  import("body,period,activity,volume,unit_cost\n"
         "G,2022-23,z,10,1\nG,2023-24,z,22,1\nH,2022-23,z,20,1\nH,2023-24,z,30,1\n",
         false);
  BenchmarkSpec spec;
  spec.kind = BenchmarkKind::malmquist;
  spec.periods = {"2023-24", "2022-23"};  // any order: run in time order
  spec.inputs = {{VariableSource::spending, std::nullopt}};
  spec.outputs = {{VariableSource::activity, "z"}};
  auto run = run_and_get(spec);
  EXPECT_EQ(run["periods"], nlohmann::json({"2022-23", "2023-24"}));
  ASSERT_EQ(run["malmquist"].size(), 2u);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& r : run["malmquist"]) by_name[r["name"].get<std::string>()] = r;
  EXPECT_NEAR(by_name["G"]["malmquist"].get<double>(), 1.1, 1e-9);
  EXPECT_NEAR(by_name["H"]["malmquist"].get<double>(), 1.5, 1e-9);
  for (const auto& [name, r] : by_name)
    EXPECT_NEAR(r["malmquist"].get<double>(),
                r["efficiency_change"].get<double>() * r["technical_change"].get<double>(), 1e-12);
  // The A..E firms have spending lines and no z: left out, with their reason.
  EXPECT_EQ(run["left_out"].size(), 5u);

  auto change = body_productivity_change(*db, by_name["G"]["body_id"].get<int64_t>(), "2024-25");
  ASSERT_TRUE(change && *change);
  EXPECT_NEAR((*change)->malmquist, 1.1, 1e-9);
  EXPECT_EQ((*change)->period_to, "2023-24");
  EXPECT_NEAR(*(*change)->group_median, 1.3, 1e-9);
}

TEST_F(BenchmarkRepoTest, CsvExportHasTheDocumentedColumnsAndPeersByCodeLargestWeightFirst) {
  auto id = run_benchmark(*db, analyst, deap_spec(), {}, 1);
  ASSERT_TRUE(id);
  auto file = benchmark_csv(*db, *id);
  ASSERT_TRUE(file) << file.error().to_text();
  const std::string header = file->text.substr(0, file->text.find('\n'));
  EXPECT_EQ(header,
            "code,body,rank,efficiency,status,spending_x1,spending_x2,y,slack_spending_x1,"
            "slack_spending_x2,slack_y,peers,target_spending_x1,target_spending_x2,target_y");
  EXPECT_NE(file->text.find("E:0.2857142857;B:0.2142857143"), std::string::npos) << file->text;
}

TEST_F(BenchmarkRepoTest, ListingIsNewestFirstWithACursorAndFiltersByBody) {
  auto first = run_benchmark(*db, analyst, deap_spec(), {}, 1);
  auto second = run_benchmark(*db, analyst, deap_spec(), {}, 1);
  ASSERT_TRUE(first && second);
  auto page = list_benchmarks(*db, {std::nullopt, std::nullopt, 1, std::nullopt});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0]["id"], *second);
  ASSERT_TRUE(page->next_cursor);
  auto next = list_benchmarks(*db, {std::nullopt, std::nullopt, 1, page->next_cursor});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->items[0]["id"], *first);
  EXPECT_FALSE(next->next_cursor);
  Body other = add_body("Elsewhere", "X9");
  auto none = list_benchmarks(*db, {std::nullopt, other.id, 50, std::nullopt});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->items.empty());
  auto mine = list_benchmarks(*db, {BenchmarkKind::dea, firms[0].id, 50, std::nullopt});
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->items.size(), 2u);
}

TEST_F(BenchmarkRepoTest, DeleteRemovesTheRunAndItsResultsAndIsAudited) {
  auto id = run_benchmark(*db, analyst, deap_spec(), {}, 1);
  ASSERT_TRUE(id);
  ASSERT_TRUE(delete_benchmark(*db, analyst, *id));
  EXPECT_EQ(count("benchmark_runs"), 0);
  EXPECT_EQ(count("benchmark_dea_results"), 0);
  EXPECT_EQ(last_audit().action, "benchmark.delete");
  auto again = get_benchmark(*db, *id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::not_found);
}

TEST_F(BenchmarkRepoTest, BodyEfficiencyGivesTheLatestRunUpToThePeriodAndTheRoomToImprove) {
  ASSERT_TRUE(run_benchmark(*db, analyst, deap_spec(), {}, 1));
  auto none = body_efficiency(*db, firms[0].id, "2022-23");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto a = body_efficiency(*db, firms[0].id, "2024-25");
  ASSERT_TRUE(a && *a);
  EXPECT_NEAR(*(*a)->efficiency, 0.5, 1e-9);
  EXPECT_EQ((*a)->units, 5);
  EXPECT_EQ((*a)->efficient, 2);
  // A's target is (1, 2): x1 could be 50% lower, x2 60% lower (radial 0.5 plus the 0.5 slack).
  ASSERT_EQ((*a)->improvements.size(), 2u);
  EXPECT_NEAR((*a)->improvements[0].second, 0.5, 1e-9);
  EXPECT_NEAR((*a)->improvements[1].second, 0.6, 1e-9);
}

// CIPFA's method on one variable reduces to |x_i − x_j| / max_j |x_i − x_j|: from 1 among
// 1, 2, 4, 8 the distances are 1/7, 3/7 and 1.
TEST_F(BenchmarkRepoTest, NearestNeighboursFromStoredIndicatorsAreSavedAsAGroup) {
  measure::IndicatorDef def;
  def.key = "pop";
  def.name = "Population";
  def.polarity = measure::Polarity::neutral;
  ASSERT_TRUE(upsert_indicator(*db, admin, def));
  auto obs = import_observations(*db, admin, "obs.csv",
                                 "indicator,body,period,value\npop,A,2023-24,1\npop,B,2023-24,2\n"
                                 "pop,C,2023-24,4\npop,D,2023-24,8\n");
  ASSERT_TRUE(obs) << obs.error().to_text();
  NeighboursRequest request;
  request.body_id = firms[0].id;
  request.indicators = {"pop"};
  request.period = "2023-24";
  request.k = 2;
  auto r = nearest_neighbours(*db, analyst, request);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ((*r)["candidates"], 4);
  ASSERT_EQ((*r)["neighbours"].size(), 2u);
  EXPECT_EQ((*r)["neighbours"][0]["name"], "B");
  EXPECT_NEAR((*r)["neighbours"][0]["distance"].get<double>(), 1.0 / 7, 1e-12);
  EXPECT_EQ((*r)["neighbours"][1]["name"], "C");
  EXPECT_NEAR((*r)["neighbours"][1]["distance"].get<double>(), 3.0 / 7, 1e-12);
  EXPECT_TRUE((*r)["left_out"].empty());  // "all": the bodies with any value
  ASSERT_TRUE((*r)["group"].is_object());
  auto group = find_comparison_group(*db, "Nearest neighbours of A");
  ASSERT_TRUE(group && *group);
  EXPECT_EQ((*group)->method, "nearest_neighbours");
  EXPECT_EQ((*group)->members, (std::vector<int64_t>{firms[0].id, firms[1].id, firms[2].id}));

  // A named group's members without a value are listed as left out.
  ComparisonGroupInput named;
  named.name = "Five firms";
  for (const auto& f : firms) named.members.push_back(f.id);
  auto five = create_comparison_group(*db, admin, named);
  ASSERT_TRUE(five);
  request.group = {GroupScope::named, std::nullopt, five->id};
  request.save = false;
  auto in_group = nearest_neighbours(*db, analyst, request);
  ASSERT_TRUE(in_group) << in_group.error().to_text();
  ASSERT_EQ((*in_group)["left_out"].size(), 1u);
  EXPECT_EQ((*in_group)["left_out"][0]["name"], "E");
  EXPECT_EQ((*in_group)["left_out"][0]["reason"], "no pop in 2023-24");
  EXPECT_TRUE((*in_group)["group"].is_null());

  request.k = 4;
  auto too_many = nearest_neighbours(*db, analyst, request);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().where, "k");
}

TEST_F(BenchmarkRepoTest, VariablesListSpendingLinesActivitiesAndIndicatorsWithBodyCounts) {
  auto vars = benchmark_variables(*db);
  ASSERT_TRUE(vars) << vars.error().to_text();
  ASSERT_GE(vars->size(), 4u);
  EXPECT_EQ((*vars)[0].name, "spending");
  EXPECT_EQ((*vars)[0].periods.size(), 1u);
  EXPECT_EQ((*vars)[0].periods[0].bodies, 5);
  EXPECT_EQ((*vars)[1].name, "spending_x1");
  EXPECT_EQ((*vars)[3].name, "y");
  EXPECT_EQ((*vars)[3].ref.source, VariableSource::activity);
}

}  // namespace
}  // namespace pvf::store
