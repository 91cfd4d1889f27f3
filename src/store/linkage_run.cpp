// Linkage runs: a request checked against the stored datasets, the engine run over their opened
// records, and the run stored whole (pairs by position, clusters) in one transaction.
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <set>

#include "linkage/linkage.h"
#include "linkage/propose.h"
#include "store/linkage_detail.h"
#include "store/linkage_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using nlohmann::json;
using namespace linkage_detail;

constexpr std::size_t kSampleRows = 5000;

std::string stage_text(std::string_view stage) {
  if (stage == "blocking") return "Finding candidate pairs";
  if (stage == "u") return "Estimating u from random pairs";
  if (stage == "em") return "Training m (EM)";
  if (stage == "prior") return "Estimating the prior";
  if (stage == "predict") return "Scoring candidate pairs";
  if (stage == "cluster") return "Clustering";
  return std::string(stage);
}

// The JSON paths of pvf link's settings ("$.comparisons[0]") under the request's "settings".
std::string settings_path(const std::string& where) {
  if (where.rfind("$", 0) != 0) return where.empty() ? "settings" : "settings." + where;
  return "settings" + where.substr(1);
}

// Columns the settings read, each with where it is used, in the settings' order.
std::vector<std::pair<std::string, std::string>> used_columns(const linkage::LinkSettings& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < s.comparisons.size(); ++i)
    out.emplace_back(s.comparisons[i].column, "settings.comparisons[" + std::to_string(i) + "].column");
  auto rules = [&](const std::vector<linkage::BlockingRule>& list, const std::string& name) {
    for (std::size_t r = 0; r < list.size(); ++r)
      for (const auto& key : list[r])
        out.emplace_back(key.column, "settings." + name + "[" + std::to_string(r) + "]");
  };
  rules(s.blocking_rules, "blocking_rules");
  rules(s.training_blocking_rules, "training_blocking_rules");
  rules(s.deterministic_rules, "deterministic_rules");
  return out;
}

struct Scored {
  uint32_t a, b;
  double weight, probability;
  linkage::Pattern pattern;
};

}  // namespace

Result<LinkageRunPlan> check_linkage_run(Database& db, const Actor& actor,
                                         const LinkageRunSpec& spec, std::string_view today) {
  std::vector<ErrorDetail> problems;
  LinkageRunPlan plan;
  plan.spec = spec;
  if (detail::utf8_length(spec.title) > 200)
    problems.push_back({"title", "at most 200 characters"});
  if (spec.dataset_ids.empty() || spec.dataset_ids.size() > 2)
    problems.push_back({"dataset_ids", "one dataset to deduplicate, or two to link"});
  std::vector<DatasetInfo> datasets;
  for (std::size_t i = 0; i < spec.dataset_ids.size() && i < 2; ++i) {
    const std::string at = "dataset_ids[" + std::to_string(i) + "]";
    auto d = dataset_for_member(db, actor, spec.dataset_ids[i], today);
    if (!d) {
      if (d.error().code != ErrorCode::not_found) return fail(d.error());
      problems.push_back({at, d.error().message});
      continue;
    }
    if (!datasets.empty()) {
      if (d->id == datasets[0].id) problems.push_back({at, "link two different datasets"});
      else if (d->agreement_id != datasets[0].agreement_id)
        problems.push_back({at, "both datasets must be shared under the same agreement"});
      else if (d->id_column != datasets[0].id_column)
        problems.push_back({at, "both datasets must name their id column alike (\"" +
                                    datasets[0].id_column + "\" and \"" + d->id_column + "\")"});
    }
    datasets.push_back(std::move(*d));
  }
  if (!datasets.empty()) {
    plan.agreement_id = datasets[0].agreement_id;
    plan.id_column = datasets[0].id_column;
  }
  if (spec.settings) {
    auto parsed = linkage::parse_settings(*spec.settings);
    if (!parsed) {
      Error e = parsed.error();
      if (e.details.empty()) e.details.push_back({e.where, e.message});
      for (auto& d : e.details) problems.push_back({settings_path(d.where), d.message});
    } else {
      const bool link = parsed->link_type == linkage::LinkType::link_only;
      if (!spec.dataset_ids.empty() && link != (spec.dataset_ids.size() == 2))
        problems.push_back({"settings.link_type", link ? "link_only needs two datasets"
                                                       : "dedupe_only needs one dataset"});
      if (!datasets.empty() && parsed->unique_id_column != plan.id_column)
        problems.push_back({"settings.unique_id_column",
                            "the datasets' id column is \"" + plan.id_column + "\""});
      for (const auto& d : datasets) {
        std::set<std::string> reported;
        for (const auto& [column, where] : used_columns(*parsed)) {
          if (std::find(d.columns.begin(), d.columns.end(), column) != d.columns.end()) continue;
          if (!reported.insert(column).second) continue;
          problems.push_back({where, "dataset \"" + d.name + "\" has no column '" + column + "'"});
        }
      }
    }
  }
  if (!problems.empty()) {
    const std::string summary =
        "the linkage request has " + std::to_string(problems.size()) + " problems";
    return fail(Error::invalid_all(std::move(problems), summary));
  }
  return plan;
}

