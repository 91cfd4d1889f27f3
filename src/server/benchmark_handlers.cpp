// Benchmarking: the model registry, the variables a run can use, runs started as jobs and read
// back (JSON or CSV), and nearest-neighbour peer groups from stored indicators.
#include <cmath>

#include "benchmark/dea_models.h"
#include "server/json_body.h"
#include "server/jobs.h"
#include "server/routes.h"
#include "store/benchmark_repo.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

using nlohmann::json;

const Access kEditors = Access::only({Role::admin, Role::treasury_analyst});

Result<bool> optional_bool(const json& o, std::string_view key, bool fallback) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return fallback;
  if (!it->is_boolean())
    return fail(Error::invalid(std::string(key) + " must be true or false", std::string("$.") + std::string(key)));
  return it->get<bool>();
}

Result<std::vector<store::VariableRef>> variable_list(const json& o, std::string_view key) {
  const std::string where = std::string("$.") + std::string(key);
  auto it = o.find(key);
  std::vector<store::VariableRef> out;
  if (it == o.end() || it->is_null()) return out;
  if (!it->is_array())
    return fail(Error::invalid(std::string(key) + " must be a list of {source, key}", where));
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!v.is_object()) return fail(Error::invalid("expected {source, key}", at));
    if (auto s = only_keys(v, {"source", "key"}); !s) {
      Error e = s.error();
      e.where = at + e.where.substr(1);
      return fail(e);
    }
    auto source_it = v.find("source");
    std::optional<store::VariableSource> source;
    if (source_it != v.end() && source_it->is_string())
      source = store::parse_variable_source(source_it->get<std::string>());
    if (!source)
      return fail(Error::invalid("source must be spending, activity or indicator", at + ".source"));
    store::VariableRef ref{*source, std::nullopt};
    auto key_it = v.find("key");
    if (key_it != v.end() && !key_it->is_null()) {
      if (!key_it->is_string()) return fail(Error::invalid("key must be text or null", at + ".key"));
      ref.key = key_it->get<std::string>();
    }
    out.push_back(std::move(ref));
  }
  return out;
}

Result<store::GroupSelector> group_of(const json& o, std::string_view body_key) {
  store::GroupSelector g;
  auto scope = optional_string(o, "group");
  if (!scope) return fail(scope.error());
  if (*scope) {
    auto parsed = store::parse_group_scope(**scope);
    if (!parsed) return fail(Error::invalid(parsed.error().message, "$.group"));
    g.scope = *parsed;
  }
  auto group_id = optional_int(o, "group_id");
  if (!group_id) return fail(group_id.error());
  g.group_id = *group_id;
  auto body = optional_int(o, body_key);
  if (!body) return fail(body.error());
  g.body_id = *body;
  return g;
}

// A request's spec, and the bad choices found in it (a value outside a list), which are
// reported together with the store's checks rather than one at a time.
struct ParsedSpec {
  store::BenchmarkSpec spec;
  std::vector<ErrorDetail> choices;
};

