#include "server/routes.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

nlohmann::json summary(const store::StoredFramework& f) {
  return {{"id", f.id},
          {"key", f.key},
          {"version", f.version},
          {"title", f.title},
          {"in_use", f.in_use},
          {"loaded_at", f.loaded_at},
          {"area_count", f.definition ? f.definition->area_count() : 0}};
}

}  // namespace

void add_framework_routes(const AddRoute& add) {
  add("GET", "/api/v1/frameworks", Access::any_signed_in(), [](Request&, RequestContext& ctx) {
    return respond(store::list_frameworks(ctx.db), [](const auto& list) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& f : list) items.push_back(summary(f));
      return nlohmann::json{{"items", items}};
    });
  });

  add("GET", "/api/v1/frameworks/{id}", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        return respond(store::get_framework(ctx.db, *id), [](const auto& f) {
          nlohmann::json j = summary(f);
          j["definition"] = framework::to_json(*f.definition);
          return j;
        });
      });
}

}  // namespace pvf::server
