// Record linkage in the store: agreements and who reaches what, sealed datasets, runs over FEBRL
// checked against its ground truth, pairs, clusters, explanations, review and retention.
#include "store/linkage_repo.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/crypto.h"
#include "store/store_test_support.h"

namespace pvf::store {
namespace {

using nlohmann::json;
using testing::StoreTest;

constexpr std::string_view kToday = "2026-11-24";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string febrl1() { return read_file(std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv"); }

const std::vector<std::string> kFebrlFields{
    "rec_id",   "given_name", "surname", "street_number", "address_1",  "address_2",
    "suburb",   "postcode",   "state",   "date_of_birth", "soc_sec_id", "unique_id"};

// FEBRL's truth: rec-12-org and rec-12-dup-0 are the same person.
std::string entity_of(const std::string& rec_id) {
  const auto second = rec_id.find('-', 4);
  return rec_id.substr(0, second);
}

class LinkageRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(crypto::crypto_init());
    analyst = add_actor("analyst", Role::treasury_analyst);
    reader = add_actor("reader", Role::viewer);
    outsider = add_actor("outsider", Role::treasury_analyst);
    real_admin = add_actor("it-admin", Role::admin);
  }

  int64_t add_agreement(std::vector<int64_t> members, std::string retain_until = "2027-03-31",
                        std::vector<std::string> fields = kFebrlFields) {
    AgreementInput in;
    in.title = "Supporting families";
    in.purpose = "Find families with multiple needs";
    in.lawful_basis = "UK GDPR 6(1)(e)";
    in.parties = {"Council", "School"};
    in.fields = std::move(fields);
    in.retain_until = std::move(retain_until);
    in.member_ids = std::move(members);
    auto a = create_agreement(*db, real_admin, in, kToday);
    EXPECT_TRUE(a) << a.error().to_text();
    return a ? (*a)["id"].get<int64_t>() : 0;
  }

  int64_t add_dataset(int64_t agreement, const std::string& csv, const std::string& name = "people.csv",
                      const std::string& id_column = "rec_id") {
    DatasetUpload up{name, "Council", id_column, csv};
    auto d = create_dataset(*db, key, analyst, agreement, up, kToday);
    EXPECT_TRUE(d) << d.error().to_text();
    return d ? (*d)["id"].get<int64_t>() : 0;
  }

  int64_t run(int64_t dataset, std::optional<json> settings = std::nullopt) {
    LinkageRunSpec spec{"", {dataset}, std::move(settings)};
    auto plan = check_linkage_run(*db, analyst, spec, kToday);
    EXPECT_TRUE(plan) << plan.error().to_text();
    if (!plan) return 0;
    auto id = run_linkage_job(*db, key, analyst, *plan, kToday);
    EXPECT_TRUE(id) << id.error().to_text();
    return id ? *id : 0;
  }

  crypto::DataKey key = crypto::DataKey::random();
  Actor analyst, reader, outsider, real_admin;
};

TEST_F(LinkageRepoTest, AgreementProblemsAreListedTogetherAndOnlyAdminsCreate) {
  AgreementInput in;
  in.title = " ";
  in.parties = {"Council", "Council"};
  in.retain_until = "2026-01-01";
  in.member_ids = {9999};
  auto bad = create_agreement(*db, real_admin, in, kToday);
  ASSERT_FALSE(bad);
  std::set<std::string> wheres;
  for (const auto& d : bad.error().details) wheres.insert(d.where);
  EXPECT_EQ(wheres, (std::set<std::string>{"title", "purpose", "lawful_basis", "parties[1]",
                                           "fields", "retain_until", "member_ids[0]"}));
  in.title = "ok";
  auto refused = create_agreement(*db, analyst, in, kToday);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_EQ(count("sharing_agreements"), 0);
}

TEST_F(LinkageRepoTest, OnlyMembersReachTheDataAndAdminsSeeTermsOnly) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  // A member sees it all.
  auto listed = list_agreements(*db, analyst, kToday);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0]["is_member"].get<bool>());
  EXPECT_EQ((*listed)[0]["datasets"], 1);
  ASSERT_TRUE(list_datasets(*db, analyst, id, kToday));
  // An admin who is not a member sees the terms, never the data.
  auto terms = get_agreement(*db, real_admin, id, kToday);
  ASSERT_TRUE(terms);
  EXPECT_FALSE((*terms)["is_member"].get<bool>());
  auto data = list_datasets(*db, real_admin, id, kToday);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, ErrorCode::not_found);
  // Anyone else sees nothing at all, not even that it exists.
  EXPECT_TRUE(list_agreements(*db, outsider, kToday)->empty());
  auto hidden = get_agreement(*db, outsider, id, kToday);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::not_found);
  LinkageRunSpec spec{"", {dataset}, std::nullopt};
  auto plan = check_linkage_run(*db, outsider, spec, kToday);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().details.at(0).where, "dataset_ids[0]");
  // Made a member, the outsider reaches it.
  ASSERT_TRUE(set_agreement_members(*db, real_admin, id, {*analyst.user_id, *outsider.user_id}, kToday));
  EXPECT_TRUE(list_datasets(*db, outsider, id, kToday));
  EXPECT_EQ(last_audit().action, "agreement.members");
}

