// Record linkage: data-sharing agreements, their datasets (CSV uploads), linkage runs started as
// jobs and read back, pairs explained and reviewed. Membership is the store's rule: a non-member
// gets 404 everywhere, as for an unknown id.
#include <cmath>

#include "linkage/settings.h"
#include "server/json_body.h"
#include "server/jobs.h"
#include "server/routes.h"
#include "store/linkage_repo.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

using nlohmann::json;

std::string today() { return store::now_utc().substr(0, 10); }

Response page_response(const Result<store::JsonPage>& page) {
  if (!page) return error_response(rooted(page.error()));
  return Response::json(200, {{"items", page->items},
                              {"next_cursor", page->next_cursor ? json(*page->next_cursor)
                                                                : json(nullptr)}});
}

Result<std::vector<std::string>> string_list(const json& o, std::string_view key) {
  const std::string where = "$." + std::string(key);
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return out;
  if (!it->is_array()) return fail(Error::invalid(std::string(key) + " must be a list of text", where));
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      return fail(Error::invalid("expected text", where + "[" + std::to_string(i) + "]"));
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<std::vector<int64_t>> id_list(const json& o, std::string_view key) {
  const std::string where = "$." + std::string(key);
  std::vector<int64_t> out;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return out;
  if (!it->is_array()) return fail(Error::invalid(std::string(key) + " must be a list of ids", where));
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_number_integer())
      return fail(Error::invalid("expected an id", where + "[" + std::to_string(i) + "]"));
    out.push_back((*it)[i].get<int64_t>());
  }
  return out;
}

Result<store::AgreementInput> agreement_of(const std::string& body) {
  auto parsed = parse_object(body);
  if (!parsed) return fail(parsed.error());
  const json& o = *parsed;
  if (auto s = only_keys(o, {"title", "purpose", "lawful_basis", "parties", "fields",
                             "retain_until", "member_ids"});
      !s)
    return fail(s.error());
  store::AgreementInput in;
  for (auto [key, target] : {std::pair{"title", &in.title}, std::pair{"purpose", &in.purpose},
                             std::pair{"lawful_basis", &in.lawful_basis},
                             std::pair{"retain_until", &in.retain_until}}) {
    auto v = optional_string(o, key);
    if (!v) return fail(v.error());
    *target = v->value_or("");
  }
  auto parties = string_list(o, "parties");
  if (!parties) return fail(parties.error());
  in.parties = std::move(*parties);
  auto fields = string_list(o, "fields");
  if (!fields) return fail(fields.error());
  in.fields = std::move(*fields);
  auto members = id_list(o, "member_ids");
  if (!members) return fail(members.error());
  in.member_ids = std::move(*members);
  return in;
}

// {"dataset_id", "row"} or, where allowed, {"dataset_id", "unique_id"}.
Result<store::RecordRef> record_ref(const json& o, std::string_view key, bool by_id) {
  const std::string where = "$." + std::string(key);
  auto it = o.find(key);
  if (it == o.end() || !it->is_object())
    return fail(Error::invalid(std::string(key) + " must be {dataset_id, row}" +
                                   (by_id ? " or {dataset_id, unique_id}" : ""),
                               where));
  const json& r = *it;
  for (const auto& [k, v] : r.items()) {
    (void)v;
    if (k != "dataset_id" && k != "row" && !(by_id && k == "unique_id"))
      return fail(Error::invalid("unknown key '" + k + "'", where + "." + k));
  }
  store::RecordRef ref;
  auto dataset = r.find("dataset_id");
  if (dataset == r.end() || !dataset->is_number_integer())
    return fail(Error::invalid("dataset_id must be an id", where + ".dataset_id"));
  ref.dataset_id = dataset->get<int64_t>();
  auto row = r.find("row");
  auto uid = r.find("unique_id");
  if (row != r.end() && !row->is_null()) {
    if (!row->is_number_integer()) return fail(Error::invalid("row must be a whole number", where + ".row"));
    ref.row = row->get<int64_t>();
  } else if (by_id && uid != r.end() && uid->is_string()) {
    ref.unique_id = uid->get<std::string>();
  } else {
    return fail(Error::invalid(by_id ? "give row or unique_id" : "give row", where));
  }
  return ref;
}

Result<std::optional<double>> query_number(const std::optional<std::string>& value,
                                           std::string_view name) {
  if (!value || value->empty()) return std::optional<double>();
  char* end = nullptr;
  const double x = std::strtod(value->c_str(), &end);
  if (end != value->c_str() + value->size() || !std::isfinite(x))
    return fail(Error::invalid(std::string(name) + " must be a number", std::string(name)));
  return std::optional<double>(x);
}

Result<int> query_limit(const Request& req, int fallback) {
  auto limit = query_int(req.query_param("limit"), "limit");
  if (!limit) return fail(limit.error());
  return *limit ? static_cast<int>(std::clamp<int64_t>(**limit, 1, 1000)) : fallback;
}

