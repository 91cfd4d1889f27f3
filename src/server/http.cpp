// Request and Response helpers: target parsing (percent-decoding of path and query), header and
// cookie lookup, and the response factories every handler uses.
#include "server/http.h"

#include <cstddef>

namespace pvf::server {
namespace {

constexpr char to_lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower_ascii(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; a malformed escape ("%zz", a trailing "%") is kept literally. In a query
// string '+' stands for a space (application/x-www-form-urlencoded); in a path it is a '+'.
std::string percent_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    } else if (c == '+' && plus_as_space) {
      c = ' ';
    }
    out.push_back(c);
  }
  return out;
}

void parse_query(std::string_view query, std::map<std::string, std::string>& out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq), true);
    std::string value =
        eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true);
    out.emplace(std::move(key), std::move(value));  // the first occurrence of a key wins
  }
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <class Map>
std::optional<std::string> find_in(const Map& map, std::string_view name) {
  auto it = map.find(std::string(name));
  if (it == map.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::string> Request::header(std::string_view name) const {
  // Names are stored lower-cased by make() and the transport; fall back to a case-insensitive
  // scan for requests assembled by hand.
  auto it = headers.find(to_lower(name));
  if (it != headers.end()) return it->second;
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

// RFC 6265 section 5.4: cookie-string = cookie-pair *( ";" SP cookie-pair ). Names are
// case-sensitive; a value in double quotes is returned without them; the first match wins.
std::optional<std::string> Request::cookie(std::string_view name) const {
  std::optional<std::string> cookie_header = header("cookie");
  if (!cookie_header) return std::nullopt;
  std::string_view rest = *cookie_header;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view pair = trim_ows(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim_ows(pair.substr(0, eq)) != name) continue;
    std::string_view value = trim_ows(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  return find_in(query, name);
}

std::optional<std::string> Request::param(std::string_view name) const {
  return find_in(params, name);
}

Request Request::make(std::string method, std::string target, std::string body,
                      std::map<std::string, std::string> headers) {
  Request r;
  r.method = std::move(method);
  for (char& c : r.method) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  r.target = std::move(target);
  r.body = std::move(body);
  for (auto& [name, value] : headers) r.headers.emplace(to_lower(name), std::move(value));

  std::string_view t = r.target;
  if (size_t hash = t.find('#'); hash != std::string_view::npos) t = t.substr(0, hash);
  // absolute-form ("http://host/path?q"): keep the path and query only
  if (!t.empty() && t.front() != '/') {
    if (size_t scheme = t.find("://"); scheme != std::string_view::npos) {
      size_t slash = t.find('/', scheme + 3);
      t = slash == std::string_view::npos ? std::string_view{} : t.substr(slash);
    }
  }
  size_t qmark = t.find('?');
  std::string_view raw_path = t.substr(0, qmark);
  r.path = raw_path.empty() ? std::string("/") : percent_decode(raw_path, false);
  if (qmark != std::string_view::npos) parse_query(t.substr(qmark + 1), r.query);
  return r;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (iequals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  // Invalid UTF-8 in a string is replaced rather than thrown: a response must always be built.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::error(int status, std::string code, std::string message,
                         nlohmann::json details) {
  if (!details.is_array()) details = nlohmann::json::array({std::move(details)});
  nlohmann::json body = {{"error",
                          {{"code", std::move(code)},
                           {"message", std::move(message)},
                           {"details", std::move(details)}}}};
  return json(status, body);
}

Response Response::event_stream(std::function<StreamChunk()> next,
                                std::chrono::milliseconds poll_interval) {
  Response r;
  r.status = 200;
  r.set_header("Content-Type", "text/event-stream; charset=utf-8");
  r.set_header("Cache-Control", "no-cache");
  r.set_header("X-Accel-Buffering", "no");  // a reverse proxy must pass events on at once
  r.stream = std::make_shared<BodyStream>();
  r.stream->next = std::move(next);
  r.stream->poll_interval = poll_interval;
  r.stream->keepalive = ":\n\n";  // an SSE comment: ignored by EventSource
  return r;
}

std::string sse_event(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(event.size() + data.size() + 24);
  if (!event.empty()) {
    out += "event: ";
    for (char c : event) {
      if (c != '\r' && c != '\n') out.push_back(c);
    }
    out += '\n';
  }
  size_t start = 0;
  while (true) {
    const size_t brk = data.find_first_of("\r\n", start);
    const size_t len = brk == std::string_view::npos ? std::string_view::npos : brk - start;
    out += "data: ";
    out.append(data.substr(start, len));
    out += '\n';
    if (brk == std::string_view::npos) break;
    start = brk + 1;
    if (data[brk] == '\r' && start < data.size() && data[start] == '\n') ++start;
  }
  out += '\n';
  return out;
}

}  // namespace pvf::server
