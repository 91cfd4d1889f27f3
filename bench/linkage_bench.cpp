// Linkage hot loops on one core: a six-comparison person model scoring candidate pairs, and the
// Dice similarity of 1,024-bit encodings. Prints RESULT lines for scripts/bench.
//   pvf_bench_linkage --people people.csv [--pairs 5000000]
// people.csv is `pvf generate people` output (given_name, surname, date_of_birth, sex,
// postcode, address_1).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <tbb/global_control.h>

#include "core/crypto.h"
#include "core/csv.h"
#include "linkage/blocking.h"
#include "linkage/clk.h"
#include "linkage/comparison.h"
#include "linkage/model.h"
#include "linkage/predict.h"
#include "linkage/records.h"
#include "linkage/text.h"
#include "linkage/train.h"

using namespace pvf::linkage;

namespace {

double seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const char* kSettings = R"J({"link_type":"dedupe_only","unique_id_column":"unique_id",
  "blocking_rules":[["surname"],["date_of_birth"],["postcode"]],
  "comparisons":[
    {"column":"given_name","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
    {"column":"surname","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
    {"column":"date_of_birth","method":"date","format":"%Y-%m-%d"},
    {"column":"sex","method":"exact"},
    {"column":"postcode","method":"postcode"},
    {"column":"address_1","method":"levenshtein","thresholds":[1,3]}]})J";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Linkage hot loops on one core"};
  std::string people;
  uint64_t pairs_wanted = 5'000'000;
  app.add_option("--people", people, "pvf generate people output")->required();
  app.add_option("--pairs", pairs_wanted, "Candidate pairs to score");
  CLI11_PARSE(app, argc, argv);
  tbb::global_control one_core(tbb::global_control::max_allowed_parallelism, 1);

  auto settings = parse_settings(nlohmann::json::parse(kSettings));
  auto table = pvf::csv::read_file(people);
  if (!settings || !table) {
    std::cerr << "linkage_bench: cannot read " << people << "\n";
    return 1;
  }
  RecordsBuilder builder(*settings);
  if (!builder.begin_source("people.csv", table->header)) return 1;
  for (const auto& row : table->rows) {
    std::vector<std::string_view> fields(row.fields.begin(), row.fields.end());
    if (!builder.add_row(fields, row.line)) return 1;
  }
  Records records = builder.finish();
  PairComparer comparer = PairComparer::create(*settings, records);
  LinkModel model = initial_model(comparer);
  estimate_u(model, records, comparer, LinkType::dedupe_only, 200'000, 1);
  model.prior = 1e-5;
  PairScorer scorer(model, comparer);

  // The workload is blocked pairs, as linkage scores them; collected first so that only the
  // scoring is timed.
  std::vector<uint32_t> a;
  std::vector<uint32_t> b;
  auto blocks = build_blocks(settings->blocking_rules, records, LinkType::dedupe_only);
  for_each_candidate_pair(blocks, LinkType::dedupe_only, [&](std::size_t, const PairBatch& batch) {
    for (std::size_t i = 0; i < batch.a.size() && a.size() < pairs_wanted; ++i) {
      a.push_back(batch.a[i]);
      b.push_back(batch.b[i]);
    }
  });
  double checksum = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < a.size(); ++i) {
    Pattern p = comparer.pattern(a[i], b[i]);
    checksum += scorer.weight(a[i], b[i], p);
  }
  double scored = seconds(start);
  // Random pairs: nearly all disagree, the slow case for string metrics.
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((state >> 33) % records.size());
  };
  start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < a.size(); ++i) {
    uint32_t x = next();
    uint32_t y = next();
    Pattern p = comparer.pattern(x, y);
    checksum += scorer.weight(x, y, p);
  }
  double random = seconds(start);

  // Dice: encodings of the first 10,000 people's names and date of birth.
  if (!pvf::crypto::crypto_init()) return 1;
  auto schema = parse_clk_schema(nlohmann::json::parse(
      R"J({"fields":[{"column":"given_name"},{"column":"surname"},{"column":"date_of_birth","ngram":1,"k":10}]})J"));
  auto key = derive_clk_key("benchmark key, not a secret at all");
  if (!schema || !key) return 1;
  const std::size_t n = std::min<std::size_t>(10'000, table->rows.size());
  auto column = [&](const char* name) { return *table->column(name); };
  std::vector<Clk> clks(n);
  std::vector<int> counts(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto& f = table->rows[r].fields;
    std::string g = normalise_text(f[column("given_name")]);
    std::string s = normalise_text(f[column("surname")]);
    std::string d = normalise_text(f[column("date_of_birth")]);
    std::vector<std::string_view> values{g, s, d};
    clks[r] = encode_clk(values, *schema, *key);
    counts[r] = popcount(clks[r]);
  }
  uint64_t above = 0;
  start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      above += dice_with_counts(clks[i], counts[i], clks[j], counts[j]) >= 0.8;
  double dice = seconds(start);
  const double dice_pairs = static_cast<double>(n) * static_cast<double>(n);

  std::printf("RESULT records=%zu pairs=%zu blocked_pairs_per_sec=%.0f random_pairs_per_sec=%.0f "
              "dice_per_sec=%.0f checksum=%g above=%llu\n",
              records.size(), a.size(), static_cast<double>(a.size()) / scored,
              static_cast<double>(a.size()) / random, dice_pairs / dice, checksum,
              static_cast<unsigned long long>(above));
  return 0;
}
