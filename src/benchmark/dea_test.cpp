#include "benchmark/dea.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace pvf::benchmark {
namespace {

// Under AddressSanitizer every allocation is slow and CLP allocates on each solve; the
// randomised cross-checks shrink there (the published-value tests do not).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

DeaData make(const std::vector<std::string>& ids, std::vector<std::string> in_names,
             std::vector<std::string> out_names, const std::vector<std::vector<double>>& rows) {
  DeaData d;
  d.units = ids;
  d.input_names = std::move(in_names);
  d.output_names = std::move(out_names);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < d.input_names.size(); ++i) d.inputs.push_back(row[i]);
    for (std::size_t r = 0; r < d.output_names.size(); ++r)
      d.outputs.push_back(row[d.input_names.size() + r]);
  }
  return d;
}

// Coelli's DEAP example 1 (DEAP 2.1 guide; Coelli, Rao, O'Donnell & Battese 2005): 5 firms,
// inputs x1, x2, output y, read from the shared reference data.
DeaData deap_example1() {
  std::ifstream in(std::string(PVF_SHARED_DIR) + "/data/dea/deap_example1.csv");
  EXPECT_TRUE(in.good());
  std::string line;
  std::getline(in, line);  // firm,x1,x2,y
  std::vector<std::string> ids;
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string id, a, b, c;
    std::getline(ss, id, ',');
    std::getline(ss, a, ',');
    std::getline(ss, b, ',');
    std::getline(ss, c, ',');
    ids.push_back(id);
    rows.push_back({std::stod(a), std::stod(b), std::stod(c)});
  }
  return make(ids, {"x1", "x2"}, {"y"}, rows);
}

std::map<std::string, double> deap_example1_expected() {
  std::ifstream in(std::string(PVF_SHARED_DIR) + "/data/dea/deap_example1_expected.csv");
  std::string line;
  std::getline(in, line);
  std::map<std::string, double> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto comma = line.find(',');
    out[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
  }
  return out;
}

// One input, one output, worked by hand: A(1,1) B(2,3) C(4,4) D(3,2). B has the best ratio
// (1.5); the VRS frontier runs A-B-C.
DeaData hand_example() {
  return make({"A", "B", "C", "D"}, {"x"}, {"y"}, {{1, 1}, {2, 3}, {4, 4}, {3, 2}});
}

std::vector<double> scores(const DeaData& d, DeaOptions opt) {
  auto r = run_dea(d, opt);
  EXPECT_TRUE(r) << (r ? "" : r.error().to_text());
  std::vector<double> out;
  if (!r) return out;
  for (const auto& u : r->units) out.push_back(u.status == DeaStatus::optimal ? u.efficiency : NAN);
  return out;
}

TEST(Dea, CrsInputScoresMatchDeapExample1) {
  const auto d = deap_example1();
  const auto expected = deap_example1_expected();
  const auto got = scores(d, {});
  ASSERT_EQ(got.size(), 5u);
  for (std::size_t u = 0; u < d.size(); ++u)
    EXPECT_NEAR(got[u], expected.at(d.units[u]), 5e-4) << d.units[u];  // published to 3 d.p.
}

TEST(Dea, DeapExample1SlackAndPeersAsPublished) {
  const auto d = deap_example1();
  auto r = run_dea(d, {.slacks = true});
  ASSERT_TRUE(r);
  const auto& a = r->units[0];
  EXPECT_NEAR(a.input_slacks[0], 0.0, 1e-9);
  EXPECT_NEAR(a.input_slacks[1], 0.5, 1e-9);  // firm A's x2 slack
  const auto& dd = r->units[3];               // firm D: peers B 0.214, E 0.286
  ASSERT_EQ(dd.peers.size(), 2u);
  EXPECT_EQ(d.units[dd.peers[0].unit], "B");
  EXPECT_NEAR(dd.peers[0].lambda, 0.214, 5e-4);
  EXPECT_EQ(d.units[dd.peers[1].unit], "E");
  EXPECT_NEAR(dd.peers[1].lambda, 0.286, 5e-4);
}

TEST(Dea, ReturnsToScaleGiveHandWorkedInputScores) {
  const auto d = hand_example();
  const std::map<ReturnsToScale, std::vector<double>> expected{
      {ReturnsToScale::crs, {2.0 / 3, 1, 2.0 / 3, 4.0 / 9}},
      {ReturnsToScale::vrs, {1, 1, 1, 0.5}},
      {ReturnsToScale::nirs, {2.0 / 3, 1, 1, 4.0 / 9}},
      {ReturnsToScale::ndrs, {1, 1, 2.0 / 3, 0.5}},
  };
  for (const auto& [rts, want] : expected) {
    const auto got = scores(d, {.rts = rts});
    for (std::size_t u = 0; u < want.size(); ++u)
      EXPECT_NEAR(got[u], want[u], 1e-9) << info(rts).name << " " << d.units[u];
  }
}

