// The record-linkage API end to end through the application (no network): an agreement made by
// an admin, a member's CSV upload sealed under the server's key file, a linkage run as a job over
// FEBRL dataset1 (its ground truth: rec-N-org and rec-N-dup-k are one person), pairs, the pair
// explanation, review, and who reaches what.
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "server/test_fixture.h"

namespace pvf::server::testing {
namespace {

using nlohmann::json;

std::string febrl1() {
  std::ifstream in(std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class LinkageApiTest : public AppFixture {
 protected:
  void SetUp() override {
    AppFixture::SetUp();
    admin_ = login("admin");
    lead_ = login("body_lead");
    viewer_ = login("viewer");
    analyst_ = login("treasury_analyst");
    Response users = call("GET", "/api/v1/users", {}, &admin_);
    ASSERT_EQ(users.status, 200);
    const json listed = body_json(users);  // kept: a temporary's element would dangle
    for (const auto& u : listed["items"])
      ids_[u["username"].get<std::string>()] = u["id"].get<int64_t>();
    json agreement{{"title", "FEBRL test"},
                   {"purpose", "Test linkage"},
                   {"lawful_basis", "Test"},
                   {"parties", {"Council"}},
                   {"fields", {"rec_id", "given_name", "surname", "street_number", "address_1",
                               "address_2", "suburb", "postcode", "state", "date_of_birth",
                               "soc_sec_id"}},
                   {"retain_until", "2099-12-31"},
                   {"member_ids", {ids_["body_lead"], ids_["viewer"]}}};
    Response made = call("POST", "/api/v1/sharing-agreements", agreement.dump(), &admin_);
    ASSERT_EQ(made.status, 201) << made.body;
    agreement_ = body_json(made)["id"];
  }

  std::string datasets_url() const {
    return "/api/v1/sharing-agreements/" + std::to_string(agreement_) + "/datasets";
  }


  Client admin_, lead_, viewer_, analyst_;
  std::map<std::string, int64_t> ids_;
  int64_t agreement_ = 0;
};

TEST_F(LinkageApiTest, AMemberUploadsRunsAndReadsAFebrlLinkage) {
  Response up = call("POST", datasets_url() + "?name=febrl1.csv&party=Council&id_column=rec_id",
                     febrl1(), &lead_, true, "text/csv");
  ASSERT_EQ(up.status, 201) << up.body;
  const int64_t dataset = body_json(up)["id"];
  EXPECT_EQ(body_json(up)["rows"], 1000);
  // The key file beside the database seals it, readable by its owner only.
  struct stat st {};
  ASSERT_EQ(::stat((db_path_ + ".key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  Response started = call("POST", "/api/v1/linkage-runs",
                          json{{"dataset_ids", {dataset}}, {"settings", nullptr}}.dump(), &lead_);
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(body_json(started)["kind"], "linkage");
  const std::string location = started.header("Location").value_or("");
  json job = wait_for_job(location, lead_);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  const int64_t run = job["result"]["linkage_run_id"];
  const std::string run_url = "/api/v1/linkage-runs/" + std::to_string(run);

  Response got = call("GET", run_url, {}, &viewer_);  // a viewer member reads it
  ASSERT_EQ(got.status, 200) << got.body;
  const json detail = body_json(got);
  EXPECT_EQ(detail["records"], 1000);
  EXPECT_EQ(detail["datasets"][0]["name"], "febrl1.csv");
  EXPECT_FALSE(detail["model"]["comparisons"].empty());

  // The predicted pairs against FEBRL's truth (rows map to rec_ids in file order).
  std::vector<std::string> person;
  {
    std::istringstream lines(febrl1());
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      const std::string id = line.substr(0, line.find(','));
      person.push_back(id.substr(0, id.find('-', 4)));
    }
  }
  std::map<std::string, int> sizes;
  for (const auto& p : person) ++sizes[p];
  int true_pairs = 0;
  for (const auto& [p, n] : sizes) true_pairs += n * (n - 1) / 2;
  Response pairs = call("GET", run_url + "/pairs?limit=1000&min_weight=-100", {}, &lead_);
  ASSERT_EQ(pairs.status, 200) << pairs.body;
  int predicted = 0, correct = 0;
  json first_predicted;
  const json pair_list = body_json(pairs);
  for (const auto& p : pair_list["items"]) {
    if (!p["predicted"].get<bool>()) continue;
    if (first_predicted.is_null()) first_predicted = p;
    ++predicted;
    correct += person[p["left"]["row"].get<std::size_t>() - 1] ==
               person[p["right"]["row"].get<std::size_t>() - 1];
  }
  EXPECT_GE(static_cast<double>(correct) / predicted, 0.95);
  EXPECT_GE(static_cast<double>(correct) / true_pairs, 0.95);

  // The explanation is a POST (no identifiers in URLs) and reproduces the stored weight.
  Response explained = call("POST", run_url + "/explain",
                            json{{"left", first_predicted["left"]}, {"right", first_predicted["right"]}}.dump(),
                            &lead_);
  ASSERT_EQ(explained.status, 200) << explained.body;
  EXPECT_NEAR(body_json(explained)["match_weight"].get<double>(),
              first_predicted["match_weight"].get<double>(), 1e-9);
  Response denied = call("POST", run_url + "/explain",
                         json{{"left", first_predicted["left"]}, {"right", first_predicted["right"]}}.dump(),
                         &viewer_);
  EXPECT_EQ(denied.status, 403);

  // Review: the queue, a label, the quality estimate.
  Response queue = call("GET", run_url + "/review?limit=2", {}, &lead_);
  ASSERT_EQ(queue.status, 200) << queue.body;
  const json item = body_json(queue)["items"].at(0);
  const bool same = person[item["left"]["row"].get<std::size_t>() - 1] ==
                    person[item["right"]["row"].get<std::size_t>() - 1];
  Response labelled = call("POST", run_url + "/reviews",
                           json{{"left", item["left"]}, {"right", item["right"]},
                                {"label", same ? "match" : "non_match"}}.dump(),
                           &lead_);
  ASSERT_EQ(labelled.status, 201) << labelled.body;
  EXPECT_EQ(body_json(labelled)["quality"]["labels"], 1);

  // CSV of the pairs: references only.
  Response csv = call("GET", run_url + "/pairs?format=csv", {}, &lead_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("left_dataset,left_row,right_dataset,right_row,match_weight,", 0), 0u);
  EXPECT_EQ(csv.body.find("rec-"), std::string::npos);
}

TEST_F(LinkageApiTest, NonMembersFindNothingAndBadRequestsNameTheirPlace) {
  Response up = call("POST", datasets_url() + "?name=febrl1.csv&party=Council&id_column=rec_id",
                     febrl1(), &lead_, true, "text/csv");
  ASSERT_EQ(up.status, 201) << up.body;
  const int64_t dataset = body_json(up)["id"];
  // Not a member: 404 as for an unknown id, even for an admin (who sees the terms).
  EXPECT_EQ(call("GET", datasets_url(), {}, &analyst_).status, 404);
  EXPECT_EQ(call("GET", datasets_url(), {}, &admin_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/sharing-agreements/" + std::to_string(agreement_), {}, &admin_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/sharing-agreements/" + std::to_string(agreement_), {}, &analyst_).status, 404);
  // A viewer member may read but not upload.
  EXPECT_EQ(call("GET", datasets_url(), {}, &viewer_).status, 200);
  EXPECT_EQ(call("POST", datasets_url() + "?name=x.csv&party=Council", "rec_id\nr1\n", &viewer_,
                 true, "text/csv").status, 403);
  // A bad upload: every problem by file:line:column.
  Response bad = call("POST", datasets_url() + "?name=bad.csv&party=Council&id_column=rec_id",
                      "rec_id,surname\nr1,smith\nr1,jones\n", &lead_, true, "text/csv");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(body_json(bad)["error"]["details"][0]["where"], "bad.csv:3:rec_id");
  EXPECT_EQ(bad.body.find("jones"), std::string::npos);
  // Bad settings name their JSON path.
  json settings{{"link_type", "dedupe_only"},
                {"unique_id_column", "rec_id"},
                {"comparisons", {{{"column", "surname"}, {"method", "soundalike"}}}}};
  Response refused = call("POST", "/api/v1/linkage-runs",
                          json{{"dataset_ids", {dataset}}, {"settings", settings}}.dump(), &lead_);
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::set<std::string> wheres;
  const json refusal = body_json(refused);
  for (const auto& d : refusal["error"]["details"]) wheres.insert(d["where"]);
  EXPECT_TRUE(wheres.count("$.settings.comparisons[0].method")) << refused.body;
  Response outsider = call("POST", "/api/v1/linkage-runs",
                           json{{"dataset_ids", {dataset}}}.dump(), &analyst_);
  ASSERT_EQ(outsider.status, 422);
  EXPECT_EQ(body_json(outsider)["error"]["details"][0]["where"], "$.dataset_ids[0]");
}

}  // namespace
}  // namespace pvf::server::testing
