// Looking at people's records through a run: a pair explained step by step, the clerical review
// queue, labels, and the precision and recall the labels imply. Every showing of values audited.
#include <cmath>

#include "linkage/comparison.h"
#include "linkage/model.h"
#include "linkage/records.h"
#include "linkage/review.h"
#include "store/linkage_detail.h"
#include "store/linkage_repo.h"
#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

using nlohmann::json;
using namespace linkage_detail;

// The run's position of a reference; `where` names it in errors ("left", "right").
Result<int64_t> resolve(Database& db, const crypto::DataKey& key, const RunInfo& run,
                        const RecordRef& ref, const std::string& where) {
  if (ref.row) {
    auto p = position_of(run, ref.dataset_id, *ref.row);
    if (!p) return fail(Error::invalid(p.error().message, where));
    return *p;
  }
  if (!ref.unique_id) return fail(Error::invalid("give the record's row or unique_id", where));
  if (ref.dataset_id != run.left.id && !(run.right && ref.dataset_id == run.right->id))
    return fail(Error::invalid("dataset " + std::to_string(ref.dataset_id) +
                                   " is not one of the run's",
                               where + ".dataset_id"));
  PVF_TRY(auto st, db.prepare("SELECT row FROM linkage_records WHERE dataset_id = ? AND pseudonym = ?"));
  st.bind(1, ref.dataset_id).bind(2, key.pseudonym(*ref.unique_id));
  PVF_TRY(auto row, detail::fetch_one<int64_t>(st, [](Statement& s) { return s.int64(0); }));
  // The message does not repeat the id: it is personal data and messages get logged.
  if (!row)
    return fail(Error::invalid("no record with that unique id in dataset " +
                                   std::to_string(ref.dataset_id),
                               where + ".unique_id"));
  return position_of(run, ref.dataset_id, *row);
}

Result<std::optional<std::string>> label_of(Database& db, int64_t run_id, int64_t a, int64_t b) {
  PVF_TRY(auto st, db.prepare("SELECT label FROM linkage_reviews WHERE run_id = ? AND a = ? AND b = ?"));
  st.bind(1, run_id).bind(2, a).bind(3, b);
  return detail::fetch_one<std::string>(st, [](Statement& s) { return s.text(0); });
}

// The run's records for scoring: with term-frequency adjustments every record (a value's weight
// depends on how common it is); otherwise only the two records asked about.
struct Scoring {
  linkage::LinkSettings settings;
  linkage::Records records;
  uint32_t a = 0, b = 1;
};

Result<Scoring> records_for(Database& db, const crypto::DataKey& key, const RunInfo& run,
                            int64_t pa, int64_t pb) {
  Scoring out;
  PVF_TRY(out.settings, linkage::parse_settings(run.settings));
  bool term_frequency = false;
  for (const auto& c : out.settings.comparisons) term_frequency |= c.term_frequency;
  linkage::RecordsBuilder builder(out.settings);
  std::vector<std::string_view> views;
  auto add = [&](int64_t row, std::vector<std::string>&& values) -> Status {
    views.assign(values.begin(), values.end());
    return builder.add_row(views, static_cast<int>(row + 1));
  };
  if (term_frequency) {
    for (const DatasetInfo* d : {&run.left, run.right ? &*run.right : nullptr}) {
      if (!d) continue;
      PVF_CHECK(builder.begin_source(d->name, d->columns));
      PVF_CHECK(for_each_record(db, key, *d, 0, [&](int64_t row, std::vector<std::string>&& v) {
        return add(row, std::move(v));
      }));
    }
    out.a = static_cast<uint32_t>(pa);
    out.b = static_cast<uint32_t>(pb);
  } else {
    // Each record in a source of its own: unique ids need only be unique within a source.
    for (int64_t p : {pa, pb}) {
      const json ref = reference_of(run, p);
      const DatasetInfo& d = ref["dataset_id"].get<int64_t>() == run.left.id ? run.left : *run.right;
      PVF_CHECK(builder.begin_source(d.name, d.columns));
      PVF_TRY(auto values, open_record(db, key, d.id, ref["row"].get<int64_t>()));
      PVF_CHECK(add(ref["row"].get<int64_t>(), std::move(values)));
    }
  }
  out.records = builder.finish();
  return out;
}

}  // namespace