TEST(Dea, OutputOrientationGivesPhiAtLeastOne) {
  const auto d = hand_example();
  // VRS: D(3,2) could produce 3.5 on the B-C segment; CRS: φ = 1/θ.
  const auto vrs = scores(d, {.rts = ReturnsToScale::vrs, .orientation = Orientation::output});
  EXPECT_NEAR(vrs[3], 1.75, 1e-9);
  EXPECT_NEAR(vrs[1], 1.0, 1e-9);
  const auto crs = scores(d, {.orientation = Orientation::output});
  EXPECT_NEAR(crs[3], 9.0 / 4, 1e-9);
  EXPECT_NEAR(crs[0], 1.5, 1e-9);
}

TEST(Dea, SuperEfficiencyLetsFrontierUnitsExceedOne) {
  const auto d = hand_example();
  const auto got = scores(d, {.super_efficiency = true});
  EXPECT_NEAR(got[1], 1.5, 1e-9);  // B against the best of the rest (C, ratio 1)
  EXPECT_NEAR(got[0], 2.0 / 3, 1e-9);
  EXPECT_NEAR(got[3], 4.0 / 9, 1e-9);
}

TEST(Dea, VrsSuperEfficiencyReportsInfeasibleAsAFinding) {
  const auto d = hand_example();
  auto r = run_dea(d, {.rts = ReturnsToScale::vrs, .super_efficiency = true});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->units[2].status, DeaStatus::infeasible);  // nobody else reaches C's output of 4
  EXPECT_EQ(r->units[0].status, DeaStatus::optimal);
  EXPECT_NEAR(r->units[0].efficiency, 2.0, 1e-9);  // A needs twice its input from the rest
  auto out = run_dea(d, {.rts = ReturnsToScale::vrs, .orientation = Orientation::output,
                         .super_efficiency = true});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->units[0].status, DeaStatus::infeasible);  // nobody else uses as little as A
}

TEST(Dea, TargetsAreTheRadialProjectionLessSlacks) {
  const auto d = deap_example1();
  auto r = run_dea(d, {.slacks = true});
  ASSERT_TRUE(r);
  for (std::size_t u = 0; u < d.size(); ++u) {
    const auto& res = r->units[u];
    for (std::size_t i = 0; i < 2; ++i)
      EXPECT_NEAR(res.input_targets[i], res.efficiency * d.input(u, i) - res.input_slacks[i], 1e-9);
    EXPECT_NEAR(res.output_targets[0], d.output(u, 0) + res.output_slacks[0], 1e-9);
  }
  // A's target: half its inputs, less the x2 slack: (1, 2).
  EXPECT_NEAR(r->units[0].input_targets[0], 1.0, 1e-9);
  EXPECT_NEAR(r->units[0].input_targets[1], 2.0, 1e-9);
}

DeaData random_data(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> x(1, 10), noise(0.3, 1.0);
  DeaData d;
  d.input_names = {"x1", "x2", "x3"};
  d.output_names = {"y1", "y2"};
  for (std::size_t u = 0; u < n; ++u) {
    std::string id = "u";
    id += std::to_string(u);
    d.units.push_back(id);
    double size = 0;
    for (int i = 0; i < 3; ++i) {
      d.inputs.push_back(x(rng));
      size += d.inputs.back();
    }
    const double share = std::uniform_real_distribution<double>(0.1, 0.9)(rng);
    const double total = std::pow(size, 0.8) * noise(rng);
    d.outputs.push_back(total * share);
    d.outputs.push_back(total * (1 - share));
  }
  return d;
}

