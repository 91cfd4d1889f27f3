// The Treasury <-> body dialogue on an assessment: comment threads per area, and the
// improvement actions agreed per area.
#include "server/json_body.h"
#include "server/routes.h"
#include "store/repositories.h"

namespace pvf::server {
void add_dialogue_routes(const AddRoute& add) {
  add("GET", "/api/v1/assessments/{id}/comments", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        if (auto a = store::get_assessment(ctx.db, *id); !a) return error_response(a.error());
        auto area = req.query_param("area");
        if (area && area->empty()) area.reset();
        return respond(store::list_comments(ctx.db, *id, area),
                       [](const auto& l) { return items_json(l); });
      });

  add("POST", "/api/v1/assessments/{id}/comments",
      Access::only({Role::admin, Role::treasury_analyst, Role::body_lead, Role::assessor}),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto o = parse_object(req.body);
        if (!o) return error_response(o.error());
        if (auto s = only_keys(*o, {"area", "text", "parent_id"}); !s)
          return error_response(s.error());
        auto area = required_string(*o, "area");
        if (!area) return error_response(area.error());
        auto text = required_string(*o, "text");
        if (!text) return error_response(text.error());
        auto parent = optional_int(*o, "parent_id");
        if (!parent) return error_response(parent.error());
        return respond(store::add_comment(ctx.db, ctx.actor, *id, *area, *parent, *text),
                       [](const auto& c) { return store::to_json(c); }, 201);
      });

  add("GET", "/api/v1/assessments/{id}/actions", Access::any_signed_in(),
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        if (auto a = store::get_assessment(ctx.db, *id); !a) return error_response(a.error());
        return respond(store::list_actions(ctx.db, *id),
                       [](const auto& l) { return items_json(l); });
      });

  const Access action_editors =
      Access::only({Role::admin, Role::treasury_analyst, Role::body_lead});

  add("POST", "/api/v1/assessments/{id}/actions", action_editors,
      [](Request& req, RequestContext& ctx) {
        auto id = path_id(req);
        if (!id) return error_response(id.error());
        auto o = parse_object(req.body);
        if (!o) return error_response(o.error());
        if (auto s = only_keys(*o, {"area", "title", "owner", "due_date", "status"}); !s)
          return error_response(s.error());
        store::ActionInput in;
        auto area = required_string(*o, "area");
        if (!area) return error_response(area.error());
        auto title = required_string(*o, "title");
        if (!title) return error_response(title.error());
        auto owner = optional_string(*o, "owner");
        if (!owner) return error_response(owner.error());
        auto due = optional_string(*o, "due_date");
        if (!due) return error_response(due.error());
        auto status = optional_string(*o, "status");
        if (!status) return error_response(status.error());
        in.area_key = *area;
        in.title = *title;
        in.owner = owner->value_or("");
        in.due_date = *due;
        if (in.due_date && in.due_date->empty()) in.due_date.reset();
        in.status = status->value_or("open");
        return respond(store::add_action(ctx.db, ctx.actor, *id, in),
                       [](const auto& a) { return store::to_json(a); }, 201);
      });

  add("PATCH", "/api/v1/actions/{id}", action_editors, [](Request& req, RequestContext& ctx) {
    auto id = path_id(req);
    if (!id) return error_response(id.error());
    auto o = parse_object(req.body);
    if (!o) return error_response(o.error());
    if (auto s = only_keys(*o, {"title", "owner", "due_date", "status"}); !s)
      return error_response(s.error());
    store::ActionPatch patch;
    for (const char* key : {"title", "owner", "status"}) {
      auto v = optional_string(*o, key);
      if (!v) return error_response(v.error());
      if (!*v) continue;
      if (std::string_view(key) == "title") patch.title = **v;
      else if (std::string_view(key) == "owner") patch.owner = **v;
      else patch.status = **v;
    }
    if (o->contains("due_date")) {
      auto due = optional_string(*o, "due_date");
      if (!due) return error_response(due.error());
      patch.due_date = (*due && !(*due)->empty()) ? *due : std::optional<std::string>{};
    }
    return respond(store::update_action(ctx.db, ctx.actor, *id, patch),
                   [](const auto& a) { return store::to_json(a); });
  });
}

}  // namespace pvf::server
