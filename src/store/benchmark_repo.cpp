// Stored benchmarking runs read back: listing, one run in full, its CSV export, deletion, and
// a body's latest results for the data signals (benchmark_repo.h).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/csv.h"
#include "store/benchmark_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

constexpr int kSignificant = 10;  // solver results: the digits after the tenth are noise

struct RunRow {
  int64_t id = 0;
  std::string kind, title, period;
  nlohmann::json periods;
  std::string group_scope;
  std::optional<int64_t> group_id;
  std::string group_label, rts, orientation;
  int64_t units = 0;
  std::optional<int64_t> efficient;
  nlohmann::json spec, detail;
  int64_t created_by = 0;
  std::string created_by_name, created_at;
  double seconds = 0;
};

constexpr const char* kRunColumns =
    "r.id, r.kind, r.title, r.period, r.periods, r.group_scope, r.group_id, r.group_label, "
    "r.rts, r.orientation, r.units, r.efficient, r.spec, r.detail, r.created_by, "
    "u.display_name, r.created_at, r.seconds";

RunRow read_run(Statement& s) {
  RunRow r;
  r.id = s.int64(0);
  r.kind = s.text(1);
  r.title = s.text(2);
  r.period = s.text(3);
  r.periods = nlohmann::json::parse(s.text(4), nullptr, false);
  r.group_scope = s.text(5);
  r.group_id = s.opt_int64(6);
  r.group_label = s.text(7);
  r.rts = s.text(8);
  r.orientation = s.text(9);
  r.units = s.int64(10);
  r.efficient = s.opt_int64(11);
  r.spec = nlohmann::json::parse(s.text(12), nullptr, false);
  r.detail = nlohmann::json::parse(s.text(13), nullptr, false);
  r.created_by = s.int64(14);
  r.created_by_name = s.text(15);
  r.created_at = s.text(16);
  r.seconds = s.real(17);
  return r;
}

nlohmann::json summary_json(const RunRow& r) {
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"id", r.id},
          {"kind", r.kind},
          {"title", r.title},
          {"period", r.period},
          {"periods", r.periods},
          {"group", {{"scope", r.group_scope}, {"group_id", opt(r.group_id)}, {"label", r.group_label}}},
          {"rts", r.rts},
          {"orientation", r.orientation},
          {"units", r.units},
          {"efficient", opt(r.efficient)},
          {"created_by", r.created_by},
          {"created_by_name", r.created_by_name},
          {"created_at", r.created_at},
          {"seconds", r.seconds}};
}

Result<RunRow> load_run(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare(std::string("SELECT ") + kRunColumns +
                              " FROM benchmark_runs r JOIN users u ON u.id = r.created_by "
                              "WHERE r.id = ?"));
  st.bind(1, id);
  PVF_TRY(auto run, detail::fetch_one<RunRow>(st, read_run));
  if (!run) return fail(Error::not_found(std::string("no benchmark run ") + std::to_string(id)));
  return std::move(*run);
}

struct BodyName {
  std::string name;
  std::optional<std::string> code;
};
using BodyNames = std::unordered_map<int64_t, BodyName>;

// Names of the bodies a run mentions (its units and those left out).
Result<BodyNames> run_body_names(Database& db, int64_t run_id, const nlohmann::json& detail) {
  BodyNames names;
  PVF_TRY(auto st, db.prepare(
                       "SELECT b.id, b.name, b.code FROM bodies b WHERE b.id IN ("
                       "SELECT body_id FROM benchmark_dea_results WHERE run_id = ?1 UNION "
                       "SELECT body_id FROM benchmark_malmquist_results WHERE run_id = ?1)"));
  st.bind(1, run_id);
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    names[st.int64(0)] = {st.text(1), st.opt_text(2)};
  }
  PVF_TRY(auto one, db.prepare("SELECT name, code FROM bodies WHERE id = ?"));
  for (const auto& l : detail.value("left_out", nlohmann::json::array())) {
    const int64_t id = l.value("body_id", int64_t{0});
    one.reset();
    one.bind(1, id);
    PVF_TRY(auto found, detail::fetch_one<BodyName>(one, [](Statement& s) {
              return BodyName{s.text(0), s.opt_text(1)};
            }));
    if (found) names[id] = *found;
  }
  return names;
}