// The screen must not change any answer: compare with every LP solved against all units.
TEST(Dea, FrontierScreeningGivesTheSameAnswersAsTheFullLp) {
  const auto d = random_data(kSanitized ? 30 : 250, 7);
  for (auto rts : {ReturnsToScale::crs, ReturnsToScale::vrs, ReturnsToScale::nirs,
                   ReturnsToScale::ndrs})
    for (auto o : {Orientation::input, Orientation::output})
      for (bool super : {false, true}) {
        DeaOptions opt{.rts = rts, .orientation = o, .slacks = true, .super_efficiency = super};
        auto screened = run_dea(d, opt);
        opt.screen_frontier = false;
        auto full = run_dea(d, opt);
        ASSERT_TRUE(screened && full);
        if (!kSanitized) {
          EXPECT_LT(screened->frontier_set_size, d.size() / 2);  // it does screen
        }
        for (std::size_t u = 0; u < d.size(); ++u) {
          const auto& a = screened->units[u];
          const auto& b = full->units[u];
          const std::string what = std::string(info(rts).name) + " " + std::string(info(o).name) +
                                   (super ? " super " : " ") + d.units[u];
          ASSERT_EQ(a.status, b.status) << what;
          if (a.status != DeaStatus::optimal) continue;
          EXPECT_NEAR(a.efficiency, b.efficiency, 1e-7) << what;
          double sa = 0, sb = 0;  // the maximal slack sum is unique; the slacks need not be
          for (std::size_t i = 0; i < 3; ++i) sa += a.input_slacks[i], sb += b.input_slacks[i];
          for (std::size_t r = 0; r < 2; ++r) sa += a.output_slacks[r], sb += b.output_slacks[r];
          EXPECT_NEAR(sa, sb, 1e-6 * std::max(1.0, sb)) << what;
        }
      }
}

TEST(Dea, PeersAreEfficientUnitsWhoseMixDominatesTheProjection) {
  const auto d = random_data(kSanitized ? 150 : 400, 11);
  auto r = run_dea(d, {.rts = ReturnsToScale::vrs, .slacks = true});
  ASSERT_TRUE(r);
  for (std::size_t u = 0; u < d.size(); ++u) {
    const auto& res = r->units[u];
    ASSERT_EQ(res.status, DeaStatus::optimal);
    double sum = 0;
    for (const auto& p : res.peers) {
      sum += p.lambda;
      EXPECT_NEAR(r->units[p.unit].efficiency, 1.0, 1e-7) << d.units[u];
    }
    EXPECT_NEAR(sum, 1.0, 1e-7);  // VRS: a convex mix
    for (std::size_t i = 0; i < 3; ++i) EXPECT_GE(res.input_slacks[i], 0);
    for (std::size_t k = 0; k < 2; ++k) EXPECT_GE(res.output_slacks[k], 0);
  }
}

// Councils' spending runs to hundreds of millions of pounds while activity counts are in the
// hundreds: the radial scores must not depend on the units each variable is measured in.
TEST(Dea, ScoresDoNotDependOnTheUnitsOfMeasurement) {
  const auto d = random_data(kSanitized ? 100 : 300, 17);
  auto scaled = d;
  for (std::size_t u = 0; u < d.size(); ++u) {
    scaled.inputs[u * 3 + 0] *= 1e8;   // pounds
    scaled.inputs[u * 3 + 2] *= 1e-3;  // thousands
    scaled.outputs[u * 2 + 1] *= 1e4;
  }
  for (auto rts : {ReturnsToScale::crs, ReturnsToScale::vrs})
    for (auto o : {Orientation::input, Orientation::output}) {
      const auto a = scores(d, {.rts = rts, .orientation = o});
      const auto b = scores(scaled, {.rts = rts, .orientation = o});
      for (std::size_t u = 0; u < d.size(); ++u)
        EXPECT_NEAR(a[u], b[u], 1e-7 * std::max(1.0, a[u])) << info(rts).name << " " << d.units[u];
    }
}

TEST(Dea, IdenticalUnitsAreAllEfficientAndShareTheFrontier) {
  const auto d = make({"A", "B", "C", "D"}, {"x1", "x2"}, {"y"},
                      {{2, 3, 5}, {2, 3, 5}, {2, 3, 5}, {4, 6, 5}});
  for (auto rts : {ReturnsToScale::crs, ReturnsToScale::vrs}) {
    const auto got = scores(d, {.rts = rts});
    EXPECT_NEAR(got[0], 1, 1e-9);
    EXPECT_NEAR(got[1], 1, 1e-9);
    EXPECT_NEAR(got[2], 1, 1e-9);
    EXPECT_NEAR(got[3], 0.5, 1e-9);
  }
  // Left out of its own reference set, a unit with twins is still exactly on the frontier.
  const auto super = scores(d, {.super_efficiency = true});
  EXPECT_NEAR(super[0], 1, 1e-9);
}

