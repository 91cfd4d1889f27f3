#include "server/routes.h"

namespace pvf::server {

void add_health_routes(const AddRoute& add) {
  add("GET", "/api/v1/health", Access::public_access(), [](Request&, RequestContext& ctx) {
    return Response::json(200, {{"status", "ok"},
                                {"version", PVF_VERSION},
                                {"schema_version", ctx.db.schema_version()}});
  });
}

}  // namespace pvf::server
