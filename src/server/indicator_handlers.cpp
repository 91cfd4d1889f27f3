// /indicators, their comparison and series, and observation exports.
#include "server/json_body.h"
#include "server/measure_views.h"
#include "server/observations_export.h"
#include "server/routes.h"
#include "server/export.h"
#include "server/generation_cache.h"
#include "store/indicators_repo.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

using nlohmann::json;

const Access kEditors = Access::only({Role::admin, Role::treasury_analyst});

struct ComparisonCaches {
  GenerationCache<std::string, std::shared_ptr<const store::IndicatorSummary>> summaries{1024};
  GenerationCache<int, std::shared_ptr<const BodyDirectory>> directory{1};
  GenerationCache<std::string, std::shared_ptr<const store::ResolvedGroup>> groups{256};
  GenerationCache<std::string, std::shared_ptr<const ComparisonText>> comparisons{4096};
};

// Looks `key` up in `cache` for `generation`, else computes it with `load` and keeps it. With
// no generation (the counter could not be read) nothing is cached.
template <typename Cache, typename Key, typename Load>
auto through(Cache& cache, const Key& key, const Result<int64_t>& generation, Load load)
    -> decltype(load()) {
  if (generation)
    if (auto hit = cache.find(key, *generation)) return *hit;
  auto value = load();
  if (value && generation) cache.put(key, *generation, *value);
  return value;
}

template <typename T>
Result<std::shared_ptr<const T>> shared(Result<T> r) {
  if (!r) return fail(r.error());
  return std::make_shared<const T>(std::move(*r));
}

Result<std::shared_ptr<const ComparisonText>> cached_comparison(
    ComparisonCaches& caches, store::Database& db, const std::string& indicator_key,
    const std::optional<std::string>& period, const store::GroupSelector& selector) {
  const auto generation = store::measure_generation(db);
  // type and region groups depend on the chosen body, so they are kept per body.
  const bool per_body = selector.scope == store::GroupScope::same_type ||
                        selector.scope == store::GroupScope::same_region;
  const std::string group_key = std::string(store::to_string(selector.scope)) + ':' +
                                std::to_string(selector.group_id.value_or(0)) + ':' +
                                (per_body ? std::to_string(selector.body_id.value_or(0)) : "");
  return through(caches.comparisons, indicator_key + '\n' + period.value_or("") + '\n' + group_key,
                 generation, [&]() -> Result<std::shared_ptr<const ComparisonText>> {
    auto summary = through(caches.summaries, indicator_key, generation, [&] {
      return shared(store::get_indicator_summary(db, indicator_key));
    });
    if (!summary) return fail(summary.error());
    auto directory = through(caches.directory, 0, generation,
                             [&] { return shared(load_body_directory(db)); });
    if (!directory) return fail(directory.error());
    auto group = through(caches.groups, group_key, generation,
                         [&] { return shared(store::resolve_group(db, selector)); });
    if (!group) return fail(group.error());
    return shared(comparison_text(db, **summary, period, selector, **group, **directory));
  });
}

Result<measure::IndicatorDef> indicator_input(const std::string& key, const std::string& text) {
  auto o = parse_object(text);
  if (!o) return fail(o.error());
  if (auto s = only_keys(*o, {"name", "unit", "polarity", "frequency", "area_key", "source"}); !s)
    return fail(s.error());
  measure::IndicatorDef def;
  def.key = key;
  auto name = required_string(*o, "name");
  if (!name) return fail(name.error());
  def.name = *name;
  auto polarity_text = required_string(*o, "polarity");
  if (!polarity_text) return fail(polarity_text.error());
  auto polarity = measure::parse_polarity(*polarity_text);
  if (!polarity || polarity_text->empty())
    return fail(Error::invalid("polarity must be higher, lower or neutral", "$.polarity"));
  def.polarity = *polarity;
  for (auto [field, target] : {std::pair<const char*, std::string*>{"unit", &def.unit},
                               {"area_key", &def.area_key},
                               {"source", &def.source}}) {
    auto v = optional_string(*o, field);
    if (!v) return fail(v.error());
    *target = v->value_or("");
  }
  auto frequency = optional_string(*o, "frequency");
  if (!frequency) return fail(frequency.error());
  if (*frequency) {
    auto f = measure::parse_frequency(**frequency);
    if (!f) return fail(Error::invalid(f.error().message, "$.frequency"));
    def.frequency = *f;
  }
  if (auto s = measure::validate(def); !s) {
    Error e = s.error();
    for (auto& d : e.details) d.where = "$." + d.where;
    if (!e.details.empty()) e.where = e.details.front().where;
    return fail(std::move(e));
  }
  return def;
}

