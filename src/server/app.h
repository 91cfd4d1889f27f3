// The pvf web application: the /api/v1 routes, who may call each, sessions and CSRF, and the
// static front end. Thin: handlers parse requests, call the store (which holds the domain
// rules), and shape responses. Thread-safe: each request leases its own database connection.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data_key.h"
#include "core/result.h"
#include "core/role.h"
#include "server/http.h"
#include "store/db.h"
#include "store/records.h"

namespace pvf::server {

struct AppConfig {
  std::string db_path = "pvf.db";
  std::string web_root;  // built front end (web/dist); empty = API only
  int session_hours = 12;
  bool secure_cookies = false;  // add "Secure" to the cookie (behind HTTPS)
  int job_workers = 1;          // long jobs (DEA runs, ...) running at once
  // The key that seals person records (32 bytes, mode 0600); empty: "<db_path>.key", created on
  // first start. An in-memory database gets a random key that dies with it.
  std::string data_key_file;
};

// Who may call an endpoint.
struct Access {
  enum class Kind { public_, signed_in, roles } kind = Kind::signed_in;
  std::vector<Role> roles;  // for Kind::roles
  static Access public_access() { return {Kind::public_, {}}; }
  static Access any_signed_in() { return {Kind::signed_in, {}}; }
  static Access only(std::vector<Role> r) { return {Kind::roles, std::move(r)}; }
  bool allows(Role r) const;
};

// What a handler gets besides the request: its connection and the signed-in user.
struct RequestContext {
  store::Database& db;
  std::optional<store::User> user;  // set for every non-public endpoint
  std::string csrf_token;
  store::Actor actor;
};

using AppHandler = std::function<Response(Request&, RequestContext&)>;

struct RouteInfo {
  std::string method;
  std::string pattern;
  Access access;
};

class ConnectionPool;
class JobRunner;

class App {
 public:
  explicit App(AppConfig config);
  ~App();
  // Opens the database, applies migrations, and builds the routes.
  Status init();
  // The handler for HttpServer (and for tests, which call it directly).
  Response handle(Request& request);
  // Every API route with its access rule (the role x endpoint test walks this).
  const std::vector<RouteInfo>& routes() const { return route_infos_; }
  const AppConfig& config() const { return config_; }
  // Long work (see jobs.h); lives as long as the App, so the HttpServer must go first.
  JobRunner& jobs() { return *jobs_; }

 private:
  void add(std::string method, std::string pattern, Access access, AppHandler handler);
  void add_routes();

  AppConfig config_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<crypto::DataKey> data_key_;  // set by init()
  // After pool_: destroyed first, so running jobs are stopped before the connections go.
  std::unique_ptr<JobRunner> jobs_;
  Router router_;
  std::vector<RouteInfo> route_infos_;
};

// Error -> HTTP status and the JSON error body.
int http_status(ErrorCode code);
Response error_response(const Error& e);

}  // namespace pvf::server
