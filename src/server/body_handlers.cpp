#include "core/csv.h"
#include "server/json_body.h"
#include "server/routes.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

Result<store::BodyInput> body_input(const std::string& text) {
  auto o = parse_object(text);
  if (!o) return fail(o.error());
  if (auto s = only_keys(*o, {"code", "name", "type", "subtype", "region", "parent_id"}); !s)
    return fail(s.error());
  store::BodyInput in;
  auto name = required_string(*o, "name");
  if (!name) return fail(name.error());
  auto type = required_string(*o, "type");
  if (!type) return fail(type.error());
  auto code = optional_string(*o, "code");
  if (!code) return fail(code.error());
  auto subtype = optional_string(*o, "subtype");
  if (!subtype) return fail(subtype.error());
  auto region = optional_string(*o, "region");
  if (!region) return fail(region.error());
  auto parent = optional_int(*o, "parent_id");
  if (!parent) return fail(parent.error());
  in.name = *name;
  in.type = *type;
  in.code = *code;
  in.subtype = *subtype;
  in.region = *region;
  in.parent_id = *parent;
  if (in.code && in.code->empty()) in.code.reset();
  if (in.subtype && in.subtype->empty()) in.subtype.reset();
  if (in.region && in.region->empty()) in.region.reset();
  return in;
}

const Access kEditors = Access::only({Role::admin, Role::treasury_analyst});

}  // namespace

void add_body_routes(const AddRoute& add) {
  add("GET", "/api/v1/bodies", Access::any_signed_in(), [](Request& req, RequestContext& ctx) {
    store::BodyFilter filter;
    filter.type = req.query_param("type");
    if (filter.type && filter.type->empty()) filter.type.reset();
    filter.search = req.query_param("q");
    if (filter.search && filter.search->empty()) filter.search.reset();
    return respond(store::list_bodies(ctx.db, filter), [](const auto& list) { return items_json(list); });
  });

  add("POST", "/api/v1/bodies", kEditors, [](Request& req, RequestContext& ctx) {
    auto in = body_input(req.body);
    if (!in) return error_response(in.error());
    return respond(store::create_body(ctx.db, ctx.actor, *in),
                   [](const auto& b) { return store::to_json(b); }, 201);
  });

  add("GET", "/api/v1/bodies/{id}", Access::any_signed_in(), [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    return respond(store::get_body(ctx.db, *id), [](const auto& b) { return store::to_json(b); });
  });

  add("PUT", "/api/v1/bodies/{id}", kEditors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto in = body_input(req.body);
    if (!in) return error_response(in.error());
    return respond(store::update_body(ctx.db, ctx.actor, *id, *in),
                   [](const auto& b) { return store::to_json(b); });
  });

  add("POST", "/api/v1/bodies/import", kEditors, [](Request& req, RequestContext& ctx) {
    const std::string name = req.query_param("filename").value_or("upload.csv");
    auto table = csv::parse(req.body, name);
    if (!table) return error_response(table.error());
    return respond(store::import_bodies(ctx.db, ctx.actor, *table), [](const auto& s) {
      return nlohmann::json{{"created", s.created}, {"updated", s.updated}};
    });
  });
}

}  // namespace pvf::server