nlohmann::json code_json(const BodyNames& names, int64_t id) {
  auto it = names.find(id);
  return it != names.end() && it->second.code ? nlohmann::json(*it->second.code)
                                              : nlohmann::json(nullptr);
}
std::string name_of(const BodyNames& names, int64_t id) {
  auto it = names.find(id);
  return it != names.end() ? it->second.name : std::string("body ") + std::to_string(id);
}

nlohmann::json opt_real(Statement& s, int col) {
  return s.is_null(col) ? nlohmann::json(nullptr) : nlohmann::json(s.real(col));
}

Result<nlohmann::json> dea_results(Database& db, const RunRow& run, const BodyNames& names) {
  PVF_TRY(auto st, db.prepare("SELECT body_id, status, efficiency, rank, detail FROM "
                              "benchmark_dea_results WHERE run_id = ? "
                              "ORDER BY rank IS NULL, rank, body_id"));
  st.bind(1, run.id);
  nlohmann::json out = nlohmann::json::array();
  const bool output = run.orientation == "output";
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    const int64_t body = st.int64(0);
    auto d = nlohmann::json::parse(st.text(4), nullptr, false);
    nlohmann::json peers = nlohmann::json::array();
    for (const auto& p : d.value("peers", nlohmann::json::array()))
      peers.push_back({{"body_id", p[0]}, {"name", name_of(names, p[0].get<int64_t>())},
                       {"lambda", p[1]}});
    nlohmann::json te = nullptr;
    if (output && !st.is_null(2) && st.real(2) > 0) te = 1 / st.real(2);
    out.push_back({{"body_id", body},
                   {"name", name_of(names, body)},
                   {"code", code_json(names, body)},
                   {"rank", st.is_null(3) ? nlohmann::json(nullptr) : nlohmann::json(st.int64(3))},
                   {"status", st.text(1)},
                   {"efficiency", opt_real(st, 2)},
                   {"te", te},
                   {"inputs", d["inputs"]},
                   {"outputs", d["outputs"]},
                   {"input_slacks", d["input_slacks"]},
                   {"output_slacks", d["output_slacks"]},
                   {"peers", peers},
                   {"input_targets", d["input_targets"]},
                   {"output_targets", d["output_targets"]},
                   {"bootstrap", d["bootstrap"]}});
  }
  return out;
}

Result<nlohmann::json> malmquist_rows(Database& db, const RunRow& run, const BodyNames& names) {
  PVF_TRY(auto st, db.prepare("SELECT body_id, period_from, period_to, status, malmquist, "
                              "efficiency_change, technical_change, pure_efficiency_change, "
                              "scale_efficiency_change FROM benchmark_malmquist_results "
                              "WHERE run_id = ? ORDER BY period_from"));
  st.bind(1, run.id);
  nlohmann::json out = nlohmann::json::array();
  for (;;) {
    PVF_TRY(bool row, st.step());
    if (!row) break;
    const int64_t body = st.int64(0);
    out.push_back({{"body_id", body},
                   {"name", name_of(names, body)},
                   {"code", code_json(names, body)},
                   {"period_from", st.text(1)},
                   {"period_to", st.text(2)},
                   {"status", st.text(3)},
                   {"malmquist", opt_real(st, 4)},
                   {"efficiency_change", opt_real(st, 5)},
                   {"technical_change", opt_real(st, 6)},
                   {"pure_efficiency_change", opt_real(st, 7)},
                   {"scale_efficiency_change", opt_real(st, 8)}});
  }
  std::stable_sort(out.begin(), out.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    if (a["period_from"] != b["period_from"]) return a["period_from"] < b["period_from"];
    return a["name"].get<std::string>() < b["name"].get<std::string>();
  });
  return out;
}

}  // namespace

