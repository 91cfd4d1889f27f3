#include "server/app.h"

#include <algorithm>
#include <charconv>
#include <mutex>

#include "core/crypto.h"
#include "server/http_server.h"
#include "server/jobs.h"
#include "server/routes.h"
#include "store/linkage_repo.h"
#include "store/repositories.h"

namespace pvf::server {

// Connections leased per request: SQLite connections are not shared across threads, and
// opening one per request would cost more than the request.
class ConnectionPool {
 public:
  explicit ConnectionPool(std::string path) : path_(std::move(path)) {}

  Result<std::unique_ptr<store::Database>> acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto db = std::move(free_.back());
        free_.pop_back();
        return db;
      }
    }
    return store::Database::open(path_);
  }
  void release(std::unique_ptr<store::Database> db) {
    std::lock_guard lock(mutex_);
    if (free_.size() < 16) free_.push_back(std::move(db));
  }

 private:
  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Database>> free_;
};

bool Access::allows(Role r) const {
  switch (kind) {
    case Kind::public_:
    case Kind::signed_in: return true;
    case Kind::roles:
      return r == Role::admin || std::find(roles.begin(), roles.end(), r) != roles.end();
  }
  return false;
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input: return 422;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::io_error: return 503;
    case ErrorCode::internal: return 500;
    case ErrorCode::cancelled: return 409;
  }
  return 500;
}

Response error_response(const Error& e) {
  nlohmann::json details = nlohmann::json::array();
  for (const auto& d : e.details) details.push_back({{"where", d.where}, {"message", d.message}});
  if (details.empty() && !e.where.empty())
    details.push_back({{"where", e.where}, {"message", e.message}});
  int status = http_status(e.code);
  // Malformed JSON is a syntax problem (400); a well-formed request breaking a rule is 422.
  if (e.code == ErrorCode::invalid_input && e.where == "$" &&
      e.message.find("not valid JSON") != std::string::npos)
    status = 400;
  // Internal details (SQL, file paths) stay in the server; the client gets a plain message.
  std::string message = e.message;
  if (e.code == ErrorCode::internal || e.code == ErrorCode::io_error) {
    message = e.code == ErrorCode::internal ? "internal error" : "the database is unavailable";
    details = nlohmann::json::array();
  }
  return Response::error(status, to_string(e.code), message, std::move(details));
}

Result<int64_t> path_id(const Request& request, std::string_view name) {
  auto v = request.param(name);
  int64_t id = 0;
  if (v) {
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
    if (ec == std::errc() && p == v->data() + v->size() && id > 0) return id;
  }
  return fail(Error::not_found("no such " + std::string(name) + ": '" + v.value_or("") + "'"));
}

namespace {
JobRunnerOptions job_options(const AppConfig& config) {
  JobRunnerOptions options;
  options.workers = config.job_workers;
  return options;
}
}  // namespace

App::App(AppConfig config)
    : config_(std::move(config)), jobs_(std::make_unique<JobRunner>(job_options(config_))) {}
App::~App() = default;

Status App::init() {
  if (auto s = crypto::crypto_init(); !s) return s;
  auto db = store::Database::open(config_.db_path);
  if (!db) return fail(db.error());
  if (auto s = (*db)->migrate(); !s) return s;
  if (auto s = store::purge_expired_sessions(**db, store::now_utc()); !s) return s;
  if (config_.db_path == ":memory:" || config_.db_path.empty()) {
    data_key_ = std::make_unique<crypto::DataKey>(crypto::DataKey::random());
  } else {
    const std::string key_file =
        config_.data_key_file.empty() ? config_.db_path + ".key" : config_.data_key_file;
    auto key = crypto::DataKey::from_file(key_file, /*create=*/true);
    if (!key) return fail(key.error());
    if (auto s = store::check_data_key(**db, *key, key_file); !s) return s;
    data_key_ = std::make_unique<crypto::DataKey>(std::move(*key));
  }
  // Person data past its agreement's retention date goes before anyone can ask for it.
  if (auto purged = store::purge_expired_linkage(**db, store::now_utc().substr(0, 10)); !purged)
    return fail(purged.error());
  pool_ = std::make_unique<ConnectionPool>(config_.db_path);
  pool_->release(std::move(*db));
  add_routes();
  return {};
}

