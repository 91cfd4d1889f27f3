// serve_static: the built web front end (Vite's web/dist). Hashed files under /assets/ are cached
// forever; index.html is always revalidated; ETags make revalidation a 304.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include "server/http_server.h"

namespace pvf::server {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

std::string_view content_type_for(std::string_view ext) {
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"txt", "text/plain; charset=utf-8"},
  };
  for (const Entry& e : kTypes) {
    if (e.ext.size() != ext.size()) continue;
    bool same = true;
    for (size_t i = 0; i < ext.size() && same; ++i) {
      char c = ext[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == e.ext[i];
    }
    if (same) return e.type;
  }
  return "application/octet-stream";
}

std::string_view extension_of(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return name.substr(dot + 1);
}

// Does an If-None-Match list ("a", W/"b", *) name this ETag? Weak comparison (RFC 9110 13.1.2).
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
  }
  return false;
}

Response not_found() { return Response::error(404, "not_found", "No such file."); }

Response send_file(const fs::path& file, std::string_view cache_control, const Request& request) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return not_found();
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return not_found();

  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime.time_since_epoch().count()));
  const std::string ext(extension_of(file.filename().native()));

  Response response;
  response.headers.reserve(4);
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Cache-Control", std::string(cache_control));
  if (auto inm = request.header("if-none-match"); inm && etag_matches(*inm, etag)) {
    response.status = 304;
    return response;
  }

  std::ifstream in(file, std::ios::binary);
  std::string body(size, '\0');
  if (!in || !in.read(body.data(), static_cast<std::streamsize>(size))) {
    return Response::error(500, "internal", "The file could not be read.");
  }
  response.status = 200;
  response.headers.emplace_back("Content-Type", std::string(content_type_for(ext)));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.body = std::move(body);
  return response;
}

}  // namespace

Response serve_static(const std::string& root, const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = Response::error(405, "method_not_allowed",
                                 "Method " + request.method + " is not allowed here; use GET.");
    r.set_header("Allow", "GET, HEAD");
    return r;
  }

  // request.path is already percent-decoded, so "%2e%2e" arrives here as "..".
  std::string_view path = request.path;
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos ||
      path.find('\\') != std::string_view::npos) {
    return Response::error(400, "bad_request", "The path is not allowed.");
  }
  fs::path relative;
  std::string_view last;
  std::string_view rest = path.substr(1);
  while (true) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") {
      return Response::error(400, "bad_request", "The path is not allowed.");
    }
    if (!segment.empty() && segment.front() == '.') return not_found();  // .env, .git, ...
    if (!segment.empty()) relative /= segment;
    last = segment;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }

  const fs::path base(root);
  const fs::path index = base / "index.html";
  std::error_code ec;
  fs::path file = relative.empty() ? index : base / relative;
  auto status = fs::status(file, ec);
  if (fs::is_directory(status)) {
    file /= "index.html";
    status = fs::status(file, ec);
  }
  if (fs::is_regular_file(status)) {
    const bool hashed_asset = path.starts_with("/assets/") && file.filename() != "index.html";
    return send_file(file, hashed_asset ? kImmutable : kNoCache, request);
  }
  // A missing file with an extension is a 404; anything else is a route of the single-page app.
  if (!extension_of(last).empty()) return not_found();
  if (!fs::is_regular_file(fs::status(index, ec))) return not_found();
  return send_file(index, kNoCache, request);
}

}  // namespace pvf::server