Result<BenchmarkPage> list_benchmarks(Database& db, const BenchmarkFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 200);
  std::string sql = std::string("SELECT ") + kRunColumns +
                    " FROM benchmark_runs r JOIN users u ON u.id = r.created_by WHERE 1";
  if (filter.kind) sql += " AND r.kind = ?1";
  if (filter.body_id)
    sql += " AND (EXISTS (SELECT 1 FROM benchmark_dea_results d WHERE d.run_id = r.id AND "
           "d.body_id = ?2) OR EXISTS (SELECT 1 FROM benchmark_malmquist_results m WHERE "
           "m.run_id = r.id AND m.body_id = ?2))";
  if (filter.before_id) sql += " AND r.id < ?3";
  sql += " ORDER BY r.id DESC LIMIT ?4";
  PVF_TRY(auto st, db.prepare(sql));
  if (filter.kind) st.bind(1, std::string(to_string(*filter.kind)));
  if (filter.body_id) st.bind(2, *filter.body_id);
  if (filter.before_id) st.bind(3, *filter.before_id);
  st.bind(4, limit + 1);
  PVF_TRY(auto rows, detail::fetch_all<RunRow>(st, read_run));
  BenchmarkPage page{nlohmann::json::array(), std::nullopt};
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i)
    page.items.push_back(summary_json(rows[i]));
  if (rows.size() > static_cast<size_t>(limit)) page.next_cursor = rows[limit - 1].id;
  return page;
}

Result<nlohmann::json> get_benchmark(Database& db, int64_t id) {
  PVF_TRY(auto run, load_run(db, id));
  PVF_TRY(auto names, run_body_names(db, id, run.detail));
  nlohmann::json out = summary_json(run);
  out["spec"] = run.spec;
  out["variables"] = run.detail.value("variables", nlohmann::json::array());
  nlohmann::json left_out = nlohmann::json::array();
  for (const auto& l : run.detail.value("left_out", nlohmann::json::array())) {
    const int64_t body = l.value("body_id", int64_t{0});
    if (!names.count(body)) continue;  // deleted since the run
    left_out.push_back({{"body_id", body},
                        {"name", name_of(names, body)},
                        {"code", code_json(names, body)},
                        {"reason", l.value("reason", "")}});
  }
  out["left_out"] = left_out;
  out["warnings"] = run.detail.value("warnings", nlohmann::json::array());
  out["results"] = nlohmann::json::array();
  out["malmquist"] = nlohmann::json::array();
  if (run.kind == "dea") {
    PVF_TRY(out["results"], dea_results(db, run, names));
  } else {
    PVF_TRY(out["malmquist"], malmquist_rows(db, run, names));
  }
  return out;
}

