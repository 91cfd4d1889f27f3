// Router: "METHOD /path/{param}" patterns matched segment by segment without allocating; the most
// literal match wins ("/jobs/stats" beats "/jobs/{id}"), then the first added.
#include <algorithm>
#include <array>
#include <cstdint>

#include "server/http.h"

namespace pvf::server {
namespace {

bool is_param(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// "/a/b" -> {"a","b"}; "/" -> {""}; a trailing slash gives a trailing empty segment, so
// "/a/" and "/a" are different paths.
template <class F>
void for_each_segment(std::string_view path, F&& f) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    if (!f(path.substr(0, slash))) return;
    if (slash == std::string_view::npos) return;
    path.remove_prefix(slash + 1);
  }
}

constexpr size_t kMaxParams = 16;

struct Match {
  uint64_t literal_mask = 0;  // bit 63 = first segment literal, bit 62 = second, ...
  size_t n_params = 0;
  std::array<std::pair<std::string_view, std::string_view>, kMaxParams> params;  // name, value
};

bool match(const std::vector<std::string>& segments, std::string_view path, Match& m) {
  size_t i = 0;
  bool ok = true;
  m.literal_mask = 0;
  m.n_params = 0;
  for_each_segment(path, [&](std::string_view segment) {
    if (i >= segments.size()) return ok = false;
    const std::string& pattern = segments[i];
    if (is_param(pattern)) {
      if (segment.empty() || m.n_params >= kMaxParams) return ok = false;
      m.params[m.n_params++] = {std::string_view(pattern).substr(1, pattern.size() - 2), segment};
    } else {
      if (segment != pattern) return ok = false;
      if (i < 64) m.literal_mask |= uint64_t{1} << (63 - i);
    }
    ++i;
    return true;
  });
  return ok && i == segments.size();
}

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

void finish_head(const Request& request, Response& response) {
  if (request.method != "HEAD") return;
  if (!response.header("Content-Length")) {
    response.set_header("Content-Length", std::to_string(response.body.size()));
  }
  response.body.clear();
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  for (char& c : method) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  Route route;
  route.method = std::move(method);
  for_each_segment(pattern, [&](std::string_view segment) {
    route.segments.emplace_back(segment);
    return true;
  });
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

void Router::set_fallback(Handler handler) { fallback_ = std::move(handler); }

Response Router::dispatch(Request& request) const {
  const bool head = request.method == "HEAD";
  const Route* best = nullptr;
  uint64_t best_mask = 0;
  bool best_exact = false;
  bool path_known = false;
  Match m;
  for (const Route& route : routes_) {
    if (!match(route.segments, request.path, m)) continue;
    path_known = true;
    bool exact = route.method == request.method;
    if (!exact && !(head && route.method == "GET")) continue;
    if (best == nullptr || m.literal_mask > best_mask ||
        (m.literal_mask == best_mask && exact && !best_exact)) {
      best = &route;
      best_mask = m.literal_mask;
      best_exact = exact;
    }
  }

  if (best != nullptr) {
    match(best->segments, request.path, m);
    request.params.clear();
    for (size_t i = 0; i < m.n_params; ++i) {
      request.params.insert_or_assign(std::string(m.params[i].first),
                                      std::string(m.params[i].second));
    }
    Response response = best->handler(request);
    finish_head(request, response);
    return response;
  }

  if (path_known) {
    std::vector<std::string_view> allowed;
    for (const Route& route : routes_) {
      if (!match(route.segments, request.path, m)) continue;
      allowed.push_back(route.method);
      if (route.method == "GET") allowed.push_back("HEAD");
    }
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    std::string allow;
    for (std::string_view method : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += method;
    }
    Response response =
        Response::error(405, "method_not_allowed",
                        "Method " + request.method + " is not allowed here; use " + allow + ".");
    response.set_header("Allow", std::move(allow));
    finish_head(request, response);
    return response;
  }

  if (!is_api_path(request.path) && fallback_) {
    Response response = fallback_(request);
    finish_head(request, response);
    return response;
  }
  Response response = Response::error(404, "not_found", "No such resource: " + request.path);
  finish_head(request, response);
  return response;
}

}  // namespace pvf::server
