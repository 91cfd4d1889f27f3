// Sign in and out. The cookie carries a random token; the store keeps only its hash, so a
// leaked database does not yield live sessions. The CSRF token is returned in the body and
// must come back in X-CSRF-Token on every write (a cross-site page cannot read it).
#include <chrono>
#include <ctime>

#include "core/crypto.h"
#include "server/json_body.h"
#include "server/routes.h"
#include "store/repositories.h"

namespace pvf::server {
namespace {

std::string utc_in_hours(int hours) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                      std::chrono::hours(hours));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string cookie(const std::string& value, int max_age, bool secure) {
  std::string c = "pvf_session=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

nlohmann::json session_body(const store::User& user, const std::string& csrf) {
  return {{"user", store::to_json(user)}, {"csrf_token", csrf}};
}

}  // namespace

void add_session_routes(const AddRoute& add, const AppConfig& config) {
  const int hours = config.session_hours;
  const bool secure = config.secure_cookies;

  add("POST", "/api/v1/session", Access::public_access(),
      [hours, secure](Request& req, RequestContext& ctx) {
        auto body = parse_object(req.body);
        if (!body) return error_response(body.error());
        if (auto s = only_keys(*body, {"username", "password"}); !s) return error_response(s.error());
        auto username = required_string(*body, "username");
        if (!username) return error_response(username.error());
        auto password = required_string(*body, "password");
        if (!password) return error_response(password.error());

        auto found = store::find_user_with_hash(ctx.db, *username);
        if (!found) return error_response(found.error());
        // Verify against a fixed hash when the user is unknown, so timing does not reveal
        // which usernames exist.
        static const std::string kDummy = crypto::hash_password("pvf-no-such-user").value_or("");
        const bool ok = *found ? crypto::verify_password((*found)->second, *password)
                               : (crypto::verify_password(kDummy, *password), false);
        if (!ok)
          return Response::error(401, "invalid_credentials",
                                 "the username or password is not right");
        const store::User& user = (*found)->first;
        const std::string token = crypto::random_token();
        store::Session session{crypto::token_hash(token), user.id, crypto::random_token(),
                               store::now_utc(), utc_in_hours(hours)};
        auto created = ctx.db.transaction([&]() -> Status {
          if (auto s = store::create_session(ctx.db, session); !s) return s;
          store::Actor actor{user.id, user.username, user.role, user.body_id};
          return store::append_audit(ctx.db, actor, "session.create", "user",
                                     std::to_string(user.id), nullptr,
                                     {{"expires_at", session.expires_at}});
        });
        if (!created) return error_response(created.error());
        Response r = Response::json(200, session_body(user, session.csrf_token));
        r.set_header("Set-Cookie", cookie(token, hours * 3600, secure));
        return r;
      });

  add("GET", "/api/v1/session", Access::any_signed_in(), [](Request&, RequestContext& ctx) {
    return Response::json(200, session_body(*ctx.user, ctx.csrf_token));
  });

  add("DELETE", "/api/v1/session", Access::any_signed_in(),
      [secure](Request& req, RequestContext& ctx) {
        const auto token = req.cookie("pvf_session").value_or("");
        auto done = ctx.db.transaction([&]() -> Status {
          if (auto s = store::delete_session(ctx.db, crypto::token_hash(token)); !s) return s;
          return store::append_audit(ctx.db, ctx.actor, "session.delete", "user",
                                     std::to_string(ctx.user->id), nullptr, nullptr);
        });
        if (!done) return error_response(done.error());
        Response r;
        r.status = 204;
        r.set_header("Set-Cookie", cookie("", 0, secure));
        return r;
      });
}

}  // namespace pvf::server
