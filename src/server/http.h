// pvf's own HTTP request/response types: handlers and tests use these, never Beast's, so the
// transport can change without touching a handler. Plain values; not thread-safe to share.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace pvf::server {

struct Request {
  std::string method;                          // "GET", "POST", ... (upper case)
  std::string target;                          // as received: path and query
  std::string path;                            // percent-decoded path, no query
  std::map<std::string, std::string> query;    // percent-decoded query parameters
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::map<std::string, std::string> params;   // filled by the Router from "{name}" segments
  std::string remote_address;

  std::optional<std::string> header(std::string_view name) const;  // name in any case
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> param(std::string_view name) const;

  // Builds path and query from target (used by the transport and by tests).
  static Request make(std::string method, std::string target, std::string body = {},
                      std::map<std::string, std::string> headers = {});
};

// One piece of a streamed body: `data` to write now (may be empty), and whether it is the last.
struct StreamChunk {
  std::string data;
  bool end = false;
};

// A body produced piece by piece (Server-Sent Events). The transport calls `next` on one of its
// threads, never concurrently and never after it returned end; `next` must not block (the
// transport's threads serve every connection), so it returns what is ready now and, when that is
// nothing, the transport asks again after `poll_interval`. After `keepalive_interval` without
// data the transport writes `keepalive` (if not empty), which is also how it notices a client
// that went away. The stream stops when next returns end, a write fails, or the server stops;
// whatever `next` captured is released then, on a transport thread.
struct BodyStream {
  std::function<StreamChunk()> next;
  std::chrono::milliseconds poll_interval{100};
  std::string keepalive;
  std::chrono::milliseconds keepalive_interval{15000};
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set (and the request is not HEAD), the body is streamed from here instead of `body`:
  // chunked for HTTP/1.1, close-delimited for HTTP/1.0.
  std::shared_ptr<BodyStream> stream;

  void set_header(std::string name, std::string value);
  std::optional<std::string> header(std::string_view name) const;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  // {"error":{"code","message","details":[{"where","message"}]}}
  static Response error(int status, std::string code, std::string message,
                        nlohmann::json details = nlohmann::json::array());
  // 200 text/event-stream, no caching, a comment line as keep-alive; `next` yields formatted
  // events (see sse_event) as they become ready.
  static constexpr std::chrono::milliseconds kDefaultPollInterval{100};
  static Response event_stream(std::function<StreamChunk()> next,
                               std::chrono::milliseconds poll_interval = kDefaultPollInterval);
};

// One Server-Sent Event: "event: <event>\ndata: <line>\n...\n" (one data line per line of `data`,
// splitting on CR, LF or CRLF); `event` loses any line breaks. Empty `event` omits the field.
std::string sse_event(std::string_view event, std::string_view data);

using Handler = std::function<Response(Request&)>;

// Routes "METHOD /path/{param}/..." patterns to handlers. An unknown path under /api answers 404
// with the JSON error body; a known path with another method answers 405 with an Allow header.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // Handler for anything no route matches (e.g. the static web files); default 404.
  void set_fallback(Handler handler);
  Response dispatch(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" marks a parameter
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace pvf::server