Result<int64_t> run_linkage_job(Database& db, const crypto::DataKey& key, const Actor& actor,
                                const LinkageRunPlan& plan, std::string_view today,
                                const LinkageProgress& progress, unsigned threads) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<tbb::global_control> limit;
  if (threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  auto report = [&](std::string_view stage, uint64_t done, uint64_t total) {
    return !progress || progress(stage, done, total);
  };
  const auto cancelled = [] { return fail(Error::cancelled("the linkage run was cancelled")); };

  // The datasets as they are now (re-checked: the request may have waited in the queue).
  PVF_TRY(LinkageRunPlan checked, check_linkage_run(db, actor, plan.spec, today));
  std::vector<DatasetInfo> datasets;
  for (int64_t id : checked.spec.dataset_ids) {
    PVF_TRY(auto d, dataset_for_member(db, actor, id, today));
    datasets.push_back(std::move(d));
  }
  const auto link_type = datasets.size() == 2 ? linkage::LinkType::link_only
                                              : linkage::LinkType::dedupe_only;
  linkage::LinkSettings settings;
  const bool proposed = !checked.spec.settings;
  if (proposed) {
    std::vector<std::vector<std::string>> sample;
    PVF_CHECK(for_each_record(db, key, datasets[0], kSampleRows,
                                       [&](int64_t, std::vector<std::string>&& values) -> Status {
                                         sample.push_back(std::move(values));
                                         return {};
                                       }));
    PVF_TRY(settings, linkage::propose_comparisons(datasets[0].columns, sample, link_type));
    settings.unique_id_column = checked.id_column;
  } else {
    PVF_TRY(settings, linkage::parse_settings(*checked.spec.settings));
  }

  // Open every record into the engine's column store.
  linkage::RecordsBuilder builder(settings);
  uint64_t total_rows = 0, read_rows = 0;
  for (const auto& d : datasets) total_rows += static_cast<uint64_t>(d.rows);
  bool stopped = false;
  for (const auto& d : datasets) {
    PVF_CHECK(builder.begin_source(d.name, d.columns));
    std::vector<std::string_view> views;
    PVF_CHECK(for_each_record(
        db, key, d, 0, [&](int64_t row, std::vector<std::string>&& values) -> Status {
          views.assign(values.begin(), values.end());
          PVF_CHECK(builder.add_row(views, static_cast<int>(row + 1)));
          if (++read_rows % 4096 == 0 && !report("Reading records", read_rows, total_rows)) {
            stopped = true;
            return fail(Error::cancelled("the linkage run was cancelled"));
          }
          return {};
        }));
  }
  if (stopped) return cancelled();
  linkage::Records records = builder.finish();
  if (proposed) PVF_CHECK(linkage::choose_rules(settings, records));

  // Score with the threshold lowered by kNearMissBits so the near misses reach the sink too;
  // what counts as predicted, and the clusters, follow the real threshold below.
  const double threshold_weight =
      linkage::weight_from_probability(settings.threshold_match_probability);
  linkage::LinkSettings scoring = settings;
  scoring.threshold_match_probability =
      linkage::probability_from_weight(threshold_weight - kNearMissBits);
  std::vector<Scored> scored;
  auto sink = [&](std::span<const linkage::ScoredPair> pairs) {
    for (const auto& p : pairs)
      scored.push_back({std::min(p.a, p.b), std::max(p.a, p.b), p.match_weight,
                        p.match_probability, p.pattern});
  };
  std::string last_stage;
  PVF_TRY(linkage::LinkRun run,
          linkage::run_linkage(records, scoring, sink,
                               [&](std::string_view stage, uint64_t done, uint64_t total) {
                                 return report(stage_text(stage), done, total);
                               }));
  report("Storing the results", 0, 1);

  // Predicted pairs, then the closest near misses.
  auto predicted_end = std::partition(scored.begin(), scored.end(), [&](const Scored& s) {
    return s.weight >= threshold_weight;
  });
  const std::size_t predicted = static_cast<std::size_t>(predicted_end - scored.begin());
  if (scored.size() - predicted > kMaxNearMisses) {
    std::nth_element(predicted_end, predicted_end + kMaxNearMisses, scored.end(),
                     [](const Scored& x, const Scored& y) { return x.weight > y.weight; });
    scored.resize(predicted + kMaxNearMisses);
  }
  std::vector<std::pair<uint32_t, uint32_t>> links;
  links.reserve(predicted);
  for (std::size_t i = 0; i < predicted; ++i) links.emplace_back(scored[i].a, scored[i].b);
  const std::vector<uint32_t> cluster = linkage::connected_components(records.size(), links);
  std::vector<uint32_t> size(records.size(), 0);
  for (uint32_t c : cluster) ++size[c];
  std::size_t clusters = 0;
  for (std::size_t i = 0; i < records.size(); ++i) clusters += size[i] > 0;

  json histogram = json::array();
  for (std::size_t i = 0; i < run.histogram.counts.size(); ++i) {
    if (run.histogram.counts[i] == 0) continue;
    const int from = linkage::WeightHistogram::kLow + static_cast<int>(i);
    histogram.push_back({{"from", from}, {"to", from + 1}, {"pairs", run.histogram.counts[i]}});
  }
  json seconds = json::object();
  for (const auto& s : run.stages) seconds[s.stage] = s.seconds;
  json rules = json::array();
  for (const auto& r : run.blocking)
    rules.push_back({{"rule", r.rule}, {"pairs", r.pairs}, {"largest_block", r.largest_block}});
  const json summary{{"total_pairs", run.total_pairs},
                     {"blocking_rules", std::move(rules)},
                     {"seconds", std::move(seconds)},
                     {"warnings", run.warnings}};
  std::string title = detail::trim(checked.spec.title);
  if (title.empty())
    title = datasets.size() == 1 ? "Duplicates in " + datasets[0].name
                                 : "Links between " + datasets[0].name + " and " + datasets[1].name;

  return db.transaction([&]() -> Result<int64_t> {
    // Deleted while we ran? Then there is nothing to store against.
    for (const auto& d : datasets) PVF_CHECK(dataset_for_member(db, actor, d.id, today));
    PVF_TRY(int64_t created_by, detail::actor_user_id(db, actor));
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    PVF_TRY(auto ins_run, db.prepare(
        "INSERT INTO linkage_runs(agreement_id, title, link_type, left_dataset_id, "
        "right_dataset_id, left_rows, records, candidate_pairs, predicted_pairs, clusters, "
        "threshold_match_probability, converged, settings, settings_proposed, model, summary, "
        "histogram, created_by, created_at, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    ins_run.bind_all(checked.agreement_id, title,
                     link_type == linkage::LinkType::link_only ? "link_only" : "dedupe_only",
                     datasets[0].id);
    if (datasets.size() == 2) ins_run.bind(5, datasets[1].id);
    else ins_run.bind_null(5);
    ins_run.bind(6, datasets[0].rows)
        .bind(7, static_cast<int64_t>(records.size()))
        .bind(8, static_cast<int64_t>(run.candidate_pairs))
        .bind(9, static_cast<int64_t>(predicted))
        .bind(10, static_cast<int64_t>(clusters))
        .bind(11, settings.threshold_match_probability)
        .bind(12, run.model.converged() ? 1 : 0)
        .bind(13, linkage::to_json(settings).dump())
        .bind(14, proposed ? 1 : 0)
        .bind(15, linkage::to_json(run.model).dump())
        .bind(16, summary.dump())
        .bind(17, histogram.dump())
        .bind(18, created_by)
        .bind(19, now_utc())
        .bind(20, elapsed);
    PVF_CHECK(ins_run.run());
    const int64_t run_id = db.last_insert_id();
    PVF_TRY(auto ins_pair, db.prepare("INSERT INTO linkage_pairs(run_id, a, b, match_weight, "
                                      "match_probability, pattern, predicted) VALUES (?,?,?,?,?,?,?)"));
    for (std::size_t i = 0; i < scored.size(); ++i) {
      const auto& s = scored[i];
      ins_pair.reset();
      ins_pair.bind_all(run_id, static_cast<int64_t>(s.a), static_cast<int64_t>(s.b), s.weight,
                        s.probability, static_cast<int64_t>(s.pattern), i < predicted ? 1 : 0);
      PVF_CHECK(ins_pair.run());
      if (i % 65536 == 0 && !report("Storing the results", i, scored.size())) return cancelled();
    }
    PVF_TRY(auto ins_cluster, db.prepare("INSERT INTO linkage_clusters(run_id, record, cluster) "
                                         "VALUES (?,?,?)"));
    for (std::size_t r = 0; r < records.size(); ++r) {
      if (size[cluster[r]] < 2) continue;
      ins_cluster.reset();
      ins_cluster.bind_all(run_id, static_cast<int64_t>(r), static_cast<int64_t>(cluster[r]));
      PVF_CHECK(ins_cluster.run());
    }
    PVF_CHECK(append_audit(db, actor, "linkage_run.create", "linkage_run", std::to_string(run_id),
                           nullptr,
                           {{"title", title},
                            {"dataset_ids", checked.spec.dataset_ids},
                            {"records", records.size()},
                            {"predicted_pairs", predicted},
                            {"clusters", clusters}}));
    return run_id;
  });
}

}  // namespace pvf::store
