// Accounts and the audit log: admin only.
#include <algorithm>
#include "core/crypto.h"
#include "server/json_body.h"
#include "server/routes.h"
#include "store/repositories.h"

namespace pvf::server {

void add_admin_routes(const AddRoute& add) {
  const Access admins = Access::only({Role::admin});

  add("GET", "/api/v1/users", admins, [](Request&, RequestContext& ctx) {
    return respond(store::list_users(ctx.db), [](const auto& list) { return items_json(list); });
  });

  add("POST", "/api/v1/users", admins, [](Request& req, RequestContext& ctx) {
    auto o = parse_object(req.body);
    if (!o) return error_response(o.error());
    if (auto s = only_keys(*o, {"username", "display_name", "role", "body_id", "password"}); !s)
      return error_response(s.error());
    auto username = required_string(*o, "username");
    if (!username) return error_response(username.error());
    auto display = optional_string(*o, "display_name");
    if (!display) return error_response(display.error());
    auto role_text = required_string(*o, "role");
    if (!role_text) return error_response(role_text.error());
    auto role = parse_role(*role_text);
    if (!role)
      return error_response(Error::invalid(
          "role must be admin, treasury_analyst, body_lead, assessor or viewer", "$.role"));
    auto body_id = optional_int(*o, "body_id");
    if (!body_id) return error_response(body_id.error());
    auto password = required_string(*o, "password");
    if (!password) return error_response(password.error());
    if (password->size() < 10)
      return error_response(
          Error::invalid("password must be at least 10 characters", "$.password"));
    auto hash = crypto::hash_password(*password);
    if (!hash) return error_response(hash.error());
    return respond(store::create_user(ctx.db, ctx.actor, *username, display->value_or(""), *role,
                                      *body_id, *hash),
                   [](const auto& u) { return store::to_json(u); }, 201);
  });

  add("GET", "/api/v1/audit", admins, [](Request& req, RequestContext& ctx) {
    store::AuditFilter f;
    f.entity = req.query_param("entity");
    if (f.entity && f.entity->empty()) f.entity.reset();
    f.entity_id = req.query_param("entity_id");
    if (f.entity_id && f.entity_id->empty()) f.entity_id.reset();
    auto limit = query_int(req.query_param("limit"), "limit");
    if (!limit) return error_response(limit.error());
    if (*limit) f.limit = static_cast<int>(std::clamp<int64_t>(**limit, 1, 1000));
    auto cursor = query_int(req.query_param("cursor"), "cursor");
    if (!cursor) return error_response(cursor.error());
    f.before_id = *cursor;
    auto list = store::list_audit(ctx.db, f);
    if (!list) return error_response(list.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : *list) items.push_back(store::to_json(e));
    nlohmann::json next = nullptr;
    if (static_cast<int>(list->size()) == f.limit && !list->empty())
      next = std::to_string(list->back().id);
    return Response::json(200, {{"items", items}, {"next_cursor", next}});
  });
}

}  // namespace pvf::server