Result<BenchmarkCsv> benchmark_csv(Database& db, int64_t id) {
  PVF_TRY(auto full, get_benchmark(db, id));
  auto num = [](const nlohmann::json& v) {
    return v.is_number() ? csv::format_number(v.get<double>(), kSignificant) : std::string();
  };
  auto text = [](const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  std::string out;
  BenchmarkCsv file;
  if (full["kind"] == "malmquist") {
    const bool vrs = full["rts"] == "vrs";
    std::vector<std::string> header = {"code", "body", "period_from", "period_to", "malmquist",
                                       "efficiency_change", "technical_change"};
    if (vrs) {
      header.push_back("pure_efficiency_change");
      header.push_back("scale_efficiency_change");
    }
    out += csv::format_row(header);
    for (const auto& r : full["malmquist"]) {
      std::vector<std::string> row = {text(r["code"]), text(r["name"]), text(r["period_from"]),
                                      text(r["period_to"]), num(r["malmquist"]),
                                      num(r["efficiency_change"]), num(r["technical_change"])};
      if (vrs) {
        row.push_back(num(r["pure_efficiency_change"]));
        row.push_back(num(r["scale_efficiency_change"]));
      }
      out += csv::format_row(row);
    }
  } else {
    const bool output = full["orientation"] == "output";
    const bool slacks = full["spec"].value("slacks", false);
    const bool boot = full["spec"].value("bootstrap", 0) > 0;
    std::vector<std::string> in_names, out_names;
    for (const auto& v : full["variables"])
      (v["side"] == "input" ? in_names : out_names).push_back(v["name"].get<std::string>());
    std::vector<std::string> header = {"code", "body", "rank", "efficiency"};
    if (output) header.push_back("te");
    header.push_back("status");
    for (const auto& n : in_names) header.push_back(n);
    for (const auto& n : out_names) header.push_back(n);
    if (slacks) {
      for (const auto& n : in_names) header.push_back("slack_" + n);
      for (const auto& n : out_names) header.push_back("slack_" + n);
    }
    header.push_back("peers");
    if (slacks) {
      for (const auto& n : in_names) header.push_back("target_" + n);
      for (const auto& n : out_names) header.push_back("target_" + n);
    }
    if (boot)
      for (const char* c : {"bias_corrected", "bias", "ci_lower", "ci_upper", "replicates_used"})
        header.push_back(c);
    out += csv::format_row(header);
    // Peers by code where they have one (the CLI's "B:0.214;E:0.286"), else by name.
    std::unordered_map<int64_t, std::string> peer_id;
    for (const auto& r : full["results"])
      peer_id[r["body_id"].get<int64_t>()] = r["code"].is_string() ? text(r["code"]) : text(r["name"]);
    auto list = [&](const nlohmann::json& values, size_t n, std::vector<std::string>& row) {
      for (size_t i = 0; i < n; ++i) row.push_back(values.is_array() ? num(values[i]) : "");
    };
    for (const auto& r : full["results"]) {
      std::vector<std::string> row = {text(r["code"]), text(r["name"]),
                                      r["rank"].is_number() ? std::to_string(r["rank"].get<int64_t>())
                                                            : std::string(),
                                      num(r["efficiency"])};
      if (output) row.push_back(num(r["te"]));
      row.push_back(text(r["status"]));
      list(r["inputs"], in_names.size(), row);
      list(r["outputs"], out_names.size(), row);
      if (slacks) {
        list(r["input_slacks"], in_names.size(), row);
        list(r["output_slacks"], out_names.size(), row);
      }
      std::string peers;
      for (const auto& p : r["peers"]) {
        if (!peers.empty()) peers += ";";
        peers += peer_id[p["body_id"].get<int64_t>()] + ":" +
                 csv::format_number(p["lambda"].get<double>(), kSignificant);
      }
      row.push_back(peers);
      if (slacks) {
        list(r["input_targets"], in_names.size(), row);
        list(r["output_targets"], out_names.size(), row);
      }
      if (boot) {
        const auto& b = r["bootstrap"];
        for (const char* c : {"bias_corrected", "bias", "lower", "upper"})
          row.push_back(b.is_object() ? num(b[c]) : "");
        row.push_back(b.is_object() ? std::to_string(b["replicates_used"].get<int64_t>()) : "");
      }
      out += csv::format_row(row);
    }
  }
  file.filename = std::string("benchmark-") + std::to_string(id) + "-" + full["kind"].get<std::string>() + ".csv";
  file.text = std::move(out);
  return file;
}

Status delete_benchmark(Database& db, const Actor& actor, int64_t id) {
  if (actor.role != Role::admin && actor.role != Role::treasury_analyst)
    return fail(Error::forbidden("only admins and treasury analysts delete benchmark runs"));
  return db.transaction([&]() -> Status {
    PVF_TRY(auto run, load_run(db, id));
    PVF_TRY(auto st, db.prepare("DELETE FROM benchmark_runs WHERE id = ?"));
    st.bind(1, id);
    PVF_CHECK(st.run());
    return append_audit(db, actor, "benchmark.delete", "benchmark_run", std::to_string(id),
                        summary_json(run), nullptr);
  });
}

Result<std::optional<BodyEfficiency>> body_efficiency(Database& db, int64_t body_id,
                                                      std::string_view period) {
  PVF_TRY(auto st, db.prepare(
                       "SELECT r.id, r.title, r.period, r.group_label, r.rts, r.orientation, "
                       "d.status, d.efficiency, d.rank, r.units, COALESCE(r.efficient, 0), "
                       "d.detail, r.detail FROM benchmark_dea_results d "
                       "JOIN benchmark_runs r ON r.id = d.run_id "
                       "WHERE d.body_id = ? AND r.period <= ? "
                       "ORDER BY r.period DESC, r.id DESC LIMIT 1"));
  st.bind_all(body_id, std::string(period));
  struct Row {
    BodyEfficiency e;
    nlohmann::json unit, run;
  };
  PVF_TRY(auto row, detail::fetch_one<Row>(st, [](Statement& s) {
            Row r;
            r.e.run_id = s.int64(0);
            r.e.title = s.text(1);
            r.e.period = s.text(2);
            r.e.group_label = s.text(3);
            r.e.rts = s.text(4);
            r.e.orientation = s.text(5);
            r.e.status = s.text(6);
            r.e.efficiency = s.opt_real(7);
            r.e.rank = s.opt_int64(8);
            r.e.units = s.int64(9);
            r.e.efficient = s.int64(10);
            r.unit = nlohmann::json::parse(s.text(11), nullptr, false);
            r.run = nlohmann::json::parse(s.text(12), nullptr, false);
            return r;
          }));
  if (!row) return std::optional<BodyEfficiency>();
  BodyEfficiency e = std::move(row->e);
  PVF_TRY(auto spec_st, db.prepare("SELECT spec FROM benchmark_runs WHERE id = ?"));
  spec_st.bind(1, e.run_id);
  PVF_TRY(auto spec_text,
          detail::fetch_one<std::string>(spec_st, [](Statement& s) { return s.text(0); }));
  if (spec_text)
    e.super_efficiency =
        nlohmann::json::parse(*spec_text, nullptr, false).value("super_efficiency", false);
  PVF_TRY(auto name_st, db.prepare("SELECT name FROM bodies WHERE id = ?"));
  for (const auto& p : row->unit.value("peers", nlohmann::json::array())) {
    name_st.reset();
    name_st.bind(1, p[0].get<int64_t>());
    PVF_TRY(auto name, detail::fetch_one<std::string>(name_st, [](Statement& s) { return s.text(0); }));
    if (name && p[0].get<int64_t>() != body_id) e.peer_names.push_back(*name);
  }
  const bool input = e.orientation == "input";
  const auto& actual = row->unit[input ? "inputs" : "outputs"];
  const auto& target = row->unit[input ? "input_targets" : "output_targets"];
  size_t k = 0;
  for (const auto& v : row->run.value("variables", nlohmann::json::array())) {
    if ((v["side"] == "input") != input) continue;
    if (target.is_array() && actual.is_array() && k < target.size() && actual[k] > 0) {
      const double a = actual[k].get<double>(), t = target[k].get<double>();
      e.improvements.emplace_back(v["label"].get<std::string>(), input ? 1 - t / a : t / a - 1);
    }
    ++k;
  }
  return std::optional<BodyEfficiency>(std::move(e));
}

Result<std::optional<BodyProductivityChange>> body_productivity_change(Database& db,
                                                                      int64_t body_id,
                                                                      std::string_view period) {
  PVF_TRY(auto st, db.prepare(
                       "SELECT r.id, r.title, m.period_from, m.period_to, r.group_label, "
                       "m.malmquist, m.efficiency_change, m.technical_change "
                       "FROM benchmark_malmquist_results m JOIN benchmark_runs r ON r.id = m.run_id "
                       "WHERE m.body_id = ? AND m.period_to <= ? AND m.status = 'optimal' "
                       "ORDER BY r.id DESC, m.period_to DESC LIMIT 1"));
  st.bind_all(body_id, std::string(period));
  PVF_TRY(auto found, detail::fetch_one<BodyProductivityChange>(st, [](Statement& s) {
            BodyProductivityChange c;
            c.run_id = s.int64(0);
            c.title = s.text(1);
            c.period_from = s.text(2);
            c.period_to = s.text(3);
            c.group_label = s.text(4);
            c.malmquist = s.real(5);
            c.efficiency_change = s.real(6);
            c.technical_change = s.real(7);
            return c;
          }));
  if (!found) return std::optional<BodyProductivityChange>();
  PVF_TRY(auto all, db.prepare("SELECT malmquist FROM benchmark_malmquist_results WHERE "
                               "run_id = ? AND period_from = ? AND status = 'optimal' "
                               "ORDER BY malmquist"));
  all.bind_all(found->run_id, found->period_from);
  PVF_TRY(auto values, detail::fetch_all<double>(all, [](Statement& s) { return s.real(0); }));
  found->group_count = static_cast<int64_t>(values.size());
  if (!values.empty()) {
    const size_t n = values.size();
    found->group_median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
  return found;
}

}  // namespace pvf::store
