#include "linkage/linkage.h"

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <mutex>
#include <set>

#include "core/csv.h"

namespace pvf::linkage {
namespace {

using nlohmann::json;

// FEBRL's record ids are rec-N-org and rec-N-dup-K: records with the same N are one person.
std::string entity_of(const std::string& rec_id) {
  auto first = rec_id.find('-');
  auto second = rec_id.find('-', first + 1);
  return rec_id.substr(first + 1, second - first - 1);
}

struct Quality {
  double precision = 0;
  double recall = 0;
  uint64_t predicted = 0;
  uint64_t true_pairs = 0;
};

Records load(const LinkSettings& settings, const std::string& path) {
  auto table = csv::read_file(path);
  EXPECT_TRUE(table) << table.error().to_text();
  RecordsBuilder builder(settings);
  auto ok = builder.begin_source("dataset.csv", table->header);
  EXPECT_TRUE(ok) << ok.error().to_text();
  for (const auto& row : table->rows) {
    std::vector<std::string_view> fields(row.fields.begin(), row.fields.end());
    auto added = builder.add_row(fields, row.line);
    EXPECT_TRUE(added) << added.error().to_text();
  }
  return builder.finish();
}

Quality pairwise_quality(const Records& records, const LinkSettings& settings, LinkRun* out) {
  std::set<std::pair<uint32_t, uint32_t>> predicted;
  std::mutex lock;
  auto run = run_linkage(records, settings, [&](std::span<const ScoredPair> pairs) {
    std::lock_guard<std::mutex> guard(lock);
    for (const auto& p : pairs) {
      EXPECT_GE(p.match_probability, settings.threshold_match_probability);
      predicted.emplace(std::min(p.a, p.b), std::max(p.a, p.b));
    }
  });
  EXPECT_TRUE(run) << run.error().to_text();
  std::map<std::string, uint64_t> sizes;
  for (const auto& id : records.unique_id) ++sizes[entity_of(id)];
  Quality q;
  for (const auto& [entity, n] : sizes) q.true_pairs += n * (n - 1) / 2;
  uint64_t correct = 0;
  for (const auto& [a, b] : predicted)
    if (entity_of(records.unique_id[a]) == entity_of(records.unique_id[b])) ++correct;
  q.predicted = predicted.size();
  q.precision = q.predicted ? static_cast<double>(correct) / static_cast<double>(q.predicted) : 0;
  q.recall = static_cast<double>(correct) / static_cast<double>(q.true_pairs);
  if (run) {
    std::cout << "precision " << q.precision << " recall " << q.recall << " (" << q.predicted
              << " predicted, " << q.true_pairs << " true); candidates " << run->candidate_pairs
              << "; seconds:";
    for (const auto& s : run->stages) std::cout << " " << s.stage << " " << s.seconds;
    std::cout << "\n";
  }
  if (out && run) *out = std::move(*run);
  return q;
}

// Settings in the contract's shape for FEBRL's columns.
LinkSettings febrl_settings() {
  auto s = parse_settings(json::parse(R"J({"link_type":"dedupe_only","unique_id_column":"rec_id",
    "blocking_rules":[["surname"],["postcode"],["prefix(given_name,2)","year(date_of_birth)"],
                      ["soc_sec_id"]],
    "comparisons":[
      {"column":"given_name","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
      {"column":"surname","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
      {"column":"date_of_birth","method":"date","format":"%Y%m%d"},
      {"column":"soc_sec_id","method":"damerau_levenshtein","thresholds":[1,2]},
      {"column":"street_number","method":"exact"},
      {"column":"address_1","method":"jaro_winkler","thresholds":[0.9,0.7]},
      {"column":"suburb","method":"jaro_winkler","thresholds":[0.9]},
      {"column":"postcode","method":"levenshtein","thresholds":[1]}],
    "threshold_match_probability":0.5,"em":{"max_iterations":100,"tolerance":0.0001},"seed":1})J"));
  EXPECT_TRUE(s) << s.error().to_text();
  return *s;
}

TEST(LinkageFebrl, Dataset1DedupeHasPairwisePrecisionAndRecallOver95Percent) {
  LinkSettings settings = febrl_settings();
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  ASSERT_EQ(records.size(), 1000u);
  LinkRun run;
  Quality q = pairwise_quality(records, settings, &run);
  EXPECT_EQ(q.true_pairs, 500u);  // as data/README.md says
  EXPECT_GE(q.precision, 0.95) << q.predicted << " predicted";
  EXPECT_GE(q.recall, 0.95);
  EXPECT_TRUE(run.model.converged());
  EXPECT_EQ(run.model.prior_source, "em");
}

TEST(LinkageFebrl, Dataset2DedupeHasPairwisePrecisionAndRecallOver95Percent) {
  LinkSettings settings = febrl_settings();
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset2.csv");
  ASSERT_EQ(records.size(), 5000u);
  LinkRun run;
  Quality q = pairwise_quality(records, settings, &run);
  EXPECT_EQ(q.true_pairs, 1934u);
  EXPECT_GE(q.precision, 0.95) << q.predicted << " predicted";
  EXPECT_GE(q.recall, 0.95);
  // Clusters are connected components of the predicted pairs: each record in one.
  ASSERT_EQ(run.cluster.size(), records.size());
  EXPECT_LT(run.clusters, records.size());
  EXPECT_GT(run.clusters, 3000u);
}

TEST(Linkage, StagesAreTimedAndCandidatesCounted) {
  LinkSettings settings = febrl_settings();
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  auto run = run_linkage(records, settings, {});
  ASSERT_TRUE(run);
  std::vector<std::string> stages;
  for (const auto& s : run->stages) stages.push_back(s.stage);
  EXPECT_EQ(stages, (std::vector<std::string>{"blocking", "u", "em", "prior", "predict",
                                               "cluster"}));
  uint64_t upper = 0;
  for (const auto& r : run->blocking) upper += r.pairs;
  EXPECT_LE(run->candidate_pairs, upper);
  EXPECT_GT(run->candidate_pairs, 0u);
  uint64_t histogram = 0;
  for (auto n : run->histogram.counts) histogram += n;
  EXPECT_EQ(histogram, run->candidate_pairs);
  EXPECT_EQ(run->total_pairs, 499500u);
  EXPECT_TRUE(run->model.u_exhaustive);  // 499,500 pairs: fewer than u_max_pairs
}

TEST(Linkage, CancellingFailsWithCancelledAndStoresNothing) {
  LinkSettings settings = febrl_settings();
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  bool called = false;
  auto run = run_linkage(records, settings, [&](std::span<const ScoredPair>) { called = true; },
                         [](std::string_view stage, uint64_t, uint64_t) { return stage != "u"; });
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::cancelled);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace pvf::linkage

namespace pvf::linkage {
namespace {

TEST(Linkage, AModelReadBackFromItsJsonScoresPairsAsItDidWithoutTraining) {
  LinkSettings settings = febrl_settings();
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  std::map<std::pair<uint32_t, uint32_t>, double> first;
  std::mutex lock;
  auto run = run_linkage(records, settings, [&](std::span<const ScoredPair> pairs) {
    std::lock_guard<std::mutex> guard(lock);
    for (const auto& p : pairs) first[{p.a, p.b}] = p.match_weight;
  });
  ASSERT_TRUE(run);
  auto model = model_from_json(nlohmann::json::parse(to_json(run->model).dump()));
  ASSERT_TRUE(model) << model.error().to_text();
  std::map<std::pair<uint32_t, uint32_t>, double> second;
  auto again = run_linkage(
      records, settings,
      [&](std::span<const ScoredPair> pairs) {
        std::lock_guard<std::mutex> guard(lock);
        for (const auto& p : pairs) second[{p.a, p.b}] = p.match_weight;
      },
      {}, &*model);
  ASSERT_TRUE(again) << again.error().to_text();
  ASSERT_EQ(second.size(), first.size());
  for (const auto& [pair, weight] : first) EXPECT_NEAR(second[pair], weight, 1e-9);
  std::vector<std::string> stages;
  for (const auto& s : again->stages) stages.push_back(s.stage);
  EXPECT_EQ(stages, (std::vector<std::string>{"blocking", "predict", "cluster"}));
}

TEST(Linkage, RefusesAModelThatDoesNotFitTheSettings) {
  LinkSettings settings = febrl_settings();
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  auto run = run_linkage(records, settings, {});
  ASSERT_TRUE(run);
  LinkModel other = run->model;
  other.comparisons.pop_back();
  auto refused = run_linkage(records, settings, {}, {}, &other);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("comparisons"), std::string::npos);

  auto bad = model_from_json(nlohmann::json::parse(R"J({"probability_two_random_records_match":2,
      "comparisons":[{"column":"x","method":"exact","levels":[{"label":"exact","m":0.9}]}]})J"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().details.size(), 2u);  // the prior, and a level without u
}

}  // namespace
}  // namespace pvf::linkage

namespace pvf::linkage {
namespace {

TEST(LinkagePrior, DeterministicRulesGiveTheShareOfPairsTheyFindOverTheirRecall) {
  LinkSettings settings = febrl_settings();
  settings.deterministic_rules = {{BlockingKey{BlockingKey::Kind::column, "soc_sec_id", 0},
                                   BlockingKey{BlockingKey::Kind::column, "surname", 0}}};
  settings.deterministic_recall = 0.8;
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  // Counted by brute force from the file: pairs with the same (non-empty) soc_sec_id and
  // surname, as written after trimming (FEBRL's surnames are lower case already).
  auto table = csv::read_file(std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  ASSERT_TRUE(table);
  const auto ssid = *table->column("soc_sec_id");
  const auto surname = *table->column("surname");
  uint64_t agreeing = 0;
  for (std::size_t i = 0; i < table->rows.size(); ++i)
    for (std::size_t j = i + 1; j < table->rows.size(); ++j) {
      const auto& x = table->rows[i].fields;
      const auto& y = table->rows[j].fields;
      if (!x[ssid].empty() && !x[surname].empty() && x[ssid] == y[ssid] && x[surname] == y[surname])
        ++agreeing;
    }
  ASSERT_GT(agreeing, 100u);
  auto run = run_linkage(records, settings, {});
  ASSERT_TRUE(run) << run.error().to_text();
  EXPECT_EQ(run->model.prior_source, "deterministic_rules");
  EXPECT_NEAR(run->model.prior, static_cast<double>(agreeing) / 0.8 / 499500.0, 1e-15);
}

TEST(LinkagePrior, AGivenPriorIsUsedAsItIs) {
  LinkSettings settings = febrl_settings();
  settings.probability_two_random_records_match = 0.001;
  Records records = load(settings, std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
  auto run = run_linkage(records, settings, {});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->model.prior_source, "fixed");
  EXPECT_DOUBLE_EQ(run->model.prior, 0.001);
}

}  // namespace
}  // namespace pvf::linkage
