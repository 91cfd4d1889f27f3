// Person-centred record linkage in the store: data-sharing agreements and their members, person
// datasets sealed at rest, linkage runs (the engine of src/linkage run over stored datasets) and
// what people do with a run's results: read pairs and clusters, explain a pair, review pairs.
//
// Files: linkage_agreements.cpp (agreements, membership, the access rule, retention),
// linkage_datasets.cpp (CSV upload, sealing, reading back), linkage_run.cpp (run specs, running,
// storing), linkage_results.cpp (runs read back, pairs, clusters), linkage_review.cpp (explain,
// review queue, labels, quality).
//
// Access: an agreement's datasets, runs, pairs and clusters exist only for its members; for
// anyone else (admins included) every function here answers not_found, as for an unknown id, so
// ids leak nothing. Admins create agreements, see every agreement's terms and choose members.
// After retain_until, reading or adding data under the agreement is a conflict and
// purge_expired_linkage deletes it.
//
// Viewers who are members see a run's results (the model, pairs by reference, cluster sizes),
// never a person's record: the functions that open records answer forbidden to them.
//
// Personal data: record values are sealed with the DataKey before they are stored and opened
// only to build a run's records or to show records to a member; every such showing appends an
// audit entry "linkage.read" naming records by reference {dataset_id,row}, never by value. Error
// messages name files, rows and columns, never values.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data_key.h"
#include "core/result.h"
#include "store/db.h"
#include "store/records.h"

