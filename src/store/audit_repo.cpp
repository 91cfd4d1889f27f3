// The append-only audit log: who did what, when, with the entity's state before and after.
#include <algorithm>

#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {

Status append_audit(Database& db, const Actor& actor, std::string_view action,
                    std::string_view entity, std::string_view entity_id,
                    const nlohmann::json& before, const nlohmann::json& after) {
  if (action.empty() || entity.empty())
    return fail(Error::internal("an audit entry needs an action and an entity"));
  PVF_TRY(auto st, db.prepare("INSERT INTO audit_log(at, user_id, username, action, entity, "
                              "entity_id, before_json, after_json) VALUES (?,?,?,?,?,?,?,?)"));
  auto dump = [](const nlohmann::json& j) -> std::optional<std::string> {
    if (j.is_null()) return std::nullopt;
    // Invalid UTF-8 in user text must not make the audit (and so the write) fail.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  st.bind_all(now_utc(), actor.user_id,
              actor.username.empty() ? std::string("system") : actor.username, action, entity,
              entity_id, dump(before), dump(after));
  PVF_TRY(int changed, st.run());
  (void)changed;
  return {};
}

Result<std::vector<AuditEntry>> list_audit(Database& db, const AuditFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 1000);
  PVF_TRY(auto st,
          db.prepare("SELECT id, at, user_id, username, action, entity, entity_id, before_json, "
                     "after_json FROM audit_log "
                     "WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2) "
                     "AND (?3 IS NULL OR id < ?3) ORDER BY id DESC LIMIT ?4"));
  st.bind(1, filter.entity).bind(2, filter.entity_id).bind(3, filter.before_id).bind(4, limit);
  auto parse = [](const std::optional<std::string>& text) {
    if (!text) return nlohmann::json(nullptr);
    auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    return j.is_discarded() ? nlohmann::json(*text) : j;
  };
  return detail::fetch_all<AuditEntry>(st, [&](Statement& s) {
    AuditEntry e;
    e.id = s.int64(0);
    e.at = s.text(1);
    e.user_id = s.opt_int64(2);
    e.username = s.text(3);
    e.action = s.text(4);
    e.entity = s.text(5);
    e.entity_id = s.text(6);
    e.before = parse(s.opt_text(7));
    e.after = parse(s.opt_text(8));
    return e;
  });
}

}  // namespace pvf::store