Response created(const Result<json>& r) { return r ? Response::json(201, *r) : error_response(rooted(r.error())); }
Response ok(const Result<json>& r) { return r ? Response::json(200, *r) : error_response(rooted(r.error())); }
Response no_content(const Status& s) { return s ? Response::text(204, "") : error_response(s.error()); }

}  // namespace

void add_linkage_routes(const AddRoute& add, JobRunner& jobs, const std::string& db_path,
                        const crypto::DataKey& key) {
  const Access any = Access::any_signed_in();
  const Access admins = Access::only({Role::admin});
  // Who may work with person data: every role but viewer (read-only everywhere); membership of
  // the agreement then decides, in the store.
  const Access workers =
      Access::only({Role::admin, Role::treasury_analyst, Role::body_lead, Role::assessor});

  add("GET", "/api/v1/linkage-methods", any,
      [](Request&, RequestContext&) { return Response::json(200, linkage::linkage_methods_json()); });

  add("GET", "/api/v1/sharing-agreements", any, [](Request&, RequestContext& ctx) {
    auto items = store::list_agreements(ctx.db, ctx.actor, today());
    if (!items) return error_response(items.error());
    return Response::json(200, {{"items", *items}});
  });
  add("POST", "/api/v1/sharing-agreements", admins, [](Request& req, RequestContext& ctx) {
    auto in = agreement_of(req.body);
    if (!in) return error_response(in.error());
    return created(store::create_agreement(ctx.db, ctx.actor, *in, today()));
  });
  add("GET", "/api/v1/sharing-agreements/{id}", any, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    return ok(store::get_agreement(ctx.db, ctx.actor, *id, today()));
  });
  add("PUT", "/api/v1/sharing-agreements/{id}/members", admins, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto o = parse_object(req.body);
    if (!o) return error_response(o.error());
    if (auto s = only_keys(*o, {"user_ids"}); !s) return error_response(s.error());
    // Required, even empty: a missing list must not silently remove every member.
    if (!o->contains("user_ids") || !(*o)["user_ids"].is_array())
      return error_response(Error::invalid("user_ids must be the list of members' user ids ([] "
                                           "for none)",
                                           "$.user_ids"));
    auto ids = id_list(*o, "user_ids");
    if (!ids) return error_response(ids.error());
    return ok(store::set_agreement_members(ctx.db, ctx.actor, *id, *ids, today()));
  });
  add("DELETE", "/api/v1/sharing-agreements/{id}", admins, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    return no_content(store::delete_agreement(ctx.db, ctx.actor, *id));
  });

  add("GET", "/api/v1/sharing-agreements/{id}/datasets", any, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto items = store::list_datasets(ctx.db, ctx.actor, *id, today());
    if (!items) return error_response(items.error());
    return Response::json(200, {{"items", *items}});
  });
  add("POST", "/api/v1/sharing-agreements/{id}/datasets", workers,
      [&key](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        store::DatasetUpload up{req.query_param("name").value_or(""),
                                req.query_param("party").value_or(""),
                                req.query_param("id_column").value_or(""), std::move(req.body)};
        auto made = store::create_dataset(ctx.db, key, ctx.actor, *id, up, today());
        up.csv.clear();
        // Not rooted: the problems name query parameters and file:line:column, as imports do.
        return made ? Response::json(201, *made) : error_response(made.error());
      });
  add("DELETE", "/api/v1/linkage-datasets/{id}", workers, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    return no_content(store::delete_dataset(ctx.db, ctx.actor, *id, today()));
  });

  add("POST", "/api/v1/linkage-runs", workers, [&jobs, &key, db_path](Request& req, RequestContext& ctx) {
    auto o = parse_object(req.body);
    if (!o) return error_response(o.error());
    if (auto s = only_keys(*o, {"title", "dataset_ids", "settings"}); !s) return error_response(s.error());
    store::LinkageRunSpec spec;
    auto title = optional_string(*o, "title");
    if (!title) return error_response(title.error());
    spec.title = title->value_or("");
    auto ids = id_list(*o, "dataset_ids");
    if (!ids) return error_response(ids.error());
    spec.dataset_ids = *ids;
    if (auto s = o->find("settings"); s != o->end() && !s->is_null()) {
      if (!s->is_object())
        return error_response(Error::invalid("settings must be pvf link's settings object or null",
                                             "$.settings"));
      spec.settings = *s;
    }
    // Refused at once rather than as a failed job: the form shows the problems in place.
    auto plan = store::check_linkage_run(ctx.db, ctx.actor, spec, today());
    if (!plan) return error_response(rooted(plan.error()));
    const store::Actor actor = ctx.actor;
    JobWork work = [db_path, actor, &key, plan = *plan](JobContext& job) -> Result<json> {
      auto db = store::Database::open(db_path);
      if (!db) return fail(db.error());
      auto id = store::run_linkage_job(
          **db, key, actor, plan, today(),
          [&job](std::string_view stage, uint64_t done, uint64_t total) {
            job.report(done, total, stage);
            return !job.stop_requested();
          });
      if (!id) return fail(rooted(id.error()));
      job.report(1, 1, "Stored the results");
      return json{{"linkage_run_id", *id}};
    };
    return accept_job(jobs, "linkage", ctx.user->id, std::move(work));
  });

  add("GET", "/api/v1/linkage-runs", any, [](Request& req, RequestContext& ctx) {
    store::LinkageRunFilter f;
    auto agreement = query_id(req.query_param("agreement"), "agreement");
    if (!agreement) return error_response(agreement.error());
    f.agreement_id = *agreement;
    auto limit = query_limit(req, 50);
    if (!limit) return error_response(limit.error());
    f.limit = *limit;
    auto cursor = query_id(req.query_param("cursor"), "cursor");
    if (!cursor) return error_response(cursor.error());
    f.before_id = *cursor;
    return page_response(store::list_linkage_runs(ctx.db, ctx.actor, f, today()));
  });
  add("GET", "/api/v1/linkage-runs/{id}", any, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    return ok(store::get_linkage_run(ctx.db, ctx.actor, *id, today()));
  });
  add("DELETE", "/api/v1/linkage-runs/{id}", workers, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    return no_content(store::delete_linkage_run(ctx.db, ctx.actor, *id, today()));
  });

  add("GET", "/api/v1/linkage-runs/{id}/pairs", any, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    const std::string format = req.query_param("format").value_or("json");
    if (format == "csv") {
      auto file = store::linkage_pairs_csv(ctx.db, ctx.actor, *id, today());
      if (!file) return error_response(file.error());
      Response r = Response::text(200, std::move(file->text), "text/csv; charset=utf-8");
      r.set_header("Content-Disposition", "attachment; filename=\"" + file->filename + "\"");
      return r;
    }
    if (format != "json") return error_response(Error::invalid("format must be json or csv", "format"));
    store::PairFilter f;
    auto min = query_number(req.query_param("min_weight"), "min_weight");
    if (!min) return error_response(min.error());
    auto max = query_number(req.query_param("max_weight"), "max_weight");
    if (!max) return error_response(max.error());
    f.min_weight = *min;
    f.max_weight = *max;
    auto limit = query_limit(req, 50);
    if (!limit) return error_response(limit.error());
    f.limit = *limit;
    f.cursor = req.query_param("cursor");
    return page_response(store::list_linkage_pairs(ctx.db, ctx.actor, *id, f, today()));
  });

  add("POST", "/api/v1/linkage-runs/{id}/explain", workers, [&key](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto o = parse_object(req.body);
    if (!o) return error_response(o.error());
    if (auto s = only_keys(*o, {"left", "right"}); !s) return error_response(s.error());
    auto left = record_ref(*o, "left", true);
    if (!left) return error_response(left.error());
    auto right = record_ref(*o, "right", true);
    if (!right) return error_response(right.error());
    return ok(store::explain_linkage_pair(ctx.db, key, ctx.actor, *id, *left, *right, today()));
  });

  add("GET", "/api/v1/linkage-runs/{id}/clusters", any, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    store::ClusterFilter f;
    auto min = query_int(req.query_param("min_size"), "min_size");
    if (!min) return error_response(min.error());
    if (*min) f.min_size = static_cast<int>(std::clamp<int64_t>(**min, -1, 1 << 30));
    auto limit = query_limit(req, 50);
    if (!limit) return error_response(limit.error());
    f.limit = *limit;
    f.cursor = req.query_param("cursor");
    return page_response(store::list_linkage_clusters(ctx.db, ctx.actor, *id, f, today()));
  });
  add("GET", "/api/v1/linkage-runs/{id}/clusters/{cluster}", any,
      [&key](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto text = req.param("cluster").value_or("");
        char* end = nullptr;
        const long long cluster = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || end != text.c_str() + text.size() || cluster < 0)
          return error_response(Error::not_found("no such cluster: '" + text + "'"));
        return ok(store::get_linkage_cluster(ctx.db, key, ctx.actor, *id, cluster, today()));
      });
  add("GET", "/api/v1/linkage-runs/{id}/review", any, [&key](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto limit = query_limit(req, 20);
    if (!limit) return error_response(limit.error());
    return ok(store::linkage_review_queue(ctx.db, key, ctx.actor, *id, *limit, today()));
  });
  add("POST", "/api/v1/linkage-runs/{id}/reviews", workers, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto o = parse_object(req.body);
    if (!o) return error_response(o.error());
    if (auto s = only_keys(*o, {"left", "right", "label"}); !s) return error_response(s.error());
    auto left = record_ref(*o, "left", false);
    if (!left) return error_response(left.error());
    auto right = record_ref(*o, "right", false);
    if (!right) return error_response(right.error());
    auto label = required_string(*o, "label");
    if (!label) return error_response(label.error());
    if (*label != "match" && *label != "non_match")
      return error_response(Error::invalid("label must be match or non_match", "$.label"));
    return created(store::review_linkage_pair(ctx.db, ctx.actor, *id, *left, *right,
                                              *label == "match", today()));
  });
}

}  // namespace pvf::server
