// Person datasets: a member's CSV checked against the agreement, sealed row by row, stored in one
// transaction; listed and deleted.
#include <set>
#include <unordered_map>

#include "core/csv_stream.h"
#include "store/linkage_detail.h"
#include "store/linkage_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using nlohmann::json;
using namespace linkage_detail;

constexpr std::size_t kMaxProblems = 100;

struct Problems {
  std::vector<ErrorDetail> list;
  std::size_t total = 0;
  void add(std::string where, std::string message) {
    ++total;
    if (list.size() < kMaxProblems) list.push_back({std::move(where), std::move(message)});
  }
  Error error(std::string_view name) const {
    std::string summary = std::string(name) + " has " + std::to_string(total) + " problems";
    if (total > list.size()) summary += " (the first " + std::to_string(list.size()) + " listed)";
    return Error::invalid_all(list, summary);
  }
};

std::vector<std::string> agreement_list(Database& db, int64_t agreement_id, const char* column) {
  auto st = db.prepare(std::string("SELECT ") + column + " FROM sharing_agreements WHERE id = ?");
  std::vector<std::string> out;
  if (!st) return out;
  st->bind(1, agreement_id);
  auto text = detail::fetch_one<std::string>(*st, [](Statement& s) { return s.text(0); });
  if (!text || !*text) return out;
  auto j = json::parse(**text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Result<json> datasets_where(Database& db, std::string_view where, int64_t param) {
  PVF_TRY(auto st, db.prepare("SELECT d.id, d.agreement_id, d.name, d.party, d.id_column, "
                              "d.columns, d.rows, d.created_by, COALESCE(NULLIF(u.display_name, "
                              "''), u.username), d.created_at FROM linkage_datasets d JOIN users u "
                              "ON u.id = d.created_by " +
                              std::string(where) + " ORDER BY d.id"));
  st.bind(1, param);
  PVF_TRY(auto rows, detail::fetch_all<json>(st, [](Statement& s) {
    return to_json(dataset_row(s), s.text(8), s.int64(7), s.text(9));
  }));
  return json(std::move(rows));
}

}  // namespace

Result<json> create_dataset(Database& db, const crypto::DataKey& key, const Actor& actor,
                            int64_t agreement_id, const DatasetUpload& upload,
                            std::string_view today) {
  return db.transaction([&]() -> Result<json> {
    PVF_CHECK(agreement_access(db, actor, agreement_id, today, Need::data));
    const std::string name = detail::trim(upload.name);
    const std::string party = detail::trim(upload.party);
    const std::string id_column =
        detail::trim(upload.id_column).empty() ? "unique_id" : detail::trim(upload.id_column);
    const auto fields = agreement_list(db, agreement_id, "fields");
    const auto parties = agreement_list(db, agreement_id, "parties");
    const std::set<std::string> allowed(fields.begin(), fields.end());
    Problems problems;
    if (name.empty() || detail::utf8_length(name) > 200)
      problems.add("name", "name the dataset (1 to 200 characters)");
    if (std::find(parties.begin(), parties.end(), party) == parties.end())
      problems.add("party", "the party must be one the agreement names");
    if (!allowed.count(id_column))
      problems.add("id_column", "the id column \"" + id_column +
                                    "\" is not one of the fields the agreement covers");
    const std::string source = name.empty() ? "dataset" : name;
    if (problems.total) return fail(problems.error(source));

    PVF_TRY(auto taken, db.prepare("SELECT 1 FROM linkage_datasets WHERE agreement_id = ? AND name = ?"));
    taken.bind(1, agreement_id).bind(2, name);
    PVF_TRY(auto exists, detail::fetch_one<int>(taken, [](Statement&) { return 1; }));
    if (exists)
      return fail(Error::conflict("the agreement already has a dataset named \"" + name + "\""));

    csv::Reader reader(upload.csv, source);
    std::vector<std::string> header;
    if (reader.next()) header.assign(reader.fields().begin(), reader.fields().end());
    if (reader.error()) return fail(*reader.error());
    if (header.empty())
      return fail(Error::invalid("the file is empty: it needs a header row", source));
    std::size_t id_field = header.size();
    std::set<std::string> seen_columns;
    for (std::size_t c = 0; c < header.size(); ++c) {
      const std::string at = source + ":1:" + header[c];
      if (header[c].empty()) problems.add(source + ":1", "column " + std::to_string(c + 1) + " has no name");
      else if (!seen_columns.insert(header[c]).second) problems.add(at, "the column appears twice");
      else if (!allowed.count(header[c]))
        problems.add(at, "the agreement does not cover this column: share only the fields it names");
      if (header[c] == id_column) id_field = c;
    }
    if (id_field == header.size()) {
      problems.add(source + ":1", "no id column \"" + id_column + "\" in the header");
      return fail(problems.error(source));  // rows cannot be told apart without it
    }
    // Header problems do not stop here: the rows are checked too, so one answer lists all.

    PVF_TRY(int64_t created_by, detail::actor_user_id(db, actor));
    PVF_TRY(auto ins_dataset, db.prepare("INSERT INTO linkage_datasets(agreement_id, name, party, "
                                         "id_column, columns, rows, created_by, created_at) "
                                         "VALUES (?,?,?,?,?,0,?,?)"));
    PVF_CHECK(ins_dataset.bind_all(agreement_id, name, party, id_column, json(header).dump(),
                                   created_by, now_utc())
                  .run());
    const int64_t dataset_id = db.last_insert_id();
    PVF_TRY(auto ins, db.prepare("INSERT INTO linkage_records(dataset_id, row, pseudonym, sealed) "
                                 "VALUES (?,?,?,?)"));
    std::unordered_map<std::string, int> lines_of_ids;  // pseudonym -> line
    int64_t row = 0;
    json values = json::array();
    while (reader.next()) {
      const auto f = reader.fields();
      const int line = reader.line();
      ++row;
      if (f.size() != header.size()) {
        problems.add(source + ":" + std::to_string(line),
                     "has " + std::to_string(f.size()) + " fields; the header has " +
                         std::to_string(header.size()));
        continue;
      }
      const std::string id(f[id_field]);
      const std::string where = source + ":" + std::to_string(line) + ":" + id_column;
      if (id.empty()) {
        problems.add(where, "the id is missing");
        continue;
      }
      const std::string pseudonym = key.pseudonym(id);
      auto [it, fresh] = lines_of_ids.emplace(pseudonym, line);
      if (!fresh) {
        problems.add(where, "repeats the id of line " + std::to_string(it->second));
        continue;
      }
      if (problems.total) continue;  // still checking: nothing more to write
      values.clear();
      for (const auto& v : f) values.push_back(std::string(v));
      ins.reset();
      ins.bind(1, dataset_id).bind(2, row).bind(3, pseudonym);
      ins.bind_blob(4, key.seal(values.dump(-1, ' ', false, json::error_handler_t::replace)));
      PVF_CHECK(ins.run());
    }
    if (reader.error()) return fail(*reader.error());
    if (row == 0) problems.add(source + ":2", "the file has a header but no records");
    if (problems.total) return fail(problems.error(source));
    PVF_TRY(auto rows, db.prepare("UPDATE linkage_datasets SET rows = ? WHERE id = ?"));
    PVF_CHECK(rows.bind_all(row, dataset_id).run());
    PVF_TRY(json listed, datasets_where(db, "WHERE d.id = ?1", dataset_id));
    PVF_CHECK(append_audit(db, actor, "linkage_dataset.create", "linkage_dataset",
                           std::to_string(dataset_id), nullptr, listed.at(0)));
    return listed.at(0);
  });
}

Result<json> list_datasets(Database& db, const Actor& actor, int64_t agreement_id,
                           std::string_view today) {
  PVF_CHECK(agreement_access(db, actor, agreement_id, today, Need::data));
  PVF_TRY(json items, datasets_where(db, "WHERE d.agreement_id = ?1", agreement_id));
  return items;
}

Status delete_dataset(Database& db, const Actor& actor, int64_t dataset_id, std::string_view today) {
  return db.transaction([&]() -> Status {
    PVF_CHECK(dataset_for_member(db, actor, dataset_id, today));
    PVF_TRY(json listed, datasets_where(db, "WHERE d.id = ?1", dataset_id));
    PVF_TRY(auto st, db.prepare("DELETE FROM linkage_datasets WHERE id = ?"));
    PVF_CHECK(st.bind(1, dataset_id).run());
    return append_audit(db, actor, "linkage_dataset.delete", "linkage_dataset",
                        std::to_string(dataset_id), listed.at(0), nullptr);
  });
}

Status check_data_key(Database& db, const crypto::DataKey& key, std::string_view key_file) {
  PVF_TRY(auto st, db.prepare("SELECT sealed FROM linkage_records LIMIT 1"));
  PVF_TRY(auto sealed, detail::fetch_one<std::string>(st, [](Statement& s) { return s.blob(0); }));
  if (!sealed || key.open(*sealed)) return {};
  return fail(Error::invalid("the data key does not open the person records stored in " +
                                 db.path() +
                                 ": start the server with the key file they were sealed with "
                                 "(--data-key)",
                             std::string(key_file)));
}

}  // namespace pvf::store