Result<ParsedSpec> spec_of(const std::string& text) {
  std::vector<ErrorDetail> choices;
  auto o = parse_object(text);
  if (!o) return fail(o.error());
  if (auto s = only_keys(*o, {"kind", "title", "period", "periods", "group", "group_id", "body",
                              "inputs", "outputs", "rts", "orientation", "slacks",
                              "super_efficiency", "bootstrap", "seed"});
      !s)
    return fail(s.error());
  store::BenchmarkSpec spec;
  auto kind = required_string(*o, "kind");
  if (!kind) return fail(kind.error());
  if (*kind == "malmquist") spec.kind = store::BenchmarkKind::malmquist;
  else if (*kind != "dea") return fail(Error::invalid("kind must be dea or malmquist", "$.kind"));
  auto title = optional_string(*o, "title");
  if (!title) return fail(title.error());
  spec.title = title->value_or("");
  if (spec.kind == store::BenchmarkKind::dea) {
    auto period = optional_string(*o, "period");
    if (!period) return fail(period.error());
    if (*period) spec.periods = {**period};
  } else {
    auto it = o->find("periods");
    if (it != o->end() && !it->is_null()) {
      if (!it->is_array()) return fail(Error::invalid("periods must be a list", "$.periods"));
      for (size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
          return fail(Error::invalid("a period is text such as 2023-24",
                                     std::string("$.periods[") + std::to_string(i) + "]"));
        spec.periods.push_back((*it)[i].get<std::string>());
      }
    }
  }
  auto group = group_of(*o, "body");
  if (!group) {
    if (group.error().where != "$.group") return fail(group.error());
    choices.push_back({"$.group", group.error().message});
  } else {
    spec.group = *group;
  }
  auto inputs = variable_list(*o, "inputs");
  if (!inputs) return fail(inputs.error());
  spec.inputs = std::move(*inputs);
  auto outputs = variable_list(*o, "outputs");
  if (!outputs) return fail(outputs.error());
  spec.outputs = std::move(*outputs);
  auto rts = optional_string(*o, "rts");
  if (!rts) return fail(rts.error());
  if (*rts) {
    auto parsed = benchmark::parse_returns_to_scale(**rts);
    if (!parsed)
      choices.push_back({"$.rts", std::string("rts must be ") +
                                      std::string(benchmark::returns_to_scale_choices())});
    else
      spec.rts = *parsed;
  }
  auto orientation = optional_string(*o, "orientation");
  if (!orientation) return fail(orientation.error());
  if (*orientation) {
    auto parsed = benchmark::parse_orientation(**orientation);
    if (!parsed)
      choices.push_back({"$.orientation", std::string("orientation must be ") +
                                              std::string(benchmark::orientation_choices())});
    else
      spec.orientation = *parsed;
  }
  auto slacks = optional_bool(*o, "slacks", false);
  if (!slacks) return fail(slacks.error());
  spec.slacks = *slacks;
  auto super = optional_bool(*o, "super_efficiency", false);
  if (!super) return fail(super.error());
  spec.super_efficiency = *super;
  auto bootstrap = optional_int(*o, "bootstrap");
  if (!bootstrap) return fail(bootstrap.error());
  if (*bootstrap && (**bootstrap < 0 || **bootstrap > 1000000))
    return fail(Error::invalid("bootstrap must be 0 or a number of replicates", "$.bootstrap"));
  spec.bootstrap = static_cast<int>(bootstrap->value_or(0));
  auto seed = optional_int(*o, "seed");
  if (!seed) return fail(seed.error());
  spec.seed = seed->value_or(1);
  return ParsedSpec{std::move(spec), std::move(choices)};
}

Result<store::NeighboursRequest> neighbours_request_of(const std::string& text) {
  auto o = parse_object(text);
  if (!o) return fail(o.error());
  if (auto s = only_keys(*o, {"body_id", "indicators", "weights", "period", "k", "group",
                              "group_id", "save", "name"});
      !s)
    return fail(s.error());
  store::NeighboursRequest r;
  auto body = required_int(*o, "body_id");
  if (!body) return fail(body.error());
  r.body_id = *body;
  auto it = o->find("indicators");
  if (it == o->end() || !it->is_array())
    return fail(Error::invalid("indicators must be a list of indicator keys", "$.indicators"));
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      return fail(Error::invalid("an indicator key is text",
                                 std::string("$.indicators[") + std::to_string(i) + "]"));
    r.indicators.push_back((*it)[i].get<std::string>());
  }
  auto w = o->find("weights");
  if (w != o->end() && !w->is_null()) {
    if (!w->is_array()) return fail(Error::invalid("weights must be a list of numbers", "$.weights"));
    for (size_t i = 0; i < w->size(); ++i) {
      if (!(*w)[i].is_number())
        return fail(Error::invalid("a weight is a number", std::string("$.weights[") + std::to_string(i) + "]"));
      r.weights.push_back((*w)[i].get<double>());
    }
  }
  auto period = required_string(*o, "period");
  if (!period) return fail(period.error());
  r.period = *period;
  auto k = optional_int(*o, "k");
  if (!k) return fail(k.error());
  if (*k) {
    if (**k < 1 || **k > 1000) return fail(Error::invalid("k must be 1 to 1000", "$.k"));
    r.k = static_cast<int>(**k);
  }
  auto group = group_of(*o, "body_id");
  if (!group) return fail(group.error());
  r.group = *group;
  r.group.body_id = r.body_id;
  auto save = optional_bool(*o, "save", true);
  if (!save) return fail(save.error());
  r.save = *save;
  auto name = optional_string(*o, "name");
  if (!name) return fail(name.error());
  r.name = name->value_or("");
  return r;
}

json models_json() {
  json rts = json::array(), orientations = json::array(), sources = json::array();
  for (const auto& m : benchmark::returns_to_scale_models())
    rts.push_back({{"key", m.name}, {"title", m.title}, {"description", m.description}});
  for (const auto& o : benchmark::orientations())
    orientations.push_back({{"key", o.name}, {"title", o.title}, {"description", o.description}});
  for (const auto& s : store::variable_sources())
    sources.push_back({{"key", s.name}, {"title", s.title}, {"description", s.description}});
  return {{"returns_to_scale", rts},
          {"orientations", orientations},
          {"sources", sources},
          {"max_bootstrap", store::kMaxBootstrap}};
}

}  // namespace

