// Tests of the CIPFA-style nearest-neighbour engine.
#include "benchmark/neighbours.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace pvf::benchmark {
namespace {

// Worked by hand. Five bodies, two variables that are permutations of 1..5, so both have mean 3
// and sample sd sqrt(2.5) and standardising divides every difference by the same sd, which
// rebasing then cancels. Squared differences dx^2 + dy^2:
//          A(1,3) B(2,1) C(3,5) D(4,2) E(5,4)
//   A        -      5      8     10     17
//   B        5      -     17      5     18
//   C        8     17      -     10      5
//   D       10      5     10      -      5
//   E       17     18      5      5      -
// Rebased (row max under the root): A: B sqrt(5/17), C sqrt(8/17), D sqrt(10/17), E 1
//   B: A = D = sqrt(5/18) (tie: A before D by id), C sqrt(17/18), E 1
//   C: E sqrt(5/17), A sqrt(8/17), D sqrt(10/17), B 1
//   D: B = E = sqrt(1/2), then A = C = 1
//   E: C = D = sqrt(5/18), A sqrt(17/18), B 1
// The ties are exact in doubles: every standardised value is a small multiple of 1/sd.
NeighbourInput five_bodies(int k = 4) {
  NeighbourInput in;
  in.ids = {"A", "B", "C", "D", "E"};
  in.variables = {"x", "y"};
  in.values = {1, 3, 2, 1, 3, 5, 4, 2, 5, 4};
  in.k = k;
  return in;
}

std::vector<std::string> peer_ids(const BodyNeighbours& b) {
  std::vector<std::string> ids;
  for (const auto& n : b.neighbours) ids.push_back(n.id);
  return ids;
}

using Ids = std::vector<std::string>;

TEST(Neighbours, MatchesTheHandWorkedFiveBodyExample) {
  auto r = compute_neighbours(five_bodies());
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->bodies.size(), 5u);
  EXPECT_EQ(peer_ids(r->bodies[0]), (Ids{"B", "C", "D", "E"}));
  EXPECT_EQ(peer_ids(r->bodies[1]), (Ids{"A", "D", "C", "E"}));
  EXPECT_EQ(peer_ids(r->bodies[2]), (Ids{"E", "A", "D", "B"}));
  EXPECT_EQ(peer_ids(r->bodies[3]), (Ids{"B", "E", "A", "C"}));
  EXPECT_EQ(peer_ids(r->bodies[4]), (Ids{"C", "D", "A", "B"}));
  const double expected[5][4] = {
      {std::sqrt(5.0 / 17), std::sqrt(8.0 / 17), std::sqrt(10.0 / 17), 1},
      {std::sqrt(5.0 / 18), std::sqrt(5.0 / 18), std::sqrt(17.0 / 18), 1},
      {std::sqrt(5.0 / 17), std::sqrt(8.0 / 17), std::sqrt(10.0 / 17), 1},
      {std::sqrt(0.5), std::sqrt(0.5), 1, 1},
      {std::sqrt(5.0 / 18), std::sqrt(5.0 / 18), std::sqrt(17.0 / 18), 1}};
  for (size_t i = 0; i < 5; ++i)
    for (size_t k = 0; k < 4; ++k) {
      const auto& n = r->bodies[i].neighbours[k];
      EXPECT_NEAR(n.distance, expected[i][k], 1e-14) << r->bodies[i].id << " rank " << k + 1;
      EXPECT_EQ(n.rank, static_cast<int>(k + 1));
    }
  // Raw distances are in sd units: A's farthest is sqrt(17 / 2.5), D's sqrt(10 / 2.5) = 2.
  EXPECT_NEAR(r->bodies[0].farthest, std::sqrt(17 / 2.5), 1e-14);
  EXPECT_NEAR(r->bodies[3].farthest, 2.0, 1e-14);
  EXPECT_EQ(r->bodies[1].neighbours[1].index, 3u);  // D
}

TEST(Neighbours, ReportsTheMeanAndSampleSdOfEachVariable) {
  auto r = compute_neighbours(five_bodies());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->variables.size(), 2u);
  EXPECT_EQ(r->variables[1].name, "y");
  EXPECT_DOUBLE_EQ(r->variables[0].mean, 3.0);
  EXPECT_DOUBLE_EQ(r->variables[0].sd, std::sqrt(2.5));  // divisor n - 1 = 4, not 5
  EXPECT_DOUBLE_EQ(r->variables[0].weight, 1.0);
}

