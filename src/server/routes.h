// Each handler file adds its resource's routes through this one function type.
#pragma once

#include <functional>
#include <string>

#include "server/app.h"
#include "store/records.h"

namespace pvf::server {

using AddRoute = std::function<void(std::string method, std::string pattern, Access access,
                                    AppHandler handler)>;

void add_health_routes(const AddRoute& add);                             // health_handlers.cpp
void add_session_routes(const AddRoute& add, const AppConfig& config);   // session_handlers.cpp
void add_framework_routes(const AddRoute& add);                          // framework_handlers.cpp
void add_body_routes(const AddRoute& add);                               // body_handlers.cpp
void add_assessment_routes(const AddRoute& add);                         // assessment_handlers.cpp
void add_dialogue_routes(const AddRoute& add);                           // dialogue_handlers.cpp
void add_scorecard_routes(const AddRoute& add);                          // scorecard_handlers.cpp
void add_admin_routes(const AddRoute& add);                              // admin_handlers.cpp
void add_indicator_routes(const AddRoute& add);                          // indicator_handlers.cpp
void add_measure_routes(const AddRoute& add);                            // measure_handlers.cpp
void add_import_routes(const AddRoute& add);                             // import_handlers.cpp
class JobRunner;
void add_job_routes(const AddRoute& add, JobRunner& jobs);               // job_handlers.cpp
void add_benchmark_routes(const AddRoute& add, JobRunner& jobs,          // benchmark_handlers.cpp
                          const std::string& db_path);

}  // namespace pvf::server
namespace pvf::crypto {
class DataKey;
}
namespace pvf::server {

void add_linkage_routes(const AddRoute& add, JobRunner& jobs,            // linkage_handlers.cpp
                        const std::string& db_path, const crypto::DataKey& key);

// Shared by handlers that start long work: queues it and answers 202 with the Job and
// `Location: /api/v1/jobs/{id}` (job_handlers.cpp).
class JobContext;
Response accept_job(JobRunner& jobs, std::string kind, int64_t owner_user_id,
                    std::function<Result<nlohmann::json>(JobContext&)> work);
// The store names request fields by their JSON path without the root; the API's start "$.".
Error rooted(Error e);

// Shared by handlers: the id in a "{id}" path parameter, or a 404-style error.
Result<int64_t> path_id(const Request& request, std::string_view name = "id");

// {"items":[...]} from records that have a store::to_json.
template <class T>
nlohmann::json items_json(const std::vector<T>& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& x : list) items.push_back(store::to_json(x));
  return nlohmann::json{{"items", items}};
}

// Result<T> -> Response via `to_body` (status 200 unless given), or the error's response.
template <class T, class F>
Response respond(const Result<T>& r, F&& to_body, int status = 200) {
  if (!r) return error_response(r.error());
  return Response::json(status, to_body(*r));
}

}  // namespace pvf::server