Response download(std::string body, std::string content_type, const std::string& filename) {
  Response r = Response::text(200, std::move(body), std::move(content_type));
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

Result<store::GroupSelector> selector_of(const Request& req, std::optional<int64_t> body,
                                         store::GroupScope fallback) {
  return group_selector(req.query_param("group"), req.query_param("group_id"), body, fallback);
}

}  // namespace

void add_indicator_routes(const AddRoute& add) {
  add("GET", "/api/v1/indicators", Access::any_signed_in(), [](Request&, RequestContext& ctx) {
    return respond(store::list_indicators(ctx.db), [](const auto& list) { return items_json(list); });
  });

  add("GET", "/api/v1/indicators/{key}", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        return respond(store::get_indicator_summary(ctx.db, req.param("key").value_or("")),
                       [](const auto& s) { return store::to_json(s); });
      });

  add("PUT", "/api/v1/indicators/{key}", kEditors, [](Request& req, RequestContext& ctx) {
    const std::string key = req.param("key").value_or("");
    auto def = indicator_input(key, req.body);
    if (!def) return error_response(def.error());
    auto stored = store::upsert_indicator(ctx.db, ctx.actor, *def);
    if (!stored) return error_response(stored.error());
    return respond(store::get_indicator_summary(ctx.db, key),
                   [](const auto& s) { return store::to_json(s); });
  });

  // Everything a comparison needs that does not depend on the period is cached by measure
  // generation and shared by the server's threads: the indicator's summary, the body directory
  // and the resolved group; and each computed comparison, serialised, per indicator x period x
  // group, so every body that looks at the same comparison shares one answer.
  auto caches = std::make_shared<ComparisonCaches>();
  add("GET", "/api/v1/indicators/{key}/comparison", Access::any_signed_in(),
      [caches](Request& req, RequestContext& ctx) {
        auto body = query_id(req.query_param("body"), "body");
        if (!body) return error_response(body.error());
        auto selector = selector_of(req, *body, store::GroupScope::all);
        if (!selector) return error_response(selector.error());
        if (*body)
          if (auto b = store::get_body(ctx.db, **body); !b) return error_response(b.error());
        auto text = cached_comparison(*caches, ctx.db, req.param("key").value_or(""),
                                      req.query_param("period"), *selector);
        if (!text) return error_response(text.error());
        return Response::text(200, (*text)->with_body(*body), "application/json");
      });

  add("GET", "/api/v1/indicators/{key}/series", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto body = query_id(req.query_param("body"), "body");
        if (!body) return error_response(body.error());
        if (!*body) return error_response(Error::invalid("body is required", "body"));
        auto selector = selector_of(req, *body, store::GroupScope::all);
        if (!selector) return error_response(selector.error());
        return respond(series_view(ctx.db, req.param("key").value_or(""), **body, *selector),
                       [](json j) { return j; });
      });

  add("GET", "/api/v1/observations/export", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        const std::string format = req.query_param("format").value_or("csv");
        if (format != "csv" && format != "xlsx")
          return error_response(Error::invalid("format must be csv or xlsx", "format"));
        store::ObservationFilter filter;
        std::string stem = "observations";
        if (auto key = req.query_param("indicator"); key && !key->empty()) {
          auto ind = store::get_indicator(ctx.db, *key);
          if (!ind) return error_response(ind.error());
          filter.indicator_id = ind->id;
          stem += "-" + *key;
        }
        auto body = query_id(req.query_param("body"), "body");
        if (!body) return error_response(body.error());
        if (*body) {
          auto b = store::get_body(ctx.db, **body);
          if (!b) return error_response(b.error());
          filter.body_id = b->id;
          stem += "-" + b->name;
        }
        stem = file_stem(stem);
        if (format == "csv") {
          auto text = observations_csv(ctx.db, filter);
          if (!text) return error_response(text.error());
          return download(std::move(*text), "text/csv; charset=utf-8", stem + ".csv");
        }
        auto bytes = observations_xlsx(ctx.db, filter);
        if (!bytes) return error_response(bytes.error());
        return download(std::move(*bytes),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        stem + ".xlsx");
      });
}

}  // namespace pvf::server
