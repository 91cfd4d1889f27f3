// `pvf link dedupe`, `pvf link link` and `pvf link encode` as users run them, on FEBRL's
// published synthetic records (rec-N-org / rec-N-dup-K: the same N is the same person).
#include <map>
#include <set>

#include "cli_support.h"

namespace pvf_cli_test {
namespace {

const std::string kDataset1 = std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv";

// The contract's example settings (issue 5), for FEBRL's columns.
constexpr const char* kSettings = R"J({"link_type":"dedupe_only", "unique_id_column":"rec_id",
  "blocking_rules":[["surname"],["postcode"],["prefix(given_name,2)","year(date_of_birth)"]],
  "comparisons":[{"column":"given_name","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
                 {"column":"surname","method":"jaro_winkler","thresholds":[0.92,0.8],"term_frequency":true},
                 {"column":"date_of_birth","method":"date","format":"%Y%m%d"},
                 {"column":"soc_sec_id","method":"exact"}],
  "threshold_match_probability":0.5, "em":{"max_iterations":25,"tolerance":0.0001}, "seed":1})J";

std::string entity(const std::string& rec_id) {
  auto a = rec_id.find('-');
  return rec_id.substr(a + 1, rec_id.find('-', a + 1) - a - 1);
}

struct Scores {
  double precision = 0;
  double recall = 0;
};

Scores pairwise(const pvf::csv::Table& predictions, std::size_t true_pairs) {
  std::size_t correct = 0;
  for (const auto& row : predictions.rows)
    if (entity(row.fields[0]) == entity(row.fields[1])) ++correct;
  return {predictions.rows.empty() ? 0 : static_cast<double>(correct) / predictions.rows.size(),
          static_cast<double>(correct) / static_cast<double>(true_pairs)};
}

class LinkCli : public CliTest {
 protected:
  pvf::csv::Table table(const std::string& name) {
    auto t = pvf::csv::parse(read_text(path(name)), name);
    EXPECT_TRUE(t) << (t ? "" : t.error().to_text());
    return t ? *t : pvf::csv::Table{};
  }
  nlohmann::json json_file(const std::string& name) {
    return nlohmann::json::parse(read_text(path(name)), nullptr, false);
  }
};

TEST_F(LinkCli, DedupeWritesTheContractFilesWithFebrlQuality) {
  write("s.json", kSettings);
  auto r = pvf("link dedupe " + kDataset1 + " --settings " + path("s.json") + " --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto predictions = table("out/predictions.csv");
  EXPECT_EQ(pvf::csv::format_row(predictions.header),
            "unique_id_l,unique_id_r,match_weight,match_probability,gamma_given_name,"
            "gamma_surname,gamma_date_of_birth,gamma_soc_sec_id\n");
  for (const auto& row : predictions.rows) {
    EXPECT_GE(std::stod(row.fields[3]), 0.5);
    EXPECT_GE(std::stoi(row.fields[7]), -1);  // exact: -1 null, 0 else, 1 exact
    EXPECT_LE(std::stoi(row.fields[7]), 1);
  }
  Scores s = pairwise(predictions, 500);  // dataset1 has 500 true pairs
  EXPECT_GE(s.precision, 0.95);
  EXPECT_GE(s.recall, 0.95);

  auto clusters = table("out/clusters.csv");
  EXPECT_EQ(pvf::csv::format_row(clusters.header), "unique_id,cluster_id\n");
  EXPECT_EQ(clusters.rows.size(), 1000u);  // every input record
  std::map<std::string, std::string> cluster_of;
  for (const auto& row : clusters.rows) cluster_of[row.fields[0]] = row.fields[1];
  for (const auto& row : predictions.rows)
    EXPECT_EQ(cluster_of[row.fields[0]], cluster_of[row.fields[1]]);

  auto model = json_file("out/model.json");
  ASSERT_FALSE(model.is_discarded());
  EXPECT_GT(model["probability_two_random_records_match"].get<double>(), 0);
  EXPECT_TRUE(model["converged"].get<bool>());
  EXPECT_GT(model["iterations"].get<int>(), 0);
  ASSERT_EQ(model["comparisons"].size(), 4u);
  EXPECT_EQ(model["comparisons"][0]["levels"][0]["label"], "exact");
  EXPECT_TRUE(model["comparisons"][0]["levels"][0].contains("m"));
  EXPECT_TRUE(model["comparisons"][0]["levels"][0].contains("u"));

  auto summary = json_file("out/summary.json");
  ASSERT_FALSE(summary.is_discarded());
  EXPECT_EQ(summary["records"], 1000);
  EXPECT_EQ(summary["predicted_pairs"].get<std::size_t>(), predictions.rows.size());
  EXPECT_GE(summary["candidate_pairs"].get<std::size_t>(), predictions.rows.size());
  std::set<std::string> distinct;
  for (const auto& [id, cluster] : cluster_of) distinct.insert(cluster);
  EXPECT_EQ(summary["clusters"].get<std::size_t>(), distinct.size());
  for (const char* stage : {"read", "blocking", "u", "em", "prior", "predict", "cluster", "write"})
    EXPECT_TRUE(summary["seconds"].contains(stage)) << stage;
  EXPECT_GT(summary["peak_memory_bytes"].get<uint64_t>(), 0u);
  EXPECT_FALSE(fs::exists(path("out/settings.json")));  // given, so not written back
}

TEST_F(LinkCli, ATrainedModelScoresAgainWithoutTrainingAndOutputIsStable) {
  write("s.json", kSettings);
  const std::string run = "link dedupe " + kDataset1 + " --settings " + path("s.json");
  ASSERT_EQ(pvf(run + " --out " + path("a")).exit_code, 0);
  ASSERT_EQ(pvf(run + " --threads 1 --out " + path("b")).exit_code, 0);
  // The same input gives the same file, however the threads shared the work.
  EXPECT_EQ(read_text(path("b/predictions.csv")), read_text(path("a/predictions.csv")));
  auto r = pvf(run + " --model " + path("a/model.json") + " --out " + path("c"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(read_text(path("c/predictions.csv")), read_text(path("a/predictions.csv")));
  auto summary = nlohmann::json::parse(read_text(path("c/summary.json")));
  EXPECT_FALSE(summary["seconds"].contains("em"));  // no training
  // A model needs the settings it was trained with.
  EXPECT_EQ(pvf("link dedupe " + kDataset1 + " --model " + path("a/model.json") + " --out " +
                path("d")).exit_code, 2);
}

TEST_F(LinkCli, WithoutSettingsProposesThemWritesThemAndStillFindsTheMatches) {
  auto r = pvf("link dedupe " + kDataset1 + " --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto settings = json_file("out/settings.json");
  ASSERT_FALSE(settings.is_discarded());
  EXPECT_EQ(settings["unique_id_column"], "rec_id");
  EXPECT_FALSE(settings["blocking_rules"].empty());
  Scores s = pairwise(table("out/predictions.csv"), 500);
  EXPECT_GE(s.precision, 0.95);
  EXPECT_GE(s.recall, 0.95);
  // The proposal is a valid settings file: run again with it.
  auto again = pvf("link dedupe " + kDataset1 + " --settings " + path("out/settings.json") +
                   " --out " + path("again"));
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(read_text(path("again/predictions.csv")), read_text(path("out/predictions.csv")));
}

TEST_F(LinkCli, LinkFindsEachDuplicateItsOriginalAcrossTwoFiles) {
  auto data = pvf::csv::parse(read_text(kDataset1), "dataset1.csv");
  ASSERT_TRUE(data);
  std::string originals = pvf::csv::format_row(data->header);
  std::string duplicates = originals;
  for (const auto& row : data->rows)
    (row.fields[0].find("org") != std::string::npos ? originals : duplicates) +=
        pvf::csv::format_row(row.fields);
  write("left.csv", originals);
  write("right.csv", duplicates);
  nlohmann::json s = nlohmann::json::parse(kSettings);
  s["link_type"] = "link_only";
  write("s.json", s.dump());
  auto r = pvf("link link " + path("left.csv") + " " + path("right.csv") + " --settings " +
               path("s.json") + " --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto predictions = table("out/predictions.csv");
  for (const auto& row : predictions.rows) {
    EXPECT_NE(row.fields[0].find("org"), std::string::npos);  // left: originals
    EXPECT_NE(row.fields[1].find("dup"), std::string::npos);  // right: duplicates
  }
  Scores q = pairwise(predictions, 500);  // each of the 500 duplicates has one original
  EXPECT_GE(q.precision, 0.95);
  EXPECT_GE(q.recall, 0.95);
  auto clusters = table("out/clusters.csv");
  EXPECT_EQ(pvf::csv::format_row(clusters.header), "unique_id,cluster_id,source_dataset\n");
  EXPECT_EQ(clusters.rows.size(), 1000u);
}

TEST_F(LinkCli, RefusesBadSettingsNamingEachProblem) {
  nlohmann::json s = nlohmann::json::parse(kSettings);
  s["colour"] = "blue";
  s["comparisons"][1]["method"] = "soundalike";
  s["comparisons"][2]["column"] = "birth";
  write("s.json", s.dump());
  auto r = pvf("link dedupe " + kDataset1 + " --settings " + path("s.json") + " --out " + path("out"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("$.colour"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("soundalike"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(path("out/predictions.csv")));

  s = nlohmann::json::parse(kSettings);
  s["comparisons"][2]["column"] = "birth";
  write("s.json", s.dump());
  r = pvf("link dedupe " + kDataset1 + " --settings " + path("s.json") + " --out " + path("out"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("dataset1.csv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'birth'"), std::string::npos) << r.out;

  r = pvf("link link " + kDataset1 + " " + kDataset1 + " --settings " + path("s.json") +
          " --out " + path("out"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("link_type"), std::string::npos) << r.out;
}

TEST_F(LinkCli, UsageErrorsExitTwo) {
  EXPECT_EQ(pvf("link dedupe " + kDataset1).exit_code, 2);  // no --out
  EXPECT_EQ(pvf("link link " + kDataset1 + " --out " + path("o")).exit_code, 2);  // one file
  EXPECT_EQ(pvf("link dedupe " + path("missing.csv") + " --out " + path("o")).exit_code, 2);
}

TEST_F(LinkCli, ARepeatedIdIsRefusedWithItsPlaceNotItsValueAndEarlierResultsStay) {
  write("s.json", kSettings);
  ASSERT_EQ(pvf("link dedupe " + kDataset1 + " --settings " + path("s.json") + " --out " +
                path("out")).exit_code, 0);
  const std::string before = read_text(path("out/predictions.csv"));
  std::string text = read_text(kDataset1);
  text += "rec-secret-org, ann, smith, 1, high st, , town, 2600, nsw, 19800101, 123\n";
  text += "rec-secret-org, ann, smith, 1, high st, , town, 2600, nsw, 19800101, 123\n";
  write("bad.csv", text);
  auto r = pvf("link dedupe " + path("bad.csv") + " --settings " + path("s.json") + " --out " +
               path("out"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.csv:1003:rec_id"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("secret"), std::string::npos) << r.out;  // never a value
  EXPECT_EQ(read_text(path("out/predictions.csv")), before);
}

TEST_F(LinkCli, EncodingsLinkWithDiceAlone) {
  write("key", "a secret shared by the two parties only");
  write("schema.json",
        R"J({"fields":[{"column":"given_name"},{"column":"surname"},{"column":"address_1"},
            {"column":"date_of_birth","ngram":1,"k":10}]})J");
  auto r = pvf("link encode " + kDataset1 + " --key-file " + path("key") + " --schema " +
               path("schema.json") + " --out " + path("enc.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto encodings = table("enc.csv");
  EXPECT_EQ(pvf::csv::format_row(encodings.header), "unique_id,clk\n");
  ASSERT_EQ(encodings.rows.size(), 1000u);
  EXPECT_EQ(encodings.rows[0].fields[1].size(), 172u);
  const std::string plain = read_text(path("enc.csv"));
  EXPECT_EQ(plain.find("thompson"), std::string::npos);  // no plaintext identifier
  write("dice.json", R"J({"link_type":"dedupe_only","blocking_rules":[],
      "comparisons":[{"column":"clk","method":"dice","thresholds":[0.9,0.8,0.7]}]})J");
  r = pvf("link dedupe " + path("enc.csv") + " --settings " + path("dice.json") + " --out " +
          path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  Scores s = pairwise(table("out/predictions.csv"), 500);
  EXPECT_GE(s.precision, 0.95);
  EXPECT_GE(s.recall, 0.5);
}

}  // namespace
}  // namespace pvf_cli_test

namespace pvf_cli_test {
namespace {

// Pairwise precision and recall against the generator's true clusters.
Scores against_truth(const pvf::csv::Table& people, const pvf::csv::Table& predictions) {
  std::map<std::string, std::string> cluster;
  std::map<std::string, std::size_t> sizes;
  for (const auto& row : people.rows) {
    cluster[row.fields[0]] = row.fields[1];
    ++sizes[row.fields[1]];
  }
  std::size_t true_pairs = 0;
  for (const auto& [c, n] : sizes) true_pairs += n * (n - 1) / 2;
  std::size_t correct = 0;
  for (const auto& row : predictions.rows)
    if (cluster[row.fields[0]] == cluster[row.fields[1]]) ++correct;
  return {predictions.rows.empty() ? 0 : static_cast<double>(correct) / predictions.rows.size(),
          static_cast<double>(correct) / static_cast<double>(true_pairs)};
}

class GenerateCli : public CliTest {};

TEST_F(GenerateCli, WritesPeopleWithTheirTrueClusterThatLinkageRecovers) {
  auto r = pvf("generate people --rows 20000 --duplicate-rate 0.3 --seed 3 --out " +
               path("people.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto people = pvf::csv::parse(read_text(path("people.csv")), "people.csv");
  ASSERT_TRUE(people);
  EXPECT_EQ(pvf::csv::format_row(people->header),
            "unique_id,cluster,given_name,surname,date_of_birth,sex,postcode,address_1,town\n");
  EXPECT_EQ(people->rows.size(), 20000u);
  // The same seed gives the same file.
  ASSERT_EQ(pvf("generate people --rows 20000 --duplicate-rate 0.3 --seed 3 --out " +
                path("again.csv")).exit_code, 0);
  EXPECT_EQ(read_text(path("again.csv")), read_text(path("people.csv")));

  // Linked with proposed settings (the generator's truth column is not compared).
  r = pvf("link dedupe " + path("people.csv") + " --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string settings = read_text(path("out/settings.json"));
  EXPECT_EQ(settings.find("\"cluster\""), std::string::npos);
  auto predictions = pvf::csv::parse(read_text(path("out/predictions.csv")), "predictions.csv");
  ASSERT_TRUE(predictions);
  Scores s = against_truth(*people, *predictions);
  EXPECT_GE(s.precision, 0.95);
  EXPECT_GE(s.recall, 0.95);
}

TEST_F(GenerateCli, BadOptionsExitTwoAndWriteNothing) {
  EXPECT_EQ(pvf("generate people --rows 0 --out " + path("p.csv")).exit_code, 2);
  EXPECT_EQ(pvf("generate people --rows 10 --duplicate-rate 1.5 --out " + path("p.csv")).exit_code,
            2);
  EXPECT_FALSE(fs::exists(path("p.csv")));
}

}  // namespace
}  // namespace pvf_cli_test
