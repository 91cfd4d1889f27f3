#include "linkage/train.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <tbb/global_control.h>

namespace pvf::linkage {
namespace {

// A model with three comparisons of 3, 4 and 5 levels and the given m and u (index 0 = null).
LinkModel model_with(const std::vector<std::vector<double>>& m,
                     const std::vector<std::vector<double>>& u) {
  LinkModel model;
  for (std::size_t c = 0; c < m.size(); ++c) {
    ComparisonModel cm;
    cm.column = std::string("c");  // not "c" + std::string&&: GCC 12 -Wrestrict false positive
    cm.column += std::to_string(c);
    cm.m = m[c];
    cm.u = u[c];
    cm.labels.assign(m[c].size(), "");
    cm.u_count.assign(m[c].size(), 0);
    model.comparisons.push_back(cm);
  }
  return model;
}

const std::vector<std::vector<double>> kTrueM{
    {0, 0.85, 0.15}, {0, 0.7, 0.2, 0.1}, {0, 0.6, 0.25, 0.1, 0.05}};
const std::vector<std::vector<double>> kTrueU{
    {0, 0.05, 0.95}, {0, 0.01, 0.09, 0.9}, {0, 0.02, 0.03, 0.15, 0.8}};
constexpr double kTrueLambda = 0.2;

// Every pattern's expected count among `pairs` pairs drawn from the model (with missing values
// in comparison 2 for a tenth of pairs, which EM must ignore rather than count as disagreement).
PatternCounts expected_counts(double pairs) {
  PatternCounts counts;
  for (int a = 1; a < 3; ++a)
    for (int b = 1; b < 4; ++b)
      for (int c = 0; c < 5; ++c) {
        double missing = c == 0 ? 0.1 : 0.9;
        double pm = kTrueLambda * kTrueM[0][a] * kTrueM[1][b] * (c ? kTrueM[2][c] : 1);
        double pu = (1 - kTrueLambda) * kTrueU[0][a] * kTrueU[1][b] * (c ? kTrueU[2][c] : 1);
        Pattern p = with_level(with_level(with_level(0, 0, a), 1, b), 2, c);
        counts[p] = static_cast<uint64_t>(std::llround(pairs * missing * (pm + pu)));
      }
  return counts;
}

TEST(Em, RecoversKnownMAndLambdaFromTheirExpectedPatternCounts) {
  LinkModel start = model_with({{0, 0.5, 0.5}, {0, 0.4, 0.3, 0.3}, {0, 0.3, 0.3, 0.2, 0.2}},
                               kTrueU);
  EmOptions options{1000, 1e-10};
  EmResult em = run_em(expected_counts(1e9), start, {EmRole::estimate, EmRole::estimate, EmRole::estimate}, 0.5, options);
  EXPECT_TRUE(em.converged);
  EXPECT_NEAR(em.lambda, kTrueLambda, 1e-6);
  for (std::size_t c = 0; c < 3; ++c)
    for (std::size_t l = 1; l < kTrueM[c].size(); ++l)
      EXPECT_NEAR(em.m[c][l], kTrueM[c][l], 1e-5) << "comparison " << c << " level " << l;
}

TEST(Em, RecoversKnownMFromPairsSampledWithThem) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> unit(0, 1);
  auto draw = [&](const std::vector<double>& p) {
    double x = unit(rng);
    for (std::size_t l = 1; l < p.size(); ++l) {
      x -= p[l];
      if (x < 0) return static_cast<int>(l);
    }
    return static_cast<int>(p.size() - 1);
  };
  PatternCounts counts;
  for (int i = 0; i < 200000; ++i) {
    bool match = unit(rng) < kTrueLambda;
    const auto& p = match ? kTrueM : kTrueU;
    Pattern pattern = 0;
    for (std::size_t c = 0; c < 3; ++c) pattern = with_level(pattern, c, draw(p[c]));
    ++counts[pattern];
  }
  LinkModel start = model_with({{0, 0.9, 0.1}, {0, 0.9, 0.05, 0.05}, {0, 0.9, 0.05, 0.03, 0.02}},
                               kTrueU);
  EmResult em = run_em(counts, start, {EmRole::estimate, EmRole::estimate, EmRole::estimate}, 0.1, EmOptions{200, 1e-8});
  EXPECT_TRUE(em.converged);
  EXPECT_NEAR(em.lambda, kTrueLambda, 0.01);
  for (std::size_t c = 0; c < 3; ++c)
    for (std::size_t l = 1; l < kTrueM[c].size(); ++l)
      EXPECT_NEAR(em.m[c][l], kTrueM[c][l], 0.015) << "comparison " << c << " level " << l;
}

TEST(Em, LeavesComparisonsItDoesNotEstimateAlone) {
  LinkModel start = model_with({{0, 0.5, 0.5}, {0, 0.4, 0.3, 0.3}, {0, 0.3, 0.3, 0.2, 0.2}},
                               kTrueU);
  EmResult em = run_em(expected_counts(1e9), start, {EmRole::estimate, EmRole::ignore, EmRole::estimate}, 0.5, EmOptions{25, 1e-4});
  EXPECT_EQ(em.m[1], start.comparisons[1].m);
  EXPECT_NE(em.m[0], start.comparisons[0].m);
}

TEST(Em, ReportsNotConvergedWhenIterationsRunOut) {
  LinkModel start = model_with({{0, 0.5, 0.5}, {0, 0.4, 0.3, 0.3}, {0, 0.3, 0.3, 0.2, 0.2}},
                               kTrueU);
  EmResult em = run_em(expected_counts(1e9), start, {EmRole::estimate, EmRole::estimate, EmRole::estimate}, 0.5, EmOptions{2, 1e-12});
  EXPECT_FALSE(em.converged);
  EXPECT_EQ(em.iterations, 2);
}

TEST(Em, EstimatesLambdaAloneWithMAndUKnown) {
  LinkModel truth = model_with(kTrueM, kTrueU);
  double lambda = estimate_lambda(expected_counts(1e9), truth, 0.01, EmOptions{25, 1e-9});
  EXPECT_NEAR(lambda, kTrueLambda, 1e-6);
}

TEST(EstimateU, CountsEveryPairWhenThereAreFew) {
  auto s = parse_settings(nlohmann::json::parse(R"J({"link_type":"dedupe_only",
      "unique_id_column":"id","comparisons":[{"column":"surname","method":"exact"}]})J"));
  ASSERT_TRUE(s);
  RecordsBuilder builder(*s);
  ASSERT_TRUE(builder.begin_source("people.csv", {"id", "surname"}));
  const char* surnames[] = {"smith", "Smith", "jones", "jones", "brown", ""};
  for (int i = 0; i < 6; ++i) {
    std::string id = std::to_string(i);
    std::vector<std::string_view> row{id, surnames[i]};
    ASSERT_TRUE(builder.add_row(row, i + 2));
  }
  Records records = builder.finish();
  PairComparer comparer = PairComparer::create(*s, records);
  LinkModel model = initial_model(comparer);
  ASSERT_TRUE(estimate_u(model, records, comparer, LinkType::dedupe_only, 1000, 1));
  EXPECT_TRUE(model.u_exhaustive);
  EXPECT_EQ(model.u_pairs, 15u);
  // Five records have a surname: 10 pairs, of which smith/Smith and jones/jones agree.
  EXPECT_EQ(model.comparisons[0].u_count, (std::vector<uint64_t>{5, 2, 8}));
  EXPECT_DOUBLE_EQ(model.comparisons[0].u[1], 0.2);
  EXPECT_DOUBLE_EQ(model.comparisons[0].u[2], 0.8);
}

TEST(EstimateU, SamplesTheSamePairsForASeedWhateverTheThreads) {
  auto s = parse_settings(nlohmann::json::parse(R"J({"link_type":"dedupe_only",
      "unique_id_column":"id","comparisons":[{"column":"surname","method":"exact"}]})J"));
  ASSERT_TRUE(s);
  RecordsBuilder builder(*s);
  ASSERT_TRUE(builder.begin_source("people.csv", {"id", "surname"}));
  for (int i = 0; i < 3000; ++i) {
    std::string id = std::to_string(i);
    std::string surname = std::string("s");
    surname += std::to_string(i % 40);
    std::vector<std::string_view> row{id, surname};
    ASSERT_TRUE(builder.add_row(row, i + 2));
  }
  Records records = builder.finish();
  PairComparer comparer = PairComparer::create(*s, records);
  LinkModel a = initial_model(comparer);
  LinkModel b = initial_model(comparer);
  ASSERT_TRUE(estimate_u(a, records, comparer, LinkType::dedupe_only, 200000, 9));
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    ASSERT_TRUE(estimate_u(b, records, comparer, LinkType::dedupe_only, 200000, 9));
  }
  EXPECT_FALSE(a.u_exhaustive);
  EXPECT_EQ(a.comparisons[0].u_count, b.comparisons[0].u_count);
  // 40 equally common surnames: a random pair agrees with probability 74/2999.
  EXPECT_NEAR(a.comparisons[0].u[1], 74.0 / 2999.0, 0.002);
}

}  // namespace
}  // namespace pvf::linkage