TEST(Neighbours, KeepsOnlyTheKNearest) {
  auto r = compute_neighbours(five_bodies(2));
  ASSERT_TRUE(r);
  for (const auto& b : r->bodies) EXPECT_EQ(b.neighbours.size(), 2u);
  EXPECT_EQ(peer_ids(r->bodies[3]), (Ids{"B", "E"}));
  // Rebasing still uses the farthest of all bodies, not of the k kept.
  EXPECT_NEAR(r->bodies[0].neighbours[1].distance, std::sqrt(8.0 / 17), 1e-14);
}

TEST(Neighbours, AWeightMultipliesTheSquaredStandardisedDifference) {
  // Weights 1 and 4: A's squared distances 1+4*4 = 17 (B), 4+4*4 = 20 (C), 9+4*1 = 13 (D),
  // 16+4*1 = 20 (E); so D sqrt(13/20), then B sqrt(17/20).
  auto in = five_bodies(2);
  in.weights = {1, 4};
  auto r = compute_neighbours(in);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(peer_ids(r->bodies[0]), (Ids{"D", "B"}));
  EXPECT_NEAR(r->bodies[0].neighbours[0].distance, std::sqrt(13.0 / 20), 1e-14);
  EXPECT_NEAR(r->bodies[0].neighbours[1].distance, std::sqrt(17.0 / 20), 1e-14);
}

TEST(Neighbours, AZeroWeightIgnoresTheVariableEvenWhenItIsConstant) {
  auto in = five_bodies();
  in.variables = {"x", "y", "constant"};
  in.values = {1, 3, 7, 2, 1, 7, 3, 5, 7, 4, 2, 7, 5, 4, 7};
  in.weights = {1, 0, 0};
  auto weighted = compute_neighbours(in);
  ASSERT_TRUE(weighted) << weighted.error().to_text();
  auto only_x = five_bodies();
  only_x.variables = {"x"};
  only_x.values = {1, 2, 3, 4, 5};
  auto plain = compute_neighbours(only_x);
  ASSERT_TRUE(plain);
  for (size_t i = 0; i < 5; ++i)
    for (size_t r = 0; r < 4; ++r) {
      EXPECT_EQ(weighted->bodies[i].neighbours[r].id, plain->bodies[i].neighbours[r].id);
      EXPECT_EQ(weighted->bodies[i].neighbours[r].distance,
                plain->bodies[i].neighbours[r].distance);
    }
  // On x alone C (x = 3) has B and D at 1, A and E at 2.
  EXPECT_EQ(peer_ids(plain->bodies[2]), (Ids{"B", "D", "A", "E"}));
  EXPECT_DOUBLE_EQ(plain->bodies[2].neighbours[0].distance, 0.5);
}

TEST(Neighbours, BreaksTiesByIdNotByInputOrder) {
  NeighbourInput in;
  in.ids = {"mid", "c", "a"};
  in.variables = {"x"};
  in.values = {1, 0, 2};  // "c" and "a" are both 1 from "mid"
  in.k = 1;
  auto r = compute_neighbours(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(peer_ids(r->bodies[0]), (Ids{"a"}));
  in.ids = {"mid", "a", "c"};
  r = compute_neighbours(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(peer_ids(r->bodies[0]), (Ids{"a"}));
  EXPECT_DOUBLE_EQ(r->bodies[0].neighbours[0].distance, 1.0);
}

TEST(Neighbours, TwoIdenticalBodiesAreAtDistanceZero) {
  NeighbourInput in;
  in.ids = {"a", "b", "c"};
  in.variables = {"x"};
  in.values = {1, 1, 4};
  in.k = 1;
  auto r = compute_neighbours(in);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->bodies[0].neighbours[0].id, "b");
  EXPECT_EQ(r->bodies[0].neighbours[0].distance, 0.0);
}

NeighbourInput random_bodies(size_t n, size_t m, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 100.0);
  NeighbourInput in;
  // Appended rather than "E" + to_string(): GCC 12 warns falsely (-Wrestrict) on the latter.
  for (size_t i = 0; i < n; ++i)
    in.ids.push_back(std::string("E").append(std::to_string(1000 + (i * 37) % n)));
  for (size_t v = 0; v < m; ++v) in.variables.push_back(std::string("v").append(std::to_string(v)));
  for (size_t i = 0; i < n * m; ++i) in.values.push_back(u(gen));
  in.k = static_cast<int>(n - 1);
  return in;
}

TEST(Neighbours, EachRowIsRankedAndItsFarthestBodyIsAtExactlyOne) {
  auto in = random_bodies(60, 5, 1);
  auto r = compute_neighbours(in);
  ASSERT_TRUE(r) << r.error().to_text();
  for (size_t i = 0; i < r->bodies.size(); ++i) {
    const auto& ns = r->bodies[i].neighbours;
    ASSERT_EQ(ns.size(), 59u);
    EXPECT_EQ(ns.back().distance, 1.0);
    for (size_t k = 0; k < ns.size(); ++k) {
      EXPECT_EQ(ns[k].rank, static_cast<int>(k + 1));
      EXPECT_NE(ns[k].index, i);
      if (k > 0) {
        EXPECT_LE(ns[k - 1].distance, ns[k].distance);
      }
    }
  }
}