namespace linkage_detail {

Result<json> linkage_quality(Database& db, int64_t run_id, const json& histogram,
                             double threshold_probability) {
  PVF_TRY(auto st, db.prepare("SELECT p.match_weight, r.label FROM linkage_reviews r JOIN "
                              "linkage_pairs p ON p.run_id = r.run_id AND p.a = r.a AND p.b = r.b "
                              "WHERE r.run_id = ?"));
  st.bind(1, run_id);
  PVF_TRY(auto labels, detail::fetch_all<linkage::ReviewLabel>(st, [](Statement& s) {
    return linkage::ReviewLabel{s.real(0), s.text(1) == "match"};
  }));
  if (labels.empty()) return json(nullptr);
  linkage::WeightHistogram h;
  for (const auto& bin : histogram) {
    const int from = bin.value("from", 0);
    const auto i = static_cast<std::size_t>(from - linkage::WeightHistogram::kLow);
    if (i < h.counts.size()) h.counts[i] = bin.value("pairs", uint64_t{0});
  }
  PVF_TRY(auto q, linkage::estimate_quality(
                      h, labels, linkage::weight_from_probability(threshold_probability)));
  return json{{"precision", q.precision},
              {"recall", q.recall},
              {"labels", q.labels},
              {"predicted_pairs", q.predicted_pairs},
              {"expected_matches", q.expected_matches},
              {"bins_reviewed", q.bins_reviewed}};
}

}  // namespace linkage_detail

Result<json> explain_linkage_pair(Database& db, const crypto::DataKey& key, const Actor& actor,
                                  int64_t run_id, const RecordRef& left, const RecordRef& right,
                                  std::string_view today) {
  PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
  PVF_CHECK(may_see_records(actor));
  PVF_TRY(int64_t pa, resolve(db, key, run, left, "left"));
  PVF_TRY(int64_t pb, resolve(db, key, run, right, "right"));
  if (pa == pb) return fail(Error::invalid("choose two different records", "right"));
  PVF_TRY(auto model, linkage::model_from_json(run.model));
  PVF_TRY(auto scoring, records_for(db, key, run, pa, pb));
  const auto comparer = linkage::PairComparer::create(scoring.settings, scoring.records);
  const auto explained = linkage::explain_pair(model, comparer, scoring.a, scoring.b);
  json steps = json::array();
  for (const auto& s : explained.steps)
    steps.push_back({{"column", s.column},
                     {"label", s.label},
                     {"gamma", s.gamma},
                     {"m", s.m},
                     {"u", s.u},
                     {"weight", s.weight},
                     {"term_frequency_adjusted", s.term_frequency_adjusted}});
  PVF_TRY(json left_record, run_record(db, key, run, pa));
  PVF_TRY(json right_record, run_record(db, key, run, pb));
  PVF_TRY(auto label, label_of(db, run_id, std::min(pa, pb), std::max(pa, pb)));
  PVF_CHECK(audit_read(db, actor, run, "explain", {pa, pb}));
  return json{{"left", std::move(left_record)},
              {"right", std::move(right_record)},
              {"prior_weight", explained.prior_weight},
              {"steps", std::move(steps)},
              {"match_weight", explained.match_weight},
              {"match_probability", explained.match_probability},
              {"predicted", explained.match_weight >=
                                linkage::weight_from_probability(run.threshold_probability)},
              {"review", label ? json(*label) : json(nullptr)}};
}

