#include "linkage/review.h"

#include <gtest/gtest.h>

#include <cmath>

namespace pvf::linkage {
namespace {

std::size_t bin(int weight) { return static_cast<std::size_t>(weight - WeightHistogram::kLow); }

TEST(EstimateQuality, UsesEachReviewedBinsShareOfMatches) {
  WeightHistogram h;
  h.counts[bin(-10)] = 1000;  // not reviewed: the model's probability at -9.5 stands in
  h.counts[bin(0)] = 100;     // reviewed: 1 of 4 match
  h.counts[bin(5)] = 50;      // reviewed: 3 of 3 match
  std::vector<ReviewLabel> labels{{0.2, false}, {0.5, true}, {0.7, false}, {0.9, false},
                                  {5.1, true},  {5.5, true}, {5.9, true}};
  auto q = estimate_quality(h, labels, 0.0);
  ASSERT_TRUE(q) << q.error().to_text();
  // Worked by hand: matches 1000 p(-9.5) + 100 × 1/4 + 50 × 1; predicted bins 0 and 5.
  const double unreviewed = 1000.0 / (1.0 + std::exp2(9.5));
  EXPECT_NEAR(q->expected_matches, unreviewed + 25 + 50, 1e-9);
  EXPECT_EQ(q->predicted_pairs, 150u);
  EXPECT_NEAR(q->precision, 75.0 / 150.0, 1e-12);
  EXPECT_NEAR(q->recall, 75.0 / (unreviewed + 75.0), 1e-12);
  EXPECT_EQ(q->labels, 7u);
  EXPECT_EQ(q->bins_reviewed, 2u);
}

TEST(EstimateQuality, ThresholdDecidesWhichBinsArePredicted) {
  WeightHistogram h;
  h.counts[bin(0)] = 100;
  h.counts[bin(5)] = 50;
  std::vector<ReviewLabel> labels{{0.5, true}, {5.5, true}};
  auto q = estimate_quality(h, labels, 3.0);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->predicted_pairs, 50u);
  EXPECT_NEAR(q->precision, 1.0, 1e-12);
  EXPECT_NEAR(q->recall, 50.0 / 150.0, 1e-12);
}

TEST(EstimateQuality, NeedsLabels) {
  WeightHistogram h;
  auto q = estimate_quality(h, {}, 0);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, ErrorCode::invalid_input);
}

TEST(ExplainPair, StepsAddUpToTheScoredWeight) {
  auto s = parse_settings(nlohmann::json::parse(R"J({"link_type":"dedupe_only",
      "unique_id_column":"id","comparisons":[
        {"column":"surname","method":"jaro_winkler","thresholds":[0.9],"term_frequency":true},
        {"column":"dob","method":"date","format":"%Y-%m-%d"}]})J"));
  ASSERT_TRUE(s);
  RecordsBuilder builder(*s);
  ASSERT_TRUE(builder.begin_source("people.csv", {"id", "surname", "dob"}));
  const char* rows[][3] = {{"1", "smith", "1980-03-12"}, {"2", "smith", "1980-03-25"},
                           {"3", "smyth", ""}, {"4", "jones", "1990-01-01"}};
  for (int i = 0; i < 4; ++i) {
    std::vector<std::string_view> f{rows[i][0], rows[i][1], rows[i][2]};
    ASSERT_TRUE(builder.add_row(f, i + 2));
  }
  Records records = builder.finish();
  PairComparer comparer = PairComparer::create(*s, records);
  LinkModel model = initial_model(comparer);
  model.prior = 0.01;
  PairScorer scorer(model, comparer);

  PairExplanation e = explain_pair(model, comparer, 0, 1);
  ASSERT_EQ(e.steps.size(), 2u);
  EXPECT_EQ(e.steps[0].label, "exact");
  EXPECT_TRUE(e.steps[0].term_frequency_adjusted);
  EXPECT_DOUBLE_EQ(e.steps[0].u, 0.5);  // smith is 2 of the 4 surnames
  EXPECT_NEAR(e.steps[0].weight, std::log2(model.comparisons[0].m[1] / 0.5), 1e-12);
  EXPECT_EQ(e.steps[1].label, "within 1 month");
  EXPECT_EQ(e.steps[1].gamma, 3);  // levels: else 0, 10 years 1, 1 year 2, 1 month 3, …
  EXPECT_NEAR(e.prior_weight, std::log2(0.01 / 0.99), 1e-12);
  EXPECT_NEAR(e.match_weight, scorer.weight(0, 1, comparer.pattern(0, 1)), 1e-12);
  EXPECT_NEAR(e.match_weight, e.prior_weight + e.steps[0].weight + e.steps[1].weight, 1e-12);

  PairExplanation missing = explain_pair(model, comparer, 0, 2);
  EXPECT_EQ(missing.steps[1].label, "null");
  EXPECT_EQ(missing.steps[1].gamma, -1);
  EXPECT_EQ(missing.steps[1].weight, 0);
}

}  // namespace
}  // namespace pvf::linkage