TEST_F(LinkageRepoTest, DatasetsAreSealedAtRestAndIdsPseudonymised) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  EXPECT_EQ(count("linkage_records"), 1000);
  auto st = db->prepare("SELECT pseudonym, sealed FROM linkage_records WHERE dataset_id = ? AND row = 2");
  ASSERT_TRUE(st);
  st->bind(1, dataset);
  ASSERT_TRUE(*st->step());
  const std::string pseudonym = st->text(0), sealed = st->blob(1);
  st->reset();
  // Row 2 of dataset1 is rec-122-org, lachlan berry.
  EXPECT_EQ(pseudonym, key.pseudonym("rec-122-org"));
  EXPECT_EQ(sealed.find("berry"), std::string::npos);
  EXPECT_EQ(sealed.find("lachlan"), std::string::npos);
  auto opened = key.open(sealed);
  ASSERT_TRUE(opened);
  EXPECT_NE(opened->find("berry"), std::string::npos);
  // Nor does the audit log hold a value.
  const auto entry = last_audit();
  EXPECT_EQ(entry.action, "linkage_dataset.create");
  EXPECT_EQ(entry.after.dump().find("berry"), std::string::npos);
  EXPECT_EQ(entry.after["rows"], 1000);
}

TEST_F(LinkageRepoTest, ABadUploadListsEveryProblemByPlaceNotValueAndStoresNothing) {
  const int64_t id = add_agreement({*analyst.user_id}, "2027-03-31",
                                   {"unique_id", "given_name", "surname"});
  const std::string csv =
      "unique_id,given_name,surname,nhs_number\n"
      "p1,Ann,Smith,943\n"
      "p1,Bob,Jones,944\n"
      ",Cy,Brown,945\n"
      "p4,Dee\n";
  DatasetUpload up{"people.csv", "Council", "unique_id", csv};
  auto bad = create_dataset(*db, key, analyst, id, up, kToday);
  ASSERT_FALSE(bad);
  std::vector<std::string> all;
  for (const auto& d : bad.error().details) all.push_back(d.where);
  EXPECT_EQ(all, (std::vector<std::string>{"people.csv:1:nhs_number", "people.csv:3:unique_id",
                                           "people.csv:4:unique_id", "people.csv:5"}));

  up.csv = "unique_id,given_name,surname\np1,Ann,Smith\np1,Bob,Jones\n,Cy,Brown\np4,Dee\n";
  bad = create_dataset(*db, key, analyst, id, up, kToday);
  ASSERT_FALSE(bad);
  std::vector<std::string> wheres;
  for (const auto& d : bad.error().details) {
    wheres.push_back(d.where);
    EXPECT_EQ(d.message.find("p1"), std::string::npos) << d.message;
  }
  EXPECT_EQ(wheres, (std::vector<std::string>{"people.csv:3:unique_id", "people.csv:4:unique_id",
                                              "people.csv:5"}));
  up.party = "Police";
  bad = create_dataset(*db, key, analyst, id, up, kToday);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().details.at(0).where, "party");
  EXPECT_EQ(count("linkage_datasets"), 0);
  EXPECT_EQ(count("linkage_records"), 0);
}