Result<json> linkage_review_queue(Database& db, const crypto::DataKey& key, const Actor& actor,
                                  int64_t run_id, int limit, std::string_view today) {
  PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
  PVF_CHECK(may_see_records(actor));
  limit = std::clamp(limit, 1, 100);
  PVF_TRY(auto st, db.prepare(std::string("SELECT ") + kPairColumns + " FROM linkage_pairs p" +
                              kPairJoins +
                              " WHERE p.run_id = ?1 AND rv.label IS NULL ORDER BY "
                              "abs(p.match_weight - ?2), p.a, p.b LIMIT ?3"));
  st.bind(1, run_id)
      .bind(2, linkage::weight_from_probability(run.threshold_probability))
      .bind(3, static_cast<int64_t>(limit));
  const ModelColumns columns = model_columns(run);
  PVF_TRY(auto pairs, detail::fetch_all<json>(st, [&](Statement& s) {
    json p = pair_json(run, columns, s);
    p["_a"] = s.int64(0);
    p["_b"] = s.int64(1);
    return p;
  }));
  json items = json::array();
  std::vector<int64_t> shown;
  for (auto& p : pairs) {
    const int64_t a = p["_a"].get<int64_t>(), b = p["_b"].get<int64_t>();
    p.erase("_a");
    p.erase("_b");
    PVF_TRY(p["left_record"], run_record(db, key, run, a));
    PVF_TRY(p["right_record"], run_record(db, key, run, b));
    shown.push_back(a);
    shown.push_back(b);
    items.push_back(std::move(p));
  }
  if (!shown.empty()) PVF_CHECK(audit_read(db, actor, run, "review", shown));
  return json{{"items", std::move(items)}};
}

Result<json> review_linkage_pair(Database& db, const Actor& actor, int64_t run_id,
                                 const RecordRef& left, const RecordRef& right, bool match,
                                 std::string_view today) {
  return db.transaction([&]() -> Result<json> {
    PVF_TRY(auto run, run_for_member(db, actor, run_id, today));
    if (!left.row || !right.row)
      return fail(Error::invalid("a label names each record by dataset_id and row",
                                 !left.row ? "left.row" : "right.row"));
    auto pl = position_of(run, left.dataset_id, *left.row);
    if (!pl) return fail(Error::invalid(pl.error().message, "left"));
    auto pr = position_of(run, right.dataset_id, *right.row);
    if (!pr) return fail(Error::invalid(pr.error().message, "right"));
    const int64_t a = std::min(*pl, *pr), b = std::max(*pl, *pr);
    PVF_TRY(auto find, db.prepare("SELECT match_weight FROM linkage_pairs WHERE run_id = ? AND "
                                  "a = ? AND b = ?"));
    find.bind(1, run_id).bind(2, a).bind(3, b);
    PVF_TRY(auto weight, detail::fetch_one<double>(find, [](Statement& s) { return s.real(0); }));
    if (!weight)
      return fail(Error::not_found("the pair is not among the run's stored pairs (predicted "
                                   "pairs and near misses can be reviewed)"));
    PVF_TRY(auto before, label_of(db, run_id, a, b));
    PVF_TRY(int64_t reviewer, detail::actor_user_id(db, actor));
    const std::string now = now_utc();
    const char* label = match ? "match" : "non_match";
    PVF_TRY(auto up, db.prepare("INSERT INTO linkage_reviews(run_id, a, b, label, reviewer, "
                                "reviewed_at) VALUES (?,?,?,?,?,?) ON CONFLICT(run_id, a, b) DO "
                                "UPDATE SET label = excluded.label, reviewer = excluded.reviewer, "
                                "reviewed_at = excluded.reviewed_at"));
    PVF_CHECK(up.bind_all(run_id, a, b, label, reviewer, now).run());
    const json pair{{"left", reference_of(run, a)}, {"right", reference_of(run, b)}};
    PVF_CHECK(append_audit(db, actor, "linkage_review.create", "linkage_run",
                           std::to_string(run_id),
                           before ? json{{"pair", pair}, {"label", *before}} : json(nullptr),
                           {{"pair", pair}, {"label", label}}));
    PVF_TRY(auto hist, db.prepare("SELECT histogram FROM linkage_runs WHERE id = ?"));
    hist.bind(1, run_id);
    PVF_TRY(auto text, detail::fetch_one<std::string>(hist, [](Statement& s) { return s.text(0); }));
    const json histogram = json::parse(text.value_or("[]"), nullptr, false);
    PVF_TRY(json quality, linkage_quality(db, run_id, histogram, run.threshold_probability));
    return json{{"label",
                 {{"left", reference_of(run, a)},
                  {"right", reference_of(run, b)},
                  {"label", label},
                  {"match_weight", *weight},
                  {"reviewer", actor.username},
                  {"reviewed_at", now}}},
                {"quality", std::move(quality)}};
  });
}

}  // namespace pvf::store