namespace pvf::store {

// ---- agreements (linkage_agreements.cpp) ----

struct AgreementInput {
  std::string title;         // 1..200 characters
  std::string purpose;       // required
  std::string lawful_basis;  // required, e.g. "UK GDPR 6(1)(e); DPA 2018 s.8"
  std::vector<std::string> parties;  // at least one, each once
  std::vector<std::string> fields;   // column names that may be shared: at least one, each once
  std::string retain_until;          // ISO date after `today`
  std::vector<int64_t> member_ids;   // active users
};

// Admin only. Every broken rule in details (where = the field: "parties[1]", "retain_until").
// `today` is an ISO date (the caller's clock, so tests can choose it). Audit "agreement.create".
Result<nlohmann::json> create_agreement(Database& db, const Actor& actor,
                                        const AgreementInput& input, std::string_view today);
// The API's Agreement list: admins every agreement, others those they are a member of.
Result<nlohmann::json> list_agreements(Database& db, const Actor& actor, std::string_view today);
// Admins and members; not_found otherwise.
Result<nlohmann::json> get_agreement(Database& db, const Actor& actor, int64_t id,
                                     std::string_view today);
// Admin only; replaces the member list (active users). Audit "agreement.members".
Result<nlohmann::json> set_agreement_members(Database& db, const Actor& actor, int64_t id,
                                             const std::vector<int64_t>& user_ids,
                                             std::string_view today);
// Admin only; deletes the agreement and everything under it. Audit "agreement.delete".
Status delete_agreement(Database& db, const Actor& actor, int64_t id);
// Deletes the datasets (and so runs, pairs, clusters, labels) of every agreement whose
// retain_until is before `today`; the agreements' terms stay. Audit "agreement.purge" each.
// Returns the number of datasets deleted.
Result<int64_t> purge_expired_linkage(Database& db, std::string_view today);

// Checks that `key` opens the person records already stored (one is tried): a server started with
// another key file must refuse to start rather than fail on every read. OK when none are stored.
Status check_data_key(Database& db, const crypto::DataKey& key, std::string_view key_file);

// ---- datasets (linkage_datasets.cpp) ----

struct DatasetUpload {
  std::string name;          // 1..200 characters, free within the agreement
  std::string party;         // one of the agreement's parties
  std::string id_column;     // default "unique_id"
  std::string csv;           // header row, then one record per row
};
// A member uploads a CSV: every column (the id column included) must be one of the agreement's
// fields; ids present and unique; at least one row. Every problem is listed (where
// "<name>:<line>:<column>", no value quoted). Rows are sealed and stored in one transaction.
// Audit "linkage_dataset.create" (name, party, columns, rows). Returns the LinkageDataset.
Result<nlohmann::json> create_dataset(Database& db, const crypto::DataKey& key,
                                      const Actor& actor, int64_t agreement_id,
                                      const DatasetUpload& upload, std::string_view today);
Result<nlohmann::json> list_datasets(Database& db, const Actor& actor, int64_t agreement_id,
                                     std::string_view today);
// A member; deletes the dataset and the runs that used it. Audit "linkage_dataset.delete".
Status delete_dataset(Database& db, const Actor& actor, int64_t dataset_id,
                      std::string_view today);

// ---- runs (linkage_run.cpp) ----

struct LinkageRunSpec {
  std::string title;                      // empty: made from the datasets' names
  std::vector<int64_t> dataset_ids;       // one (dedupe) or two (link)
  std::optional<nlohmann::json> settings; // S.json, or nullopt to propose
};

// What check_linkage_run resolved, ready to run.
struct LinkageRunPlan {
  LinkageRunSpec spec;
  int64_t agreement_id = 0;
  std::string id_column;
};

// The rules a spec must keep, checked before any work is queued: the datasets exist for this
// member, belong to one agreement (not expired), differ and share their id column; the settings
// parse (pvf link's rules), their link_type fits the number of datasets, their unique id column
// is the datasets' id column and every column they use is in each dataset. Every problem in
// details with its JSON path ("dataset_ids[1]", "settings.comparisons[0].column").
Result<LinkageRunPlan> check_linkage_run(Database& db, const Actor& actor,
                                         const LinkageRunSpec& spec, std::string_view today);

// Progress: stage text ("Reading records", "Scoring candidate pairs", ...), done and total in the
// stage's units; return false to cancel (the run then fails with cancelled and stores nothing).
using LinkageProgress = std::function<bool(std::string_view stage, uint64_t done, uint64_t total)>;

// Opens the datasets, runs the engine (settings proposed when none were given), stores the run,
// its pairs (predicted and near misses), clusters, in one transaction. Audit "linkage_run.create".
// Returns the run's id. `threads` 0 = all cores.
Result<int64_t> run_linkage_job(Database& db, const crypto::DataKey& key, const Actor& actor,
                                const LinkageRunPlan& plan, std::string_view today,
                                const LinkageProgress& progress = {}, unsigned threads = 0);

// Pairs kept below the threshold for review: within this many bits of match weight of it, at
// most kMaxNearMisses of them (the closest).
inline constexpr double kNearMissBits = 4.0;
inline constexpr std::size_t kMaxNearMisses = 200'000;

// ---- results (linkage_results.cpp) ----

struct LinkageRunFilter {
  std::optional<int64_t> agreement_id;
  int limit = 50;                    // 1..200
  std::optional<int64_t> before_id;  // cursor
};
struct JsonPage {
  nlohmann::json items;
  std::optional<std::string> next_cursor;
};
// Runs of the agreements the actor is a member of, newest first.
Result<JsonPage> list_linkage_runs(Database& db, const Actor& actor, const LinkageRunFilter& filter,
                                   std::string_view today);
Result<nlohmann::json> get_linkage_run(Database& db, const Actor& actor, int64_t run_id,
                                       std::string_view today);
// A member. Audit "linkage_run.delete".
Status delete_linkage_run(Database& db, const Actor& actor, int64_t run_id, std::string_view today);

struct PairFilter {
  std::optional<double> min_weight, max_weight;
  int limit = 50;                  // 1..500
  std::optional<std::string> cursor;  // opaque, from next_cursor
};
Result<JsonPage> list_linkage_pairs(Database& db, const Actor& actor, int64_t run_id,
                                    const PairFilter& filter, std::string_view today);
// Every stored pair as CSV (columns in docs/api-outline.md), and a file name.
struct LinkageCsv {
  std::string filename;
  std::string text;
};
Result<LinkageCsv> linkage_pairs_csv(Database& db, const Actor& actor, int64_t run_id,
                                     std::string_view today);

struct ClusterFilter {
  int min_size = 2;                 // 2 or more
  int limit = 50;                   // 1..500
  std::optional<std::string> cursor;
};
Result<JsonPage> list_linkage_clusters(Database& db, const Actor& actor, int64_t run_id,
                                       const ClusterFilter& filter, std::string_view today);
// Opens the cluster's records (audited).
Result<nlohmann::json> get_linkage_cluster(Database& db, const crypto::DataKey& key,
                                           const Actor& actor, int64_t run_id, int64_t cluster,
                                           std::string_view today);

// ---- explaining and reviewing (linkage_review.cpp) ----

// A record of a run's datasets: by row, or (explain only) by its unique id.
struct RecordRef {
  int64_t dataset_id = 0;
  std::optional<int64_t> row;
  std::optional<std::string> unique_id;
};
// Any two records of the run's datasets scored by the run's model, with their values (audited).
// Builds the run's records afresh (term frequencies need every value): cost grows with the
// datasets' size (about 2 s per million records).
Result<nlohmann::json> explain_linkage_pair(Database& db, const crypto::DataKey& key,
                                            const Actor& actor, int64_t run_id,
                                            const RecordRef& left, const RecordRef& right,
                                            std::string_view today);
// Unlabelled stored pairs closest to the threshold, with their records (audited).
Result<nlohmann::json> linkage_review_queue(Database& db, const crypto::DataKey& key,
                                            const Actor& actor, int64_t run_id, int limit,
                                            std::string_view today);
// Labels a stored pair (replacing an earlier label). Returns {label, quality}. Audit
// "linkage_review.create".
Result<nlohmann::json> review_linkage_pair(Database& db, const Actor& actor, int64_t run_id,
                                           const RecordRef& left, const RecordRef& right,
                                           bool match, std::string_view today);

}  // namespace pvf::store