TEST_F(LinkageRepoTest, ARunOverFebrlFindsItsTrueDuplicates) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  const int64_t run_id = run(dataset);
  ASSERT_GT(run_id, 0);
  auto got = get_linkage_run(*db, analyst, run_id, kToday);
  ASSERT_TRUE(got) << got.error().to_text();
  EXPECT_EQ((*got)["records"], 1000);
  EXPECT_TRUE((*got)["settings_proposed"].get<bool>());
  EXPECT_EQ((*got)["link_type"], "dedupe_only");
  EXPECT_TRUE((*got)["quality"].is_null());

  // Map every row to its FEBRL entity through the stored (sealed) records.
  std::map<int64_t, std::string> entity;  // row -> entity
  {
    auto table = csv::read_file(std::string(PVF_SHARED_DIR) + "/data/febrl/dataset1.csv");
    ASSERT_TRUE(table);
    for (std::size_t r = 0; r < table->rows.size(); ++r)
      entity[static_cast<int64_t>(r + 1)] = entity_of(table->rows[r].fields[0]);
  }
  std::set<std::pair<int64_t, int64_t>> truth;
  for (auto i = entity.begin(); i != entity.end(); ++i)
    for (auto j = std::next(i); j != entity.end(); ++j)
      if (i->second == j->second) truth.insert({i->first, j->first});
  std::size_t predicted = 0, correct = 0, near_misses = 0;
  PairFilter f;
  f.limit = 500;
  for (;;) {
    auto page = list_linkage_pairs(*db, analyst, run_id, f, kToday);
    ASSERT_TRUE(page) << page.error().to_text();
    for (const auto& p : page->items) {
      if (!p["predicted"].get<bool>()) {
        ++near_misses;
        EXPECT_LT(p["match_weight"].get<double>(), (*got)["threshold_match_weight"].get<double>());
        continue;
      }
      ++predicted;
      int64_t l = p["left"]["row"], r = p["right"]["row"];
      correct += truth.count({std::min(l, r), std::max(l, r)});
    }
    if (!page->next_cursor) break;
    f.cursor = page->next_cursor;
  }
  EXPECT_EQ(predicted, (*got)["predicted_pairs"].get<std::size_t>());
  const double precision = static_cast<double>(correct) / predicted;
  const double recall = static_cast<double>(correct) / truth.size();
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.95);
  std::cout << "FEBRL dataset1 through the store: precision " << precision << ", recall "
            << recall << ", near misses kept " << near_misses << "\n";
}

