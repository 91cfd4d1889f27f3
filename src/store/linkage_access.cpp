// Who reaches an agreement's data, and the reading helpers every linkage file shares.
#include <sodium.h>

#include <algorithm>

#include "store/linkage_detail.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store::linkage_detail {
namespace {

std::vector<std::string> string_list(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

Result<AgreementAccess> agreement_access(Database& db, const Actor& actor, int64_t agreement_id,
                                         std::string_view today, Need need) {
  PVF_TRY(auto st, db.prepare("SELECT id, retain_until, EXISTS (SELECT 1 FROM "
                              "sharing_agreement_members m WHERE m.agreement_id = a.id AND "
                              "m.user_id = ?2) FROM sharing_agreements a WHERE id = ?1"));
  st.bind(1, agreement_id).bind(2, actor.user_id.value_or(-1));
  PVF_TRY(auto found, detail::fetch_one<AgreementAccess>(st, [&](Statement& s) {
    AgreementAccess a;
    a.id = s.int64(0);
    a.retain_until = s.text(1);
    a.expired = a.retain_until < today;
    a.member = s.int64(2) != 0 || !actor.user_id;  // the system actor: local operator
    return a;
  }));
  const std::string missing = "no such data-sharing agreement: " + std::to_string(agreement_id);
  if (!found) return fail(Error::not_found(missing));
  if (need == Need::terms) {
    if (!found->member && actor.role != Role::admin) return fail(Error::not_found(missing));
    return *found;
  }
  if (!found->member) return fail(Error::not_found(missing));
  if (found->expired)
    return fail(Error::conflict("the data-sharing agreement's retention period ended on " +
                                found->retain_until +
                                ": its data can no longer be used and will be deleted"));
  return *found;
}

DatasetInfo dataset_row(Statement& s) {
  DatasetInfo d;
  d.id = s.int64(0);
  d.agreement_id = s.int64(1);
  d.name = s.text(2);
  d.party = s.text(3);
  d.id_column = s.text(4);
  d.columns = string_list(s.text(5));
  d.rows = s.int64(6);
  return d;
}

JsonPage page_of(std::vector<nlohmann::json>&& rows, int limit, int64_t offset) {
  JsonPage page;
  page.items = nlohmann::json::array();
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i)
    page.items.push_back(std::move(rows[i]));
  if (rows.size() > static_cast<std::size_t>(limit)) page.next_cursor = std::to_string(offset + limit);
  return page;
}

Result<DatasetInfo> dataset_for_member(Database& db, const Actor& actor, int64_t dataset_id,
                                       std::string_view today) {
  PVF_TRY(auto st, db.prepare("SELECT id, agreement_id, name, party, id_column, columns, rows "
                              "FROM linkage_datasets WHERE id = ?"));
  st.bind(1, dataset_id);
  PVF_TRY(auto found, detail::fetch_one<DatasetInfo>(st, dataset_row));
  const std::string missing = "no such dataset: " + std::to_string(dataset_id);
  if (!found) return fail(Error::not_found(missing));
  auto access = agreement_access(db, actor, found->agreement_id, today, Need::data);
  if (!access) {
    if (access.error().code == ErrorCode::not_found) return fail(Error::not_found(missing));
    return fail(access.error());
  }
  return *found;
}

nlohmann::json to_json(const DatasetInfo& d, const std::string& created_by_name,
                       int64_t created_by, const std::string& created_at) {
  return {{"id", d.id},           {"agreement_id", d.agreement_id},
          {"name", d.name},       {"party", d.party},
          {"id_column", d.id_column}, {"columns", d.columns},
          {"rows", d.rows},       {"created_by", created_by},
          {"created_by_name", created_by_name}, {"created_at", created_at}};
}

Result<std::vector<std::string>> open_record(Database& db, const crypto::DataKey& key,
                                             int64_t dataset_id, int64_t row) {
  PVF_TRY(auto st, db.prepare("SELECT sealed FROM linkage_records WHERE dataset_id = ? AND row = ?"));
  st.bind(1, dataset_id).bind(2, row);
  PVF_TRY(auto sealed, detail::fetch_one<std::string>(st, [](Statement& s) { return s.blob(0); }));
  if (!sealed)
    return fail(Error::not_found("dataset " + std::to_string(dataset_id) + " has no row " +
                                 std::to_string(row)));
  PVF_TRY(auto plain, key.open(*sealed));
  auto values = nlohmann::json::parse(plain, nullptr, false);
  if (!values.is_array()) return fail(Error::internal("a stored record is not a list of values"));
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.is_string() ? v.get<std::string>() : std::string());
  sodium_memzero(plain.data(), plain.size());
  return out;
}