TEST(Dea, ZeroInputsAndOutputsAreAllowedWhereOthersArePositive) {
  // B uses no x2 at all; C produces none of y2.
  const auto d = make({"A", "B", "C"}, {"x1", "x2"}, {"y1", "y2"},
                      {{2, 2, 4, 4}, {3, 0, 3, 3}, {2, 1, 2, 0}});
  auto r = run_dea(d, {.slacks = true});
  ASSERT_TRUE(r) << r.error().to_text();
  for (const auto& u : r->units) EXPECT_EQ(u.status, DeaStatus::optimal);
  EXPECT_NEAR(r->units[1].efficiency, 1.0, 1e-9);  // nobody else manages without x2
}

TEST(Dea, CrsOutputPhiIsTheReciprocalOfInputTheta) {
  const auto d = random_data(200, 3);
  const auto in = scores(d, {});
  const auto out = scores(d, {.orientation = Orientation::output});
  for (std::size_t u = 0; u < d.size(); ++u) EXPECT_NEAR(out[u] * in[u], 1.0, 1e-7);
}

TEST(Dea, ThreadCountDoesNotChangeTheAnswers) {
  const auto d = random_data(kSanitized ? 200 : 600, 5);
  const auto one = scores(d, {.threads = 1});
  const auto two = scores(d, {.threads = 2});
  for (std::size_t u = 0; u < d.size(); ++u) EXPECT_NEAR(one[u], two[u], 1e-9);
}

// Above a few thousand units the frontier is screened in parallel blocks and the union screened
// again; the answers must be those of the single sequential screen.
TEST(Dea, ParallelBlockScreeningGivesTheSequentialAnswers) {
  if (kSanitized) GTEST_SKIP() << "thousands of LPs: too slow under AddressSanitizer";
  const auto d = random_data(6000, 23);
  for (auto rts : {ReturnsToScale::crs, ReturnsToScale::vrs}) {
    auto one = run_dea(d, {.rts = rts, .threads = 1});
    auto two = run_dea(d, {.rts = rts, .threads = 2});
    ASSERT_TRUE(one && two);
    for (std::size_t u = 0; u < d.size(); ++u) {
      ASSERT_EQ(one->units[u].status, two->units[u].status);
      EXPECT_NEAR(one->units[u].efficiency, two->units[u].efficiency, 1e-8) << d.units[u];
    }
  }
}

TEST(Dea, ScoreAgainstAnotherReferenceSetMatchesTheHandFrontier) {
  const auto ref = hand_example();
  // A point with twice B's ratio lies outside the CRS technology: θ = 2.
  auto points = make({"P", "Q"}, {"x"}, {"y"}, {{1, 3}, {6, 3}});
  auto r = score_against(ref, points, ReturnsToScale::crs, Orientation::input);
  ASSERT_TRUE(r);
  EXPECT_NEAR((*r)[0].efficiency, 2.0, 1e-9);
  EXPECT_NEAR((*r)[1].efficiency, 2.0 / 6, 1e-9);
  auto vrs = score_against(ref, make({"R"}, {"x"}, {"y"}, {{1, 5}}), ReturnsToScale::vrs,
                           Orientation::input);
  ASSERT_TRUE(vrs);
  EXPECT_EQ((*vrs)[0].status, DeaStatus::infeasible);  // no mix of A-C produces 5
}

TEST(Dea, ValidationNamesTheUnitAndVariable) {
  auto d = make({"A", "B", "B"}, {"staff"}, {"cases"}, {{1, 2}, {-1, 3}, {2, 0}});
  auto r = run_dea(d, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  std::string all;
  for (const auto& p : r.error().details) all += p.where + " " + p.message + "\n";
  EXPECT_NE(all.find("unit B: staff is negative"), std::string::npos) << all;
  EXPECT_NE(all.find("unit B: id appears more than once"), std::string::npos) << all;
  EXPECT_NE(all.find("unit B: outputs are all zero"), std::string::npos) << all;
}

TEST(Dea, ProgressCanCancelTheRun) {
  const auto d = random_data(3000, 1);
  std::size_t calls = 0;
  auto r = run_dea(d, {}, [&](std::size_t done, std::size_t total) {
    EXPECT_LE(done, total);
    return ++calls < 2;
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::cancelled);
}

TEST(Dea, ProgressReachesTheTotal) {
  const auto d = random_data(kSanitized ? 600 : 1500, 2);
  std::size_t last_done = 0, last_total = 1;
  auto r = run_dea(d, {}, [&](std::size_t done, std::size_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(last_done, last_total);
}

}  // namespace
}  // namespace pvf::benchmark