TEST_F(LinkageRepoTest, ExplainingAStoredPairGivesItsStoredWeightAndIsAudited) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  const int64_t run_id = run(dataset);
  PairFilter f;
  f.limit = 3;
  auto page = list_linkage_pairs(*db, analyst, run_id, f, kToday);
  ASSERT_TRUE(page && !page->items.empty());
  const json pair = page->items[0];
  RecordRef left{dataset, pair["left"]["row"].get<int64_t>(), std::nullopt};
  RecordRef right{dataset, pair["right"]["row"].get<int64_t>(), std::nullopt};
  const int64_t audits = audit_count();
  auto explained = explain_linkage_pair(*db, key, analyst, run_id, left, right, kToday);
  ASSERT_TRUE(explained) << explained.error().to_text();
  EXPECT_NEAR((*explained)["match_weight"].get<double>(), pair["match_weight"].get<double>(), 1e-9);
  double sum = (*explained)["prior_weight"].get<double>();
  for (const auto& s : (*explained)["steps"]) sum += s["weight"].get<double>();
  EXPECT_NEAR(sum, (*explained)["match_weight"].get<double>(), 1e-9);
  EXPECT_EQ((*explained)["predicted"], pair["predicted"]);
  EXPECT_EQ(audit_count(), audits + 1);
  const auto entry = last_audit();
  EXPECT_EQ(entry.action, "linkage.read");
  EXPECT_EQ(entry.after["purpose"], "explain");
  EXPECT_EQ(entry.after["records"][0]["row"], left.row);
  // By unique id, the same pair; the id found through its pseudonym.
  const std::string uid = (*explained)["left"]["unique_id"];
  RecordRef by_id{dataset, std::nullopt, uid};
  auto again = explain_linkage_pair(*db, key, analyst, run_id, by_id, right, kToday);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)["match_weight"], (*explained)["match_weight"]);
  RecordRef unknown{dataset, std::nullopt, "no-such-id"};
  auto missing = explain_linkage_pair(*db, key, analyst, run_id, unknown, right, kToday);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where, "left.unique_id");
  EXPECT_EQ(missing.error().message.find("no-such-id"), std::string::npos);
}

TEST_F(LinkageRepoTest, ClustersHoldThePredictedPairsRecordsAndAreAudited) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  const int64_t run_id = run(dataset);
  ClusterFilter f;
  auto page = list_linkage_clusters(*db, analyst, run_id, f, kToday);
  ASSERT_TRUE(page) << page.error().to_text();
  ASSERT_FALSE(page->items.empty());
  int64_t previous = 1 << 30;
  for (const auto& c : page->items) {
    EXPECT_LE(c["size"].get<int64_t>(), previous);
    previous = c["size"].get<int64_t>();
    EXPECT_GE(previous, 2);
  }
  const int64_t cluster = page->items[0]["cluster"];
  auto detail = get_linkage_cluster(*db, key, analyst, run_id, cluster, kToday);
  ASSERT_TRUE(detail) << detail.error().to_text();
  EXPECT_EQ((*detail)["records"].size(), (*detail)["size"].get<std::size_t>());
  std::set<std::string> entities;
  for (const auto& r : (*detail)["records"]) entities.insert(entity_of(r["unique_id"]));
  EXPECT_EQ(entities.size(), 1u) << "the largest cluster mixes people";
  EXPECT_GE((*detail)["pairs"].size(), (*detail)["records"].size() - 1);
  EXPECT_EQ(last_audit().after["purpose"], "cluster");
  f.min_size = 1;
  EXPECT_FALSE(list_linkage_clusters(*db, analyst, run_id, f, kToday));
}