Status for_each_record(Database& db, const crypto::DataKey& key, const DatasetInfo& dataset,
                       int64_t limit,
                       const std::function<Status(int64_t, std::vector<std::string>&&)>& each) {
  PVF_TRY(auto st, db.prepare("SELECT row, sealed FROM linkage_records WHERE dataset_id = ? "
                              "ORDER BY row LIMIT ?"));
  st.bind(1, dataset.id).bind(2, limit > 0 ? limit : int64_t{-1});
  std::vector<std::string> values;
  for (;;) {
    PVF_TRY(bool more, st.step());
    if (!more) break;
    const int64_t row = st.int64(0);
    auto plain = key.open(st.blob(1));
    if (!plain) {
      st.reset();
      return fail(Error::internal("dataset " + std::to_string(dataset.id) + " row " +
                                  std::to_string(row) + ": " + plain.error().message));
    }
    auto parsed = nlohmann::json::parse(*plain, nullptr, false);
    sodium_memzero(plain->data(), plain->size());
    values.clear();
    if (parsed.is_array())
      for (auto& v : parsed) values.push_back(v.is_string() ? v.get<std::string>() : std::string());
    if (auto s = each(row, std::move(values)); !s) {
      st.reset();
      return s;
    }
  }
  return {};
}

Result<RunInfo> run_for_member(Database& db, const Actor& actor, int64_t run_id,
                               std::string_view today) {
  PVF_TRY(auto st, db.prepare("SELECT id, agreement_id, title, link_type, left_dataset_id, "
                              "right_dataset_id, left_rows, records, threshold_match_probability, "
                              "settings, model FROM linkage_runs WHERE id = ?"));
  st.bind(1, run_id);
  struct Row {
    RunInfo run;
    int64_t left = 0;
    std::optional<int64_t> right;
  };
  PVF_TRY(auto found, detail::fetch_one<Row>(st, [](Statement& s) {
    Row r;
    r.run.id = s.int64(0);
    r.run.agreement_id = s.int64(1);
    r.run.title = s.text(2);
    r.run.link_type = s.text(3);
    r.left = s.int64(4);
    r.right = s.opt_int64(5);
    r.run.left_rows = s.int64(6);
    r.run.records = s.int64(7);
    r.run.threshold_probability = s.real(8);
    r.run.settings = nlohmann::json::parse(s.text(9), nullptr, false);
    r.run.model = nlohmann::json::parse(s.text(10), nullptr, false);
    return r;
  }));
  const std::string missing = "no such linkage run: " + std::to_string(run_id);
  if (!found) return fail(Error::not_found(missing));
  auto access = agreement_access(db, actor, found->run.agreement_id, today, Need::data);
  if (!access) {
    if (access.error().code == ErrorCode::not_found) return fail(Error::not_found(missing));
    return fail(access.error());
  }
  RunInfo run = std::move(found->run);
  PVF_TRY(run.left, dataset_for_member(db, actor, found->left, today));
  if (found->right) {
    PVF_TRY(run.right, dataset_for_member(db, actor, *found->right, today));
  }
  return run;
}

Status may_see_records(const Actor& actor) {
  if (actor.role == Role::viewer)
    return fail(Error::forbidden("viewers see a run's results, not people's records: a member "
                                 "of the agreement in another role can open them"));
  return {};
}