TEST(Neighbours, RawDistancesAreSymmetricBeforeRebasing) {
  auto in = random_bodies(40, 4, 2);
  auto r = compute_neighbours(in);
  ASSERT_TRUE(r);
  std::vector<std::vector<double>> raw(40, std::vector<double>(40, 0));
  for (size_t i = 0; i < 40; ++i)
    for (const auto& n : r->bodies[i].neighbours)
      raw[i][n.index] = n.distance * r->bodies[i].farthest;
  for (size_t i = 0; i < 40; ++i)
    for (size_t j = i + 1; j < 40; ++j)
      EXPECT_NEAR(raw[i][j], raw[j][i], 1e-12 * raw[i][j]) << i << "," << j;
}

TEST(Neighbours, ThePeerGroupIsThePrefixOfTheFullRanking) {
  auto in = random_bodies(120, 6, 3);
  auto full = compute_neighbours(in);
  in.k = 15;
  auto peers = compute_neighbours(in);
  ASSERT_TRUE(full && peers);
  for (size_t i = 0; i < 120; ++i) {
    ASSERT_EQ(peers->bodies[i].neighbours.size(), 15u);
    for (size_t k = 0; k < 15; ++k) {
      EXPECT_EQ(peers->bodies[i].neighbours[k].index, full->bodies[i].neighbours[k].index);
      EXPECT_EQ(peers->bodies[i].neighbours[k].distance, full->bodies[i].neighbours[k].distance);
    }
  }
}

void expect_same_groups(const NeighbourResult& a, const NeighbourResult& b) {
  ASSERT_EQ(a.bodies.size(), b.bodies.size());
  for (size_t i = 0; i < a.bodies.size(); ++i)
    for (size_t k = 0; k < a.bodies[i].neighbours.size(); ++k) {
      EXPECT_EQ(a.bodies[i].neighbours[k].id, b.bodies[i].neighbours[k].id);
      EXPECT_NEAR(a.bodies[i].neighbours[k].distance, b.bodies[i].neighbours[k].distance, 1e-12);
    }
}

TEST(Neighbours, ChangingAVariablesUnitsChangesNothing) {
  auto in = random_bodies(50, 3, 4);
  in.k = 10;
  auto before = compute_neighbours(in);
  for (size_t i = 0; i < 50; ++i) in.values[i * 3 + 1] = in.values[i * 3 + 1] * 1000 + 7;
  for (size_t i = 0; i < 50; ++i) in.values[i * 3 + 2] *= -0.01;
  auto after = compute_neighbours(in);
  ASSERT_TRUE(before && after);
  expect_same_groups(*before, *after);
}

TEST(Neighbours, ScalingEveryWeightByOneConstantChangesNothing) {
  auto in = random_bodies(50, 3, 5);
  in.k = 10;
  in.weights = {1, 2, 0.5};
  auto before = compute_neighbours(in);
  in.weights = {3, 6, 1.5};
  auto after = compute_neighbours(in);
  ASSERT_TRUE(before && after);
  expect_same_groups(*before, *after);
}

TEST(Neighbours, HugeAndTinyMagnitudesStandardiseWithoutOverflow) {
  // Random values: the five-body example's exact ties would not survive the rounding of scaling.
  auto in = random_bodies(20, 3, 8);
  in.k = 5;
  auto base = compute_neighbours(in);
  for (double scale : {1e300, 1e-300}) {
    auto scaled = in;
    for (double& v : scaled.values) v *= scale;
    auto r = compute_neighbours(scaled);
    ASSERT_TRUE(r) << scale << ": " << r.error().to_text();
    expect_same_groups(*base, *r);
  }
}

TEST(Neighbours, GroupsDoNotDependOnTheOrderOfBodies) {
  auto in = random_bodies(30, 3, 6);
  in.k = 5;
  auto forward = compute_neighbours(in);
  NeighbourInput rev = in;
  std::reverse(rev.ids.begin(), rev.ids.end());
  for (size_t i = 0; i < 30; ++i)
    for (size_t v = 0; v < 3; ++v) rev.values[i * 3 + v] = in.values[(29 - i) * 3 + v];
  auto backward = compute_neighbours(rev);
  ASSERT_TRUE(forward && backward);
  for (size_t i = 0; i < 30; ++i)
    EXPECT_EQ(peer_ids(forward->bodies[i]), peer_ids(backward->bodies[29 - i]));
}