TEST_F(LinkageRepoTest, ReviewLabelsEstimatePrecisionAndRecall) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  const int64_t run_id = run(dataset);
  auto queue = linkage_review_queue(*db, key, analyst, run_id, 10, kToday);
  ASSERT_TRUE(queue) << queue.error().to_text();
  ASSERT_EQ((*queue)["items"].size(), 10u);
  EXPECT_EQ(last_audit().after["purpose"], "review");
  json quality;
  for (const auto& item : (*queue)["items"]) {
    const bool same = entity_of(item["left_record"]["unique_id"]) ==
                      entity_of(item["right_record"]["unique_id"]);
    RecordRef l{dataset, item["left"]["row"].get<int64_t>(), std::nullopt};
    RecordRef r{dataset, item["right"]["row"].get<int64_t>(), std::nullopt};
    auto labelled = review_linkage_pair(*db, analyst, run_id, l, r, same, kToday);
    ASSERT_TRUE(labelled) << labelled.error().to_text();
    quality = (*labelled)["quality"];
  }
  EXPECT_EQ(quality["labels"], 10);
  EXPECT_GT(quality["precision"].get<double>(), 0.5);
  EXPECT_LE(quality["precision"].get<double>(), 1.0);
  // Labelled pairs leave the queue; a second label replaces the first.
  auto next = linkage_review_queue(*db, key, analyst, run_id, 10, kToday);
  ASSERT_TRUE(next);
  for (const auto& item : (*next)["items"]) EXPECT_TRUE(item["review"].is_null());
  const auto& first = (*queue)["items"][0];
  RecordRef l{dataset, first["left"]["row"].get<int64_t>(), std::nullopt};
  RecordRef r{dataset, first["right"]["row"].get<int64_t>(), std::nullopt};
  auto relabelled = review_linkage_pair(*db, analyst, run_id, r, l, true, kToday);
  ASSERT_TRUE(relabelled);
  EXPECT_EQ((*relabelled)["quality"]["labels"], 10);
  EXPECT_EQ((*get_linkage_run(*db, analyst, run_id, kToday))["reviews"], 10);
  // Only stored pairs can be labelled.
  RecordRef far{dataset, 1, std::nullopt}, other{dataset, 2, std::nullopt};
  auto unstored = review_linkage_pair(*db, analyst, run_id, far, other, true, kToday);
  ASSERT_FALSE(unstored);  // rec-223-org (waller) and rec-122-org (berry) share nothing
  EXPECT_EQ(unstored.error().code, ErrorCode::not_found);
}

TEST_F(LinkageRepoTest, RunRequestsAreCheckedWithJsonPaths) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  json settings = {{"link_type", "link_only"},
                   {"unique_id_column", "unique_id"},
                   {"blocking_rules", json::array({json::array({"surname"})})},
                   {"comparisons", json::array({{{"column", "given_nam"}, {"method", "exact"}},
                                                {{"column", "surname"}, {"method", "soundalike"}}})}};
  LinkageRunSpec spec{"", {dataset}, settings};
  auto checked = check_linkage_run(*db, analyst, spec, kToday);
  ASSERT_FALSE(checked);
  std::set<std::string> wheres;
  for (const auto& d : checked.error().details) wheres.insert(d.where);
  EXPECT_TRUE(wheres.count("settings.comparisons[1].method")) << checked.error().to_text();
  spec.settings->at("comparisons")[1]["method"] = "exact";
  checked = check_linkage_run(*db, analyst, spec, kToday);
  ASSERT_FALSE(checked);
  wheres.clear();
  for (const auto& d : checked.error().details) wheres.insert(d.where);
  EXPECT_EQ(wheres, (std::set<std::string>{"settings.link_type", "settings.unique_id_column",
                                           "settings.comparisons[0].column"}));
  spec.dataset_ids = {dataset, dataset};
  checked = check_linkage_run(*db, analyst, spec, kToday);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().details.at(0).where, "dataset_ids[1]");
}

TEST_F(LinkageRepoTest, ACancelledRunStoresNothing) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  LinkageRunSpec spec{"", {dataset}, std::nullopt};
  auto plan = check_linkage_run(*db, analyst, spec, kToday);
  ASSERT_TRUE(plan);
  std::vector<std::string> stages;
  auto ran = run_linkage_job(*db, key, analyst, *plan, kToday,
                             [&](std::string_view stage, uint64_t, uint64_t) {
                               if (stages.empty() || stages.back() != stage)
                                 stages.emplace_back(stage);
                               return stage != "Training m (EM)";
                             });
  ASSERT_FALSE(ran);
  EXPECT_EQ(ran.error().code, ErrorCode::cancelled);
  EXPECT_EQ(count("linkage_runs"), 0);
  EXPECT_EQ(count("linkage_pairs"), 0);
  EXPECT_NE(std::find(stages.begin(), stages.end(), "Finding candidate pairs"), stages.end());
}

