// Accounts and sessions. Passwords arrive already hashed (core/crypto.h hash_password); session
// tokens arrive as their hash (core/crypto.h token_hash): the store never sees a secret.
#include <cctype>

#include "store/repo_internal.h"
#include "store/repositories.h"

namespace pvf::store {
namespace {

constexpr std::string_view kUserColumns =
    "SELECT u.id, u.username, u.display_name, u.role, u.body_id, u.active, u.created_at";

User read_user(Statement& s, int first = 0) {
  User u;
  u.id = s.int64(first);
  u.username = s.text(first + 1);
  u.display_name = s.text(first + 2);
  u.role = parse_role(s.text(first + 3)).value_or(Role::viewer);
  u.body_id = s.opt_int64(first + 4);
  u.active = s.int64(first + 5) != 0;
  u.created_at = s.text(first + 6);
  return u;
}

bool valid_username_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
         c == '@';
}

// What libsodium's crypto_pwhash_str produces for argon2id; the system account's "!" is not.
constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr std::string_view kNoPassword = "!";

}  // namespace

namespace detail {

Result<int64_t> actor_user_id(Database& db, const Actor& actor) {
  if (actor.user_id) return *actor.user_id;
  PVF_TRY(auto find, db.prepare("SELECT id FROM users WHERE username = ? AND password_hash = ?"));
  find.bind_all(kSystemUsername, kNoPassword);
  PVF_TRY(auto id, fetch_one<int64_t>(find, [](Statement& s) { return s.int64(0); }));
  if (id) return *id;
  PVF_TRY(auto insert, db.prepare("INSERT INTO users(username, display_name, role, body_id, "
                                  "password_hash, active, created_at) "
                                  "VALUES (?, 'pvf (system)', 'admin', NULL, ?, 0, ?)"));
  insert.bind_all(kSystemUsername, kNoPassword, now_utc());
  PVF_CHECK(insert.run());
  return db.last_insert_id();
}

}  // namespace detail

Result<User> create_user(Database& db, const Actor& actor, std::string_view username_in,
                         std::string_view display_name_in, Role role,
                         std::optional<int64_t> body_id, std::string_view password_hash) {
  const std::string username(username_in);
  const std::string display_name = detail::trim(display_name_in);
  if (username.size() < 2 || username.size() > 64)
    return fail(Error::invalid("a username has 2 to 64 characters", "username"));
  for (char c : username)
    if (!valid_username_char(c))
      return fail(Error::invalid("a username may hold letters, digits and . _ - @ only (no spaces)",
                                 "username"));
  if (username == detail::kSystemUsername)
    return fail(Error::invalid("the username 'system' is reserved", "username"));
  if (detail::utf8_length(display_name) > 200)
    return fail(Error::invalid("the display name is longer than 200 characters", "display_name"));
  if (password_hash.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix)
    return fail(
        Error::invalid("the password hash must be an argon2id hash (core/crypto.h hash_password)",
                       "password_hash"));
  if (!body_id && (role == Role::body_lead || role == Role::assessor))
    return fail(Error::invalid("a " + std::string(to_string(role)) +
                                   " works for one body: give its body_id",
                               "body_id"));
  if (body_id && role != Role::body_lead && role != Role::assessor)
    return fail(Error::invalid("only body leads and assessors work for a body; a " +
                                   std::string(to_string(role)) + " has no body_id",
                               "body_id"));

  return db.transaction([&]() -> Result<User> {
    if (body_id) {
      PVF_TRY(auto st, db.prepare("SELECT 1 FROM bodies WHERE id = ?"));
      st.bind(1, *body_id);
      PVF_TRY(auto found, detail::fetch_one<int>(st, [](Statement&) { return 1; }));
      if (!found)
        return fail(
            Error::invalid("body " + std::to_string(*body_id) + " does not exist", "body_id"));
    }
    {
      PVF_TRY(auto st, db.prepare("SELECT username FROM users WHERE lower(username) = lower(?)"));
      st.bind(1, username);
      PVF_TRY(auto taken,
              detail::fetch_one<std::string>(st, [](Statement& s) { return s.text(0); }));
      if (taken)
        return fail(
            Error{ErrorCode::conflict, "the username '" + *taken + "' is taken", "username", {}});
    }
    PVF_TRY(auto st, db.prepare("INSERT INTO users(username, display_name, role, body_id, "
                                "password_hash, active, created_at) VALUES (?,?,?,?,?,1,?)"));
    st.bind_all(username, display_name, to_string(role), body_id, password_hash, now_utc());
    PVF_CHECK(st.run());
    PVF_TRY(User u, get_user(db, db.last_insert_id()));
    PVF_CHECK(
        append_audit(db, actor, "user.create", "user", std::to_string(u.id), nullptr, to_json(u)));
    return u;
  });
}