bool has_problem(const Error& e, const std::string& where, const std::string& fragment) {
  for (const auto& d : e.details)
    if (d.where == where && d.message.find(fragment) != std::string::npos) return true;
  return false;
}

TEST(Neighbours, RefusesFewerThanKPlusOneBodiesAndSuggestsASmallerK) {
  auto r = compute_neighbours(five_bodies(5));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().where, "ids");
  EXPECT_NE(r.error().message.find("at least 6 bodies, but there are 5"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("choose k of at most 4"), std::string::npos);
}

TEST(Neighbours, RefusesKBelowOne) {
  auto r = compute_neighbours(five_bodies(0));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "k");
  EXPECT_TRUE(has_problem(r.error(), "k", "at least 1"));
}

TEST(Neighbours, RefusesAWeightedVariableWithZeroVarianceAndNamesIt) {
  auto in = five_bodies();
  in.variables = {"x", "region_flag"};
  in.values = {1, 0.1, 2, 0.1, 3, 0.1, 4, 0.1, 5, 0.1};
  auto r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "variables[1]");
  EXPECT_NE(r.error().message.find("'region_flag' has the same value (0.1) for every body"),
            std::string::npos)
      << r.error().message;
}

TEST(Neighbours, RefusesNonFiniteValuesNamingBodyAndVariable) {
  auto in = five_bodies();
  in.values[2] = std::numeric_limits<double>::quiet_NaN();
  in.values[9] = std::numeric_limits<double>::infinity();
  auto r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "values[1][0]", "'x' for 'B' is not finite (nan)"));
  EXPECT_TRUE(has_problem(r.error(), "values[4][1]", "'y' for 'E' is not finite (inf)"));
}

TEST(Neighbours, RefusesBadWeights) {
  auto in = five_bodies();
  in.weights = {1};
  auto r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "weights", "1 weights for 2 variables"));
  in.weights = {1, -2};
  r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "weights[1]", "'y' is negative (-2)"));
  in.weights = {0, 0};
  r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "weights", "every weight is 0"));
  in.weights = {1, std::numeric_limits<double>::infinity()};
  r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "weights[1]", "not finite"));
}

TEST(Neighbours, RefusesWeightsSoLargeThatDistancesOverflow) {
  auto in = five_bodies();
  in.weights = {1e308, 1e308};
  auto r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().where, "weights");
  EXPECT_NE(r.error().message.find("only their ratios matter"), std::string::npos);
}

TEST(Neighbours, RefusesRepeatedOrEmptyIdsAndVariableNames) {
  auto in = five_bodies();
  in.ids = {"A", "B", "A", "", "E"};
  in.variables = {"x", "x"};
  auto r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "ids[2]", "id 'A' repeats ids[0]"));
  EXPECT_TRUE(has_problem(r.error(), "ids[3]", "id is empty"));
  EXPECT_TRUE(has_problem(r.error(), "variables[1]", "'x' is named twice"));
  EXPECT_EQ(r.error().details.size(), 3u) << r.error().to_text();
}

TEST(Neighbours, RefusesAValuesMatrixOfTheWrongSize) {
  auto in = five_bodies();
  in.values.pop_back();
  auto r = compute_neighbours(in);
  ASSERT_FALSE(r);
  EXPECT_TRUE(has_problem(r.error(), "values", "5 bodies by 2 variables need 10"));
}

TEST(Neighbours, ChecksTheSettingsAloneBeforeAnyData) {
  EXPECT_TRUE(check_neighbour_settings({"a", "b"}, {}, 15));
  EXPECT_TRUE(check_neighbour_settings({"a", "b"}, {0, 2}, 1));
  auto s = check_neighbour_settings({}, {}, 0);
  ASSERT_FALSE(s);
  EXPECT_TRUE(has_problem(s.error(), "k", "at least 1"));
  EXPECT_TRUE(has_problem(s.error(), "variables", "no variables"));
}

TEST(Neighbours, HandlesFourHundredBodiesWithFortyVariables) {
  // The size of the English councils' problem; a correctness check, not a timing.
  auto in = random_bodies(400, 40, 7);
  in.k = 15;
  auto r = compute_neighbours(in);
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->bodies.size(), 400u);
  for (const auto& b : r->bodies) {
    ASSERT_EQ(b.neighbours.size(), 15u);
    EXPECT_GT(b.neighbours.front().distance, 0.0);
    EXPECT_LT(b.neighbours.back().distance, 1.0);
  }
}

}  // namespace
}  // namespace pvf::benchmark