TEST_F(LinkageRepoTest, AfterRetentionDataAreRefusedThenPurgedWhileTheTermsStay) {
  const int64_t id = add_agreement({*analyst.user_id}, "2026-12-31");
  const int64_t dataset = add_dataset(id, febrl1());
  ASSERT_GT(run(dataset), 0);
  auto late = list_datasets(*db, analyst, id, "2027-01-01");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::conflict);
  auto purged = purge_expired_linkage(*db, "2027-01-01");
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(count("linkage_records"), 0);
  EXPECT_EQ(count("linkage_runs"), 0);
  EXPECT_EQ(count("linkage_pairs"), 0);
  EXPECT_EQ(count("sharing_agreements"), 1);
  EXPECT_EQ(last_audit().action, "agreement.purge");
  auto terms = get_agreement(*db, analyst, id, "2027-01-01");
  ASSERT_TRUE(terms);
  EXPECT_TRUE((*terms)["expired"].get<bool>());
  EXPECT_EQ(*purge_expired_linkage(*db, "2027-01-01"), 0);
}

TEST_F(LinkageRepoTest, DeletingAnAgreementDeletesEverythingUnderIt) {
  const int64_t id = add_agreement({*analyst.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  ASSERT_GT(run(dataset), 0);
  EXPECT_FALSE(delete_agreement(*db, analyst, id));
  ASSERT_TRUE(delete_agreement(*db, real_admin, id));
  for (const char* table : {"sharing_agreements", "sharing_agreement_members", "linkage_datasets",
                            "linkage_records", "linkage_runs", "linkage_pairs", "linkage_clusters"})
    EXPECT_EQ(count(table), 0) << table;
  EXPECT_EQ(last_audit().action, "agreement.delete");
}

TEST_F(LinkageRepoTest, AViewerMemberSeesResultsButNoRecords) {
  const int64_t id = add_agreement({*analyst.user_id, *reader.user_id});
  const int64_t dataset = add_dataset(id, febrl1());
  const int64_t run_id = run(dataset);
  EXPECT_TRUE(get_linkage_run(*db, reader, run_id, kToday));
  PairFilter pf;
  auto pairs = list_linkage_pairs(*db, reader, run_id, pf, kToday);
  ASSERT_TRUE(pairs && !pairs->items.empty());
  ClusterFilter cf;
  auto clusters = list_linkage_clusters(*db, reader, run_id, cf, kToday);
  ASSERT_TRUE(clusters && !clusters->items.empty());
  const int64_t audits = audit_count();
  auto records = get_linkage_cluster(*db, key, reader, run_id, clusters->items[0]["cluster"], kToday);
  ASSERT_FALSE(records);
  EXPECT_EQ(records.error().code, ErrorCode::forbidden);
  auto queue = linkage_review_queue(*db, key, reader, run_id, 5, kToday);
  ASSERT_FALSE(queue);
  EXPECT_EQ(queue.error().code, ErrorCode::forbidden);
  RecordRef l{dataset, pairs->items[0]["left"]["row"].get<int64_t>(), std::nullopt};
  RecordRef r{dataset, pairs->items[0]["right"]["row"].get<int64_t>(), std::nullopt};
  auto explained = explain_linkage_pair(*db, key, reader, run_id, l, r, kToday);
  ASSERT_FALSE(explained);
  EXPECT_EQ(explained.error().code, ErrorCode::forbidden);
  EXPECT_EQ(audit_count(), audits);  // nothing shown, nothing to audit
}

TEST_F(LinkageRepoTest, AnotherKeyIsRefusedBeforeAnyRecordIsRead) {
  EXPECT_TRUE(check_data_key(*db, crypto::DataKey::random(), "new.key"));  // nothing stored yet
  add_dataset(add_agreement({*analyst.user_id}), febrl1());
  EXPECT_TRUE(check_data_key(*db, key, "pvf.db.key"));
  auto wrong = check_data_key(*db, crypto::DataKey::random(), "other.key");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().where, "other.key");
  EXPECT_NE(wrong.error().message.find("--data-key"), std::string::npos);
}

}  // namespace
}  // namespace pvf::store