Result<std::vector<User>> list_users(Database& db) {
  PVF_TRY(auto st, db.prepare(std::string(kUserColumns) +
                              " FROM users u WHERE NOT (u.username = ? AND u.password_hash = ?) "
                              "ORDER BY u.username"));
  st.bind_all(detail::kSystemUsername, kNoPassword);
  return detail::fetch_all<User>(st, [](Statement& s) { return read_user(s); });
}

Result<User> get_user(Database& db, int64_t id) {
  PVF_TRY(auto st, db.prepare(std::string(kUserColumns) + " FROM users u WHERE u.id = ?"));
  st.bind(1, id);
  PVF_TRY(auto u, detail::fetch_one<User>(st, [](Statement& s) { return read_user(s); }));
  if (!u) return fail(Error::not_found("user " + std::to_string(id) + " not found"));
  return std::move(*u);
}

Result<std::optional<std::pair<User, std::string>>> find_user_with_hash(Database& db,
                                                                        std::string_view username) {
  PVF_TRY(auto st,
          db.prepare(std::string(kUserColumns) +
                     ", u.password_hash FROM users u WHERE u.username = ? AND u.active = 1"));
  st.bind(1, username);
  return detail::fetch_one<std::pair<User, std::string>>(
      st, [](Statement& s) { return std::make_pair(read_user(s), s.text(7)); });
}

Status create_session(Database& db, const Session& session) {
  if (session.token_hash.empty())
    return fail(Error::invalid("a session needs a token hash", "token_hash"));
  if (session.csrf_token.empty())
    return fail(Error::invalid("a session needs a CSRF token", "csrf_token"));
  PVF_TRY(auto st, db.prepare("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, "
                              "expires_at) VALUES (?,?,?,?,?)"));
  st.bind_all(session.token_hash, session.user_id, session.csrf_token,
              session.created_at.empty() ? now_utc() : session.created_at, session.expires_at);
  PVF_CHECK(st.run());
  return {};
}

Result<std::optional<std::pair<Session, User>>> find_session(Database& db,
                                                             std::string_view token_hash,
                                                             std::string_view now) {
  PVF_TRY(auto st, db.prepare("SELECT s.token_hash, s.user_id, s.csrf_token, s.created_at, "
                              "s.expires_at, u.id, u.username, u.display_name, u.role, "
                              "u.body_id, u.active, u.created_at "
                              "FROM sessions s JOIN users u ON u.id = s.user_id "
                              "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1"));
  st.bind(1, token_hash).bind(2, now);
  return detail::fetch_one<std::pair<Session, User>>(st, [](Statement& s) {
    Session session;
    session.token_hash = s.text(0);
    session.user_id = s.int64(1);
    session.csrf_token = s.text(2);
    session.created_at = s.text(3);
    session.expires_at = s.text(4);
    return std::make_pair(std::move(session), read_user(s, 5));
  });
}

Status delete_session(Database& db, std::string_view token_hash) {
  PVF_TRY(auto st, db.prepare("DELETE FROM sessions WHERE token_hash = ?"));
  st.bind(1, token_hash);
  PVF_CHECK(st.run());
  return {};
}

Status purge_expired_sessions(Database& db, std::string_view now) {
  PVF_TRY(auto st, db.prepare("DELETE FROM sessions WHERE expires_at <= ?"));
  st.bind(1, now);
  PVF_CHECK(st.run());
  return {};
}

}  // namespace pvf::store