void add_benchmark_routes(const AddRoute& add, JobRunner& jobs, const std::string& db_path) {
  const Access any = Access::any_signed_in();
  add("GET", "/api/v1/benchmark-models", any,
      [](Request&, RequestContext&) { return Response::json(200, models_json()); });

  add("GET", "/api/v1/benchmark-variables", any, [](Request&, RequestContext& ctx) {
    return respond(store::benchmark_variables(ctx.db), [](const auto& list) {
      json items = json::array();
      for (const auto& v : list) items.push_back(store::to_json(v));
      return json{{"items", items}};
    });
  });

  add("POST", "/api/v1/benchmarks", kEditors,
      [&jobs, db_path](Request& req, RequestContext& ctx) {
        auto parsed = spec_of(req.body);
        if (!parsed) return error_response(parsed.error());
        // Refused at once rather than as a failed job: the form shows the problems in place.
        auto spec = store::check_benchmark_spec(ctx.db, parsed->spec);
        if (!spec || !parsed->choices.empty()) {
          std::vector<ErrorDetail> all = parsed->choices;
          if (!spec) {
            if (spec.error().code != ErrorCode::invalid_input) return error_response(spec.error());
            Error e = rooted(spec.error());
            if (e.details.empty()) e.details.push_back({e.where, e.message});
            all.insert(all.end(), e.details.begin(), e.details.end());
          }
          const std::string summary = std::string("the benchmark request has ") +
                                      std::to_string(all.size()) + " problems";
          return error_response(Error::invalid_all(std::move(all), summary));
        }
        const store::Actor actor = ctx.actor;
        // The job leases nothing from the request: it opens its own connection, as the request's
        // goes back to the pool when this handler returns.
        JobWork work = [db_path, actor, spec = *spec](JobContext& job) -> Result<json> {
          auto db = store::Database::open(db_path);
          if (!db) return fail(db.error());
          auto id = store::run_benchmark(
              **db, actor, spec, [&job](std::string_view stage, uint64_t done, uint64_t total) {
                job.report(done, total, stage);
                return !job.stop_requested();
              });
          if (!id) return fail(rooted(id.error()));
          job.report(1, 1, "Stored the results");  // the final state reads complete, not 0 of 0
          return json{{"benchmark_id", *id}};
        };
        return accept_job(jobs, store::to_string(spec->kind), ctx.user->id, std::move(work));
      });

  add("GET", "/api/v1/benchmarks", any, [](Request& req, RequestContext& ctx) {
    store::BenchmarkFilter f;
    if (auto kind = req.query_param("kind"); kind && !kind->empty()) {
      if (*kind == "dea") f.kind = store::BenchmarkKind::dea;
      else if (*kind == "malmquist") f.kind = store::BenchmarkKind::malmquist;
      else return error_response(Error::invalid("kind must be dea or malmquist", "kind"));
    }
    auto body = query_id(req.query_param("body"), "body");
    if (!body) return error_response(body.error());
    f.body_id = *body;
    auto limit = query_int(req.query_param("limit"), "limit");
    if (!limit) return error_response(limit.error());
    if (*limit) f.limit = static_cast<int>(std::clamp<int64_t>(**limit, 1, 200));
    auto cursor = query_id(req.query_param("cursor"), "cursor");
    if (!cursor) return error_response(cursor.error());
    f.before_id = *cursor;
    auto page = store::list_benchmarks(ctx.db, f);
    if (!page) return error_response(page.error());
    return Response::json(200, {{"items", page->items},
                                {"next_cursor", page->next_cursor
                                                    ? json(std::to_string(*page->next_cursor))
                                                    : json(nullptr)}});
  });

  add("GET", "/api/v1/benchmarks/{id}", any, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    const std::string format = req.query_param("format").value_or("json");
    if (format == "csv") {
      auto file = store::benchmark_csv(ctx.db, *id);
      if (!file) return error_response(file.error());
      Response r = Response::text(200, std::move(file->text), "text/csv; charset=utf-8");
      r.set_header("Content-Disposition", "attachment; filename=\"" + file->filename + "\"");
      return r;
    }
    if (format != "json")
      return error_response(Error::invalid("format must be json or csv", "format"));
    return respond(store::get_benchmark(ctx.db, *id), [](const json& j) { return j; });
  });

  add("DELETE", "/api/v1/benchmarks/{id}", kEditors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    if (auto s = store::delete_benchmark(ctx.db, ctx.actor, *id); !s) return error_response(s.error());
    return Response::text(204, "");
  });

  add("POST", "/api/v1/comparison-groups/nearest-neighbours", kEditors,
      [](Request& req, RequestContext& ctx) {
        auto request = neighbours_request_of(req.body);
        if (!request) return error_response(request.error());
        auto result = store::nearest_neighbours(ctx.db, ctx.actor, *request);
        if (!result) return error_response(rooted(result.error()));
        return Response::json(request->save ? 201 : 200, *result);
      });
}

}  // namespace pvf::server