void App::add(std::string method, std::string pattern, Access access, AppHandler handler) {
  route_infos_.push_back({method, pattern, access});
  const bool is_write = method != "GET" && method != "HEAD";
  const bool is_login = method == "POST" && pattern == "/api/v1/session";
  const bool takes_csv = pattern == "/api/v1/bodies/import" || pattern == "/api/v1/imports/{kind}" ||
                         pattern == "/api/v1/sharing-agreements/{id}/datasets";
  // Reads that show person records append to the audit log: they cannot run in a read-only
  // snapshot, so they go outside one as writes do.
  const bool audited_read = pattern == "/api/v1/linkage-runs/{id}/clusters/{cluster}" ||
                            pattern == "/api/v1/linkage-runs/{id}/review";
  router_.add(method, pattern,
              [this, access, is_write, is_login, takes_csv, audited_read,
               handler = std::move(handler)](Request& req) {
                // JSON writes must say so: a cross-site HTML form can only send form or plain
                // text types, so this stops forged writes (sign-in included) before anything else.
                if (is_write && !req.body.empty()) {
                  const std::string type = req.header("content-type").value_or("");
                  const char* wanted = takes_csv ? "text/csv" : "application/json";
                  if (type.rfind(wanted, 0) != 0)
                    return Response::error(415, "unsupported_media_type",
                                           std::string("send the request body as ") + wanted);
                }
                auto lease = pool_->acquire();
                if (!lease) return error_response(lease.error());
                std::unique_ptr<store::Database> db = std::move(*lease);
                RequestContext ctx{*db, std::nullopt, {}, store::Actor{}};
                auto serve = [&]() -> Response {
                  if (access.kind != Access::Kind::public_) {
                    auto token = req.cookie("pvf_session");
                    if (!token)
                      return error_response(Error::unauthenticated("sign in first"));
                    auto found = store::find_session(*db, crypto::token_hash(*token),
                                                     store::now_utc());
                    if (!found) return error_response(found.error());
                    if (!*found)
                      return error_response(
                          Error::unauthenticated("your session has ended: sign in again"));
                    auto& [session, user] = **found;
                    if (is_write && !is_login) {
                      auto sent = req.header("x-csrf-token");
                      if (!sent || !crypto::equal_constant_time(*sent, session.csrf_token))
                        return Response::error(403, "csrf_failed",
                                               "the request is missing a valid X-CSRF-Token "
                                               "header: reload the page and try again");
                    }
                    if (!access.allows(user.role))
                      return error_response(Error::forbidden(
                          "a " + std::string(to_string(user.role)) + " cannot " + req.method +
                          " " + req.path));
                    ctx.csrf_token = session.csrf_token;
                    ctx.actor = store::Actor{user.id, user.username, user.role, user.body_id};
                    ctx.user = user;
                  }
                  return handler(req, ctx);
                };
                Response response;
                if (is_write || audited_read) {
                  response = serve();  // the store opens its own write transactions
                } else {
                  // One snapshot for the whole read: consistent, and SQLite takes its WAL
                  // read lock once instead of once per query.
                  auto read = db->read_transaction([&]() -> Result<Response> { return serve(); });
                  response = read ? std::move(*read) : error_response(read.error());
                }
                pool_->release(std::move(db));
                response.set_header("Cache-Control", "no-store");
                return response;
              });
}

void App::add_routes() {
  AddRoute add = [this](std::string m, std::string p, Access a, AppHandler h) {
    this->add(std::move(m), std::move(p), std::move(a), std::move(h));
  };
  add_health_routes(add);
  add_session_routes(add, config_);
  add_framework_routes(add);
  add_body_routes(add);
  add_assessment_routes(add);
  add_dialogue_routes(add);
  add_scorecard_routes(add);
  add_admin_routes(add);
  add_indicator_routes(add);
  add_measure_routes(add);
  add_import_routes(add);
  add_job_routes(add, *jobs_);
  add_benchmark_routes(add, *jobs_, config_.db_path);
  add_linkage_routes(add, *jobs_, config_.db_path, *data_key_);
  if (!config_.web_root.empty()) {
    router_.set_fallback([root = config_.web_root](Request& req) {
      if (req.path.rfind("/api/", 0) == 0)
        return Response::error(404, "not_found", "no such endpoint: " + req.path);
      Response r = serve_static(root, req);
      r.set_header("X-Content-Type-Options", "nosniff");
      r.set_header("X-Frame-Options", "DENY");
      r.set_header("Referrer-Policy", "same-origin");
      return r;
    });
  }
}

Response App::handle(Request& request) { return router_.dispatch(request); }

}  // namespace pvf::server
