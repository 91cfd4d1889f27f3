// A linkage run read back: the run, its stored pairs (JSON pages and CSV) and its clusters.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/csv.h"
#include "linkage/model.h"
#include "linkage/predict.h"
#include "linkage/review.h"
#include "store/linkage_detail.h"
#include "store/linkage_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using nlohmann::json;
using namespace linkage_detail;

constexpr std::size_t kMaxClusterRecords = 1000;

// Offsets make sound cursors here: a stored run never changes.
Result<int64_t> offset_of(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return int64_t{0};
  int64_t value = -1;
  auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), value);
  if (ec != std::errc() || end != cursor->data() + cursor->size() || value < 0)
    return fail(Error::invalid("not a cursor this list gave out", "cursor"));
  return value;
}

json parse_or(const std::string& text, json fallback) {
  auto j = json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

constexpr const char* kRunColumns =
    "r.id, r.agreement_id, r.title, r.link_type, r.left_dataset_id, r.right_dataset_id, "
    "r.records, r.candidate_pairs, r.predicted_pairs, r.clusters, r.threshold_match_probability, "
    "r.converged, r.created_by, COALESCE(NULLIF(u.display_name, ''), u.username), r.created_at, "
    "r.seconds, (SELECT count(*) FROM linkage_reviews v WHERE v.run_id = r.id), "
    "r.settings, r.settings_proposed, r.model, r.summary, r.histogram";

Result<json> dataset_brief(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare("SELECT id, name, party, rows FROM linkage_datasets WHERE id = ?"));
  st.bind(1, id);
  PVF_TRY(auto d, detail::fetch_one<json>(st, [](Statement& s) {
    return json{{"id", s.int64(0)}, {"name", s.text(1)}, {"party", s.text(2)}, {"rows", s.int64(3)}};
  }));
  if (!d) return json(nullptr);
  return *d;
}

// JSON has no infinity: thresholds of 0 and 1 are written as ±1e300.
double threshold_weight(double p) {
  return std::clamp(linkage::weight_from_probability(p), -1e300, 1e300);
}

struct RunRow {
  json summary;
  json detail;
  int64_t left = 0;
  std::optional<int64_t> right;
};

RunRow run_row(Statement& s) {
  RunRow r;
  const double p = s.real(10);
  r.left = s.int64(4);
  r.right = s.opt_int64(5);
  r.summary = {{"id", s.int64(0)},
               {"agreement_id", s.int64(1)},
               {"title", s.text(2)},
               {"link_type", s.text(3)},
               {"records", s.int64(6)},
               {"candidate_pairs", s.int64(7)},
               {"predicted_pairs", s.int64(8)},
               {"clusters", s.int64(9)},
               {"threshold_match_probability", p},
               {"threshold_match_weight", threshold_weight(p)},
               {"converged", s.int64(11) != 0},
               {"created_by", s.int64(12)},
               {"created_by_name", s.text(13)},
               {"created_at", s.text(14)},
               {"seconds", s.real(15)},
               {"reviews", s.int64(16)}};
  r.detail = {{"settings", parse_or(s.text(17), json::object())},
              {"settings_proposed", s.int64(18) != 0},
              {"model", parse_or(s.text(19), json::object())},
              {"summary", parse_or(s.text(20), json::object())},
              {"histogram", parse_or(s.text(21), json::array())}};
  return r;
}

Status add_datasets(Database& db, RunRow& r) {
  json datasets = json::array();
  PVF_TRY(json left, dataset_brief(db, r.left));
  datasets.push_back(std::move(left));
  if (r.right) {
    PVF_TRY(json right, dataset_brief(db, *r.right));
    datasets.push_back(std::move(right));
  }
  r.summary["datasets"] = std::move(datasets);
  return {};
}

}  // namespace

Result<JsonPage> list_linkage_runs(Database& db, const Actor& actor, const LinkageRunFilter& filter,
                                   std::string_view today) {
  if (filter.agreement_id)
    PVF_CHECK(agreement_access(db, actor, *filter.agreement_id, today, Need::data));
  const int limit = std::clamp(filter.limit, 1, 200);
  // Runs of live agreements the actor is a member of (the system actor: every one).
  PVF_TRY(auto st, db.prepare(std::string("SELECT ") + kRunColumns +
                              " FROM linkage_runs r JOIN users u ON u.id = r.created_by "
                              "JOIN sharing_agreements a ON a.id = r.agreement_id "
                              "WHERE a.retain_until >= ?1 AND (?2 IS NULL OR r.agreement_id = ?2) "
                              "AND (?3 IS NULL OR r.id < ?3) AND (?4 IS NULL OR EXISTS (SELECT 1 "
                              "FROM sharing_agreement_members m WHERE m.agreement_id = "
                              "r.agreement_id AND m.user_id = ?4)) ORDER BY r.id DESC LIMIT ?5"));
  st.bind(1, today).bind(2, filter.agreement_id).bind(3, filter.before_id);
  st.bind(4, actor.user_id).bind(5, static_cast<int64_t>(limit + 1));
  PVF_TRY(auto rows, detail::fetch_all<RunRow>(st, run_row));
  JsonPage page;
  page.items = json::array();
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
    PVF_CHECK(add_datasets(db, rows[i]));
    page.items.push_back(std::move(rows[i].summary));
  }
  if (rows.size() > static_cast<std::size_t>(limit))
    page.next_cursor = std::to_string(page.items.back()["id"].get<int64_t>());
  return page;
}

