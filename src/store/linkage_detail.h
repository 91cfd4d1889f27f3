// Shared by the store's linkage files (linkage_*.cpp): the access rule, a run's stored facts,
// reading sealed records. Private to src/store.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data_key.h"
#include "core/result.h"
#include "store/db.h"
#include "store/linkage_repo.h"
#include "store/records.h"

namespace pvf::store::linkage_detail {

struct AgreementAccess {
  int64_t id = 0;
  std::string retain_until;
  bool expired = false;
  bool member = false;
};

enum class Need {
  terms,  // admins and members: the agreement's terms
  data,   // members, agreement not expired: its data
};
// The agreement as the actor may see it: not_found when it does not exist or the actor may not
// see it (a non-member asking for data), conflict when data is asked of an expired agreement.
// The system actor (CLI, demo seeding) counts as a member.
Result<AgreementAccess> agreement_access(Database& db, const Actor& actor, int64_t agreement_id,
                                         std::string_view today, Need need);

struct DatasetInfo {
  int64_t id = 0;
  int64_t agreement_id = 0;
  std::string name, party, id_column;
  std::vector<std::string> columns;
  int64_t rows = 0;
};
// Columns 0..6 of `SELECT d.id, d.agreement_id, d.name, d.party, d.id_column, d.columns, d.rows`.
DatasetInfo dataset_row(Statement& s);
// not_found when missing or not reachable (as agreement_access with Need::data).
Result<DatasetInfo> dataset_for_member(Database& db, const Actor& actor, int64_t dataset_id,
                                       std::string_view today);
nlohmann::json to_json(const DatasetInfo& d, const std::string& created_by_name,
                       int64_t created_by, const std::string& created_at);

// One record opened: its values in the dataset's column order.
Result<std::vector<std::string>> open_record(Database& db, const crypto::DataKey& key,
                                             int64_t dataset_id, int64_t row);
// The first `limit` rows of a dataset (0 = all), in row order, opened one by one.
Status for_each_record(Database& db, const crypto::DataKey& key, const DatasetInfo& dataset,
                       int64_t limit,
                       const std::function<Status(int64_t row, std::vector<std::string>&&)>& each);

struct RunInfo {
  int64_t id = 0;
  int64_t agreement_id = 0;
  std::string title;
  std::string link_type;
  DatasetInfo left;
  std::optional<DatasetInfo> right;
  int64_t left_rows = 0;
  int64_t records = 0;
  double threshold_probability = 0.5;
  nlohmann::json settings;
  nlohmann::json model;
};
// A run the actor may read (member, agreement live).
Result<RunInfo> run_for_member(Database& db, const Actor& actor, int64_t run_id,
                               std::string_view today);

// Viewers see a run's results (model, pairs by reference, cluster sizes), never a person's
// record: forbidden for them, nothing for anyone else.
Status may_see_records(const Actor& actor);

// Position in the run of a dataset's row, and back.
Result<int64_t> position_of(const RunInfo& run, int64_t dataset_id, int64_t row);
nlohmann::json reference_of(const RunInfo& run, int64_t position);  // {dataset_id,row}

// Audit "linkage.read" of records shown to a person.
Status audit_read(Database& db, const Actor& actor, const RunInfo& run, std::string_view purpose,
                  const std::vector<int64_t>& positions);

}  // namespace pvf::store::linkage_detail

namespace pvf::store::linkage_detail {

// The columns a run's model compares, and each one's number of levels (null included).
struct ModelColumns {
  std::vector<std::string> names;
  std::vector<int> levels;
};
ModelColumns model_columns(const RunInfo& run);
// {"<column>": gamma} from a stored pattern (Splink's numbering: -1 null, 0 else, up to exact).
nlohmann::json gammas_of(const ModelColumns& columns, int64_t pattern);

// A record shown to a member: {dataset_id,dataset_name,row,unique_id,values:{column:value}} with
// the columns the run compares. Not audited here: the caller audits what it shows.
Result<nlohmann::json> run_record(Database& db, const crypto::DataKey& key, const RunInfo& run,
                                  int64_t position);

// Stored pairs as the API shows them: SELECT columns for pair_json, from linkage_pairs p.
inline constexpr const char* kPairColumns =
    "p.a, p.b, p.match_weight, p.match_probability, p.pattern, p.predicted, "
    "CASE WHEN ca.cluster = cb.cluster THEN ca.cluster END, rv.label";
inline constexpr const char* kPairJoins =
    " LEFT JOIN linkage_clusters ca ON ca.run_id = p.run_id AND ca.record = p.a"
    " LEFT JOIN linkage_clusters cb ON cb.run_id = p.run_id AND cb.record = p.b"
    " LEFT JOIN linkage_reviews rv ON rv.run_id = p.run_id AND rv.a = p.a AND rv.b = p.b";
nlohmann::json pair_json(const RunInfo& run, const ModelColumns& columns, Statement& s);

// A page of at most `limit` rows from `rows` (fetched with limit + 1), the cursor the next offset.
JsonPage page_of(std::vector<nlohmann::json>&& rows, int limit, int64_t offset);

// LinkageQuality from a run's labels and histogram, or null when nobody has labelled a pair
// (linkage_review.cpp).
Result<nlohmann::json> linkage_quality(Database& db, int64_t run_id,
                                       const nlohmann::json& histogram,
                                       double threshold_probability);

}  // namespace pvf::store::linkage_detail
