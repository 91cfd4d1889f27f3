// The network transport: an asynchronous HTTP/1.1 server (Boost.Beast) that turns each request
// into a pvf::server::Request, calls one Handler, and writes the Response. Keep-alive; bodies
// capped; handlers run on the server's worker threads and must be thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "server/http.h"

namespace pvf::server {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;              // 0 picks a free port (see HttpServer::port)
  int threads = 2;                   // worker threads running the io_context
  size_t max_body_bytes = 64 << 20;  // larger bodies get 413 (imports are the largest)
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; fails with a clear message if the port is taken.
  Status start();
  uint16_t port() const;  // the bound port, valid after start()
  // Blocks until stop() is called (e.g. from a SIGINT/SIGTERM handler thread) or run ends.
  void wait();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves files under `root` (the built web front end). Paths without a file extension that do
// not exist fall back to index.html so the single-page app can route. Never leaves `root`.
Response serve_static(const std::string& root, const Request& request);

}  // namespace pvf::server