Result<json> get_linkage_run(Database& db, const Actor& actor, int64_t run_id,
                             std::string_view today) {
  PVF_CHECK(run_for_member(db, actor, run_id, today));
  PVF_TRY(auto st, db.prepare(std::string("SELECT ") + kRunColumns +
                              " FROM linkage_runs r JOIN users u ON u.id = r.created_by "
                              "WHERE r.id = ?"));
  st.bind(1, run_id);
  PVF_TRY(auto row, detail::fetch_one<RunRow>(st, run_row));
  if (!row) return fail(Error::not_found("no such linkage run: " + std::to_string(run_id)));
  PVF_CHECK(add_datasets(db, *row));
  json out = std::move(row->summary);
  for (auto& [k, v] : row->detail.items()) out[k] = std::move(v);
  PVF_TRY(out["quality"], linkage_quality(db, run_id, out["histogram"],
                                          out["threshold_match_probability"].get<double>()));
  return out;
}

Status delete_linkage_run(Database& db, const Actor& actor, int64_t run_id, std::string_view today) {
  return db.transaction([&]() -> Status {
    PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
    PVF_TRY(auto st, db.prepare("DELETE FROM linkage_runs WHERE id = ?"));
    PVF_CHECK(st.bind(1, run_id).run());
    return append_audit(db, actor, "linkage_run.delete", "linkage_run", std::to_string(run_id),
                        {{"title", run.title}, {"agreement_id", run.agreement_id}}, nullptr);
  });
}

Result<JsonPage> list_linkage_pairs(Database& db, const Actor& actor, int64_t run_id,
                                    const PairFilter& filter, std::string_view today) {
  PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
  PVF_TRY(int64_t offset, offset_of(filter.cursor));
  const int limit = std::clamp(filter.limit, 1, 500);
  PVF_TRY(auto st, db.prepare(std::string("SELECT ") + kPairColumns + " FROM linkage_pairs p" +
                              kPairJoins +
                              " WHERE p.run_id = ?1 AND (?2 IS NULL OR p.match_weight >= ?2) AND "
                              "(?3 IS NULL OR p.match_weight <= ?3) ORDER BY p.match_weight DESC, "
                              "p.a, p.b LIMIT ?4 OFFSET ?5"));
  st.bind(1, run_id).bind(2, filter.min_weight).bind(3, filter.max_weight);
  st.bind(4, static_cast<int64_t>(limit + 1)).bind(5, offset);
  const ModelColumns columns = model_columns(run);
  PVF_TRY(auto rows, detail::fetch_all<json>(st, [&](Statement& s) { return pair_json(run, columns, s); }));
  return page_of(std::move(rows), limit, offset);
}

Result<LinkageCsv> linkage_pairs_csv(Database& db, const Actor& actor, int64_t run_id,
                                     std::string_view today) {
  PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
  const ModelColumns columns = model_columns(run);
  std::vector<std::string> header{"left_dataset", "left_row",          "right_dataset",
                                  "right_row",    "match_weight",      "match_probability",
                                  "predicted",    "cluster",           "review"};
  for (const auto& c : columns.names) header.push_back("gamma_" + c);
  LinkageCsv out;
  out.filename = "linkage-run-" + std::to_string(run_id) + "-pairs.csv";
  out.text = csv::format_row(header);
  PVF_TRY(auto st, db.prepare(std::string("SELECT ") + kPairColumns + " FROM linkage_pairs p" +
                              kPairJoins + " WHERE p.run_id = ? ORDER BY p.match_weight DESC, p.a, p.b"));
  st.bind(1, run_id);
  PVF_TRY(auto rows, detail::fetch_all<json>(st, [&](Statement& s) { return pair_json(run, columns, s); }));
  for (const auto& p : rows) {
    std::vector<std::string> cells{
        std::to_string(p["left"]["dataset_id"].get<int64_t>()),
        std::to_string(p["left"]["row"].get<int64_t>()),
        std::to_string(p["right"]["dataset_id"].get<int64_t>()),
        std::to_string(p["right"]["row"].get<int64_t>()),
        csv::format_number(p["match_weight"].get<double>()),
        csv::format_number(p["match_probability"].get<double>()),
        p["predicted"].get<bool>() ? "true" : "false",
        p["cluster"].is_null() ? "" : std::to_string(p["cluster"].get<int64_t>()),
        p["review"].is_null() ? "" : p["review"].get<std::string>()};
    for (const auto& c : columns.names) cells.push_back(std::to_string(p["gammas"][c].get<int>()));
    out.text += csv::format_row(cells);
  }
  return out;
}