Result<int64_t> position_of(const RunInfo& run, int64_t dataset_id, int64_t row) {
  const std::string where = "dataset " + std::to_string(dataset_id) + " row " + std::to_string(row);
  if (dataset_id == run.left.id) {
    if (row < 1 || row > run.left.rows)
      return fail(Error::invalid(where + ": no such row (the dataset has " +
                                 std::to_string(run.left.rows) + ")"));
    return row - 1;
  }
  if (run.right && dataset_id == run.right->id) {
    if (row < 1 || row > run.right->rows)
      return fail(Error::invalid(where + ": no such row (the dataset has " +
                                 std::to_string(run.right->rows) + ")"));
    return run.left_rows + row - 1;
  }
  return fail(Error::invalid("dataset " + std::to_string(dataset_id) + " is not one of the run's"));
}

nlohmann::json reference_of(const RunInfo& run, int64_t position) {
  if (position < run.left_rows || !run.right)
    return {{"dataset_id", run.left.id}, {"row", position + 1}};
  return {{"dataset_id", run.right->id}, {"row", position - run.left_rows + 1}};
}

Status audit_read(Database& db, const Actor& actor, const RunInfo& run, std::string_view purpose,
                  const std::vector<int64_t>& positions) {
  nlohmann::json records = nlohmann::json::array();
  for (int64_t p : positions) records.push_back(reference_of(run, p));
  return append_audit(db, actor, "linkage.read", "linkage_run", std::to_string(run.id), nullptr,
                      {{"purpose", purpose}, {"records", std::move(records)}});
}

}  // namespace pvf::store::linkage_detail

namespace pvf::store::linkage_detail {

ModelColumns model_columns(const RunInfo& run) {
  ModelColumns out;
  if (!run.model.contains("comparisons")) return out;
  for (const auto& c : run.model["comparisons"]) {
    out.names.push_back(c.value("column", ""));
    out.levels.push_back(static_cast<int>(c.value("levels", nlohmann::json::array()).size()) + 1);
  }
  return out;
}

nlohmann::json gammas_of(const ModelColumns& columns, int64_t pattern) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t c = 0; c < columns.names.size(); ++c) {
    const int level = static_cast<int>((static_cast<uint64_t>(pattern) >> (4 * c)) & 15u);
    out[columns.names[c]] = level == 0 ? -1 : columns.levels[c] - 1 - level;
  }
  return out;
}

Result<nlohmann::json> run_record(Database& db, const crypto::DataKey& key, const RunInfo& run,
                                  int64_t position) {
  const nlohmann::json ref = reference_of(run, position);
  const DatasetInfo& d =
      ref["dataset_id"].get<int64_t>() == run.left.id ? run.left : *run.right;
  const int64_t row = ref["row"].get<int64_t>();
  PVF_TRY(auto values, open_record(db, key, d.id, row));
  const ModelColumns columns = model_columns(run);
  nlohmann::json shown = nlohmann::json::object();
  std::string unique_id;
  for (std::size_t c = 0; c < d.columns.size() && c < values.size(); ++c) {
    if (d.columns[c] == d.id_column) unique_id = values[c];
    if (std::find(columns.names.begin(), columns.names.end(), d.columns[c]) != columns.names.end())
      shown[d.columns[c]] = values[c];
  }
  return nlohmann::json{{"dataset_id", d.id},     {"dataset_name", d.name}, {"row", row},
                        {"unique_id", unique_id}, {"values", std::move(shown)}};
}

nlohmann::json pair_json(const RunInfo& run, const ModelColumns& columns, Statement& s) {
  nlohmann::json review = s.is_null(7) ? nlohmann::json(nullptr) : nlohmann::json(s.text(7));
  nlohmann::json cluster = s.is_null(6) ? nlohmann::json(nullptr) : nlohmann::json(s.int64(6));
  return {{"left", reference_of(run, s.int64(0))},
          {"right", reference_of(run, s.int64(1))},
          {"match_weight", s.real(2)},
          {"match_probability", s.real(3)},
          {"predicted", s.int64(5) != 0},
          {"gammas", gammas_of(columns, s.int64(4))},
          {"cluster", std::move(cluster)},
          {"review", std::move(review)}};
}

}  // namespace pvf::store::linkage_detail