Result<JsonPage> list_linkage_clusters(Database& db, const Actor& actor, int64_t run_id,
                                       const ClusterFilter& filter, std::string_view today) {
  PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
  if (filter.min_size < 2)
    return fail(Error::invalid("min_size must be 2 or more (every other record is a cluster of "
                               "its own)", "min_size"));
  PVF_TRY(int64_t offset, offset_of(filter.cursor));
  const int limit = std::clamp(filter.limit, 1, 500);
  PVF_TRY(auto st, db.prepare("SELECT cluster, count(*) AS n, sum(record < ?2) FROM "
                              "linkage_clusters WHERE run_id = ?1 GROUP BY cluster HAVING n >= ?3 "
                              "ORDER BY n DESC, cluster LIMIT ?4 OFFSET ?5"));
  st.bind(1, run_id).bind(2, run.left_rows).bind(3, static_cast<int64_t>(filter.min_size));
  st.bind(4, static_cast<int64_t>(limit + 1)).bind(5, offset);
  PVF_TRY(auto rows, detail::fetch_all<json>(st, [&](Statement& s) {
    json sources = json::object();
    const int64_t size = s.int64(1), left = s.int64(2);
    if (left > 0) sources[std::to_string(run.left.id)] = left;
    if (run.right && size - left > 0) sources[std::to_string(run.right->id)] = size - left;
    return json{{"cluster", s.int64(0)}, {"size", size}, {"sources", std::move(sources)}};
  }));
  return page_of(std::move(rows), limit, offset);
}

Result<json> get_linkage_cluster(Database& db, const crypto::DataKey& key, const Actor& actor,
                                 int64_t run_id, int64_t cluster, std::string_view today) {
  PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
  PVF_CHECK(may_see_records(actor));
  const std::string missing =
      "run " + std::to_string(run_id) + " has no cluster " + std::to_string(cluster);
  if (cluster < 0 || cluster >= run.records) return fail(Error::not_found(missing));
  PVF_TRY(auto st, db.prepare("SELECT record FROM linkage_clusters WHERE run_id = ? AND "
                              "cluster = ? ORDER BY record"));
  st.bind(1, run_id).bind(2, cluster);
  PVF_TRY(auto members, detail::fetch_all<int64_t>(st, [](Statement& s) { return s.int64(0); }));
  if (members.empty()) {
    // Not stored: a record alone is its own cluster; a record inside another cluster is not a
    // cluster's name.
    PVF_TRY(auto in, db.prepare("SELECT 1 FROM linkage_clusters WHERE run_id = ? AND record = ?"));
    in.bind(1, run_id).bind(2, cluster);
    PVF_TRY(auto found, detail::fetch_one<int>(in, [](Statement&) { return 1; }));
    if (found) return fail(Error::not_found(missing));
    members.push_back(cluster);
  }
  const std::size_t size = members.size();
  if (members.size() > kMaxClusterRecords) members.resize(kMaxClusterRecords);
  json records = json::array();
  for (int64_t p : members) {
    PVF_TRY(json record, run_record(db, key, run, p));
    records.push_back(std::move(record));
  }
  PVF_TRY(auto pst, db.prepare(std::string("SELECT ") + kPairColumns + " FROM linkage_pairs p" +
                               kPairJoins +
                               " WHERE p.run_id = ?1 AND p.predicted = 1 AND ca.cluster = ?2 AND "
                               "cb.cluster = ?2 ORDER BY p.match_weight DESC, p.a, p.b LIMIT 5000"));
  pst.bind(1, run_id).bind(2, cluster);
  const ModelColumns columns = model_columns(run);
  PVF_TRY(auto pairs, detail::fetch_all<json>(pst, [&](Statement& s) { return pair_json(run, columns, s); }));
  PVF_CHECK(audit_read(db, actor, run, "cluster", members));
  return json{{"cluster", cluster},
              {"size", size},
              {"records", std::move(records)},
              {"pairs", std::move(pairs)}};
}

}  // namespace pvf::store
