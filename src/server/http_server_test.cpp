#include "server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

namespace pvf::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// A blocking test client on one connection: raw bytes out, Beast-parsed responses in.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  void send(const std::string& raw) { net::write(socket_, net::buffer(raw)); }

  http::response<http::string_body> read(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(head);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  http::response<http::string_body> request(const std::string& raw, bool head = false) {
    send(raw);
    return read(head);
  }

  // True if the server closed the connection (reads EOF) within a short time.
  bool closed_by_server() {
    std::array<char, 256> buf{};
    boost::system::error_code ec;
    socket_.read_some(net::buffer(buf), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

std::string get(const std::string& target, const std::string& extra = {}) {
  return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

nlohmann::json error_of(const http::response<http::string_body>& r) {
  return nlohmann::json::parse(r.body())["error"];
}

Response echo(Request& r) {
  nlohmann::json out = {{"method", r.method},
                        {"path", r.path},
                        {"query", r.query},
                        {"body", r.body},
                        {"remote", r.remote_address}};
  if (auto cookie = r.cookie("sid")) out["sid"] = *cookie;
  if (auto agent = r.header("X-Test")) out["x_test"] = *agent;
  return Response::json(200, out);
}

class ServerTest : public ::testing::Test {
 protected:
  void start(Handler handler, ServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    auto started = server_->start();
    ASSERT_TRUE(started.has_value()) << started.error().message;
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      server_->wait();
    }
  }
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerTest, AnswersRequestOnEphemeralPortWithDateAndServerHeaders) {
  start(echo);
  Client client(server_->port());
  auto res = client.request(
      get("/api/v1/echo%20me?q=a+b&x=%2F", "X-Test: yes\r\nCookie: a=1; sid=s3\r\n"));
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_FALSE(res[http::field::date].empty());
  EXPECT_TRUE(res[http::field::date].ends_with(" GMT"));
  EXPECT_EQ(res[http::field::server], "pvf");
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["method"], "GET");
  EXPECT_EQ(body["path"], "/api/v1/echo me");
  EXPECT_EQ(body["query"]["q"], "a b");
  EXPECT_EQ(body["query"]["x"], "/");
  EXPECT_EQ(body["sid"], "s3");
  EXPECT_EQ(body["x_test"], "yes");
  EXPECT_EQ(body["remote"], "127.0.0.1");
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  start([&](Request& r) {
    ++calls;
    return Response::text(200, r.path);
  });
  Client client(server_->port());
  auto first = client.request(get("/one"));
  EXPECT_EQ(first.body(), "/one");
  EXPECT_TRUE(first.keep_alive());
  auto second = client.request(get("/two"));
  EXPECT_EQ(second.body(), "/two");
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start([](Request& r) { return Response::text(200, r.path); });
  Client client(server_->port());
  client.send(get("/a") + get("/b") + get("/c"));
  EXPECT_EQ(client.read().body(), "/a");
  EXPECT_EQ(client.read().body(), "/b");
  EXPECT_EQ(client.read().body(), "/c");
}

TEST_F(ServerTest, PostBodyReachesHandler) {
  start(echo);
  Client client(server_->port());
  auto res =
      client.request("POST /api/v1/x HTTP/1.1\r\nHost: l\r\nContent-Length: 11\r\n\r\nhello world");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(nlohmann::json::parse(res.body())["body"], "hello world");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  start(echo);
  Client client(server_->port());
  auto res = client.request(get("/x", "Connection: close\r\n"));
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, OversizedBodyGets413AndConnectionCloses) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  std::atomic<int> calls{0};
  start(
      [&](Request&) {
        ++calls;
        return Response::text(200, "should not run");
      },
      options);
  Client client(server_->port());
  std::string body(4096, 'x');
  auto res = client.request("POST /api/v1/import HTTP/1.1\r\nHost: l\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(error_of(res)["code"], "payload_too_large");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(ServerTest, OversizedChunkedBodyGets413) {
  ServerOptions options;
  options.max_body_bytes = 16;
  start(echo, options);
  Client client(server_->port());
  auto res = client.request(
      "POST /x HTTP/1.1\r\nHost: l\r\nTransfer-Encoding: chunked\r\n\r\n"
      "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
  EXPECT_EQ(res.result_int(), 413);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  ServerOptions options;
  options.max_body_bytes = 16;
  start(echo, options);
  Client client(server_->port());
  auto res =
      client.request("POST /x HTTP/1.1\r\nHost: l\r\nContent-Length: 16\r\n\r\n0123456789abcdef");
  EXPECT_EQ(res.result_int(), 200);
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  start(echo);
  Client client(server_->port());
  client.send("POST /x HTTP/1.1\r\nHost: l\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.read();
  EXPECT_EQ(interim.result_int(), 100);
  client.send("abc");
  auto res = client.read();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(nlohmann::json::parse(res.body())["body"], "abc");
}

TEST_F(ServerTest, MalformedRequestGets400) {
  start(echo);
  Client client(server_->port());
  auto res = client.request("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(error_of(res)["code"], "bad_request");
  EXPECT_FALSE(res.keep_alive());
}

TEST_F(ServerTest, BadContentLengthGets400) {
  start(echo);
  Client client(server_->port());
  auto res = client.request("POST /x HTTP/1.1\r\nHost: l\r\nContent-Length: abc\r\n\r\n");
  EXPECT_EQ(res.result_int(), 400);
}

TEST_F(ServerTest, HugeHeadersGet431) {
  start(echo);
  Client client(server_->port());
  auto res = client.request(get("/x", "X-Big: " + std::string(40000, 'a') + "\r\n"));
  EXPECT_EQ(res.result_int(), 431);
}

TEST_F(ServerTest, HandlerExceptionGets500WithoutLeakingDetails) {
  start([](Request&) -> Response { throw std::runtime_error("secret database password"); });
  Client client(server_->port());
  auto res = client.request(get("/boom"));
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(error_of(res)["code"], "internal");
  EXPECT_EQ(res.body().find("secret"), std::string::npos);
  // The connection survives a failed handler.
  EXPECT_EQ(client.request(get("/again")).result_int(), 500);
}

TEST_F(ServerTest, HeadResponseHasLengthButNoBody) {
  Router router;
  router.add("GET", "/api/v1/health", [](Request&) { return Response::text(200, "healthy"); });
  start([&router](Request& r) { return router.dispatch(r); });
  Client client(server_->port());
  auto res = client.request("HEAD /api/v1/health HTTP/1.1\r\nHost: l\r\n\r\n", true);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_length], "7");
  // The next response on the same connection parses cleanly, so no body bytes were sent.
  auto next = client.request(get("/api/v1/health"));
  EXPECT_EQ(next.body(), "healthy");
}

TEST_F(ServerTest, NoContentAndNotModifiedCarryNoBody) {
  start([](Request& r) { return Response::text(r.path == "/204" ? 204 : 304, "ignored"); });
  Client client(server_->port());
  auto a = client.request(get("/204"));
  EXPECT_EQ(a.result_int(), 204);
  EXPECT_TRUE(a.body().empty());
  auto b = client.request(get("/304"));
  EXPECT_EQ(b.result_int(), 304);
  EXPECT_TRUE(b.body().empty());
  EXPECT_EQ(client.request(get("/204")).result_int(), 204);
}

TEST_F(ServerTest, HandlerCannotInjectHeadersOrOverrideFraming) {
  start([](Request&) {
    Response r = Response::text(200, "abc");
    r.set_header("Content-Length", "999");
    r.set_header("X-Evil", "a\r\nSet-Cookie: x=1");
    r.set_header("X-Good", "fine");
    return r;
  });
  Client client(server_->port());
  auto res = client.request(get("/x"));
  EXPECT_EQ(res.body(), "abc");
  EXPECT_EQ(res[http::field::content_length], "3");
  EXPECT_EQ(res.count("X-Evil"), 0u);
  EXPECT_EQ(res.count(http::field::set_cookie), 0u);
  EXPECT_EQ(res["X-Good"], "fine");
}

TEST_F(ServerTest, ServesConcurrentClients) {
  ServerOptions options;
  options.threads = 2;
  start([](Request& r) { return Response::text(200, r.path); }, options);
  constexpr int kClients = 16;
  constexpr int kRequests = 25;
  std::vector<std::future<int>> results;
  for (int c = 0; c < kClients; ++c) {
    results.push_back(std::async(std::launch::async, [port = server_->port(), c] {
      Client client(port);
      int ok = 0;
      for (int i = 0; i < kRequests; ++i) {
        std::string path = "/c" + std::to_string(c) + "/r" + std::to_string(i);
        auto res = client.request(get(path));
        if (res.result_int() == 200 && res.body() == path) ++ok;
      }
      return ok;
    }));
  }
  int total = 0;
  for (auto& f : results) total += f.get();
  EXPECT_EQ(total, kClients * kRequests);
}

TEST(HttpServer, StartFailsClearlyWhenPortIsTaken) {
  HttpServer first(ServerOptions{.address = "127.0.0.1", .port = 0}, echo);
  ASSERT_TRUE(first.start().has_value());
  ServerOptions taken{.address = "127.0.0.1", .port = first.port()};
  HttpServer second(taken, echo);
  auto result = second.start();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                        ": address already in use");
  second.wait();  // never started: returns at once
  first.stop();
  first.wait();
}

TEST(HttpServer, StartFailsOnBadAddress) {
  HttpServer server(ServerOptions{.address = "no.such.host.invalid", .port = 0}, echo);
  auto result = server.start();
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("cannot listen on no.such.host.invalid:0"),
            std::string::npos);
}

TEST(HttpServer, StopFromAnotherThreadUnblocksWait) {
  HttpServer server(ServerOptions{.address = "127.0.0.1", .port = 0}, echo);
  ASSERT_TRUE(server.start().has_value());
  auto begin = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop();
  });
  server.wait();
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(2));
  server.stop();  // idempotent
  server.wait();
}

TEST(HttpServer, StopFromHandlerThreadWithOpenConnections) {
  std::unique_ptr<HttpServer> server;
  server =
      std::make_unique<HttpServer>(ServerOptions{.address = "127.0.0.1", .port = 0}, [&](Request&) {
        server->stop();
        return Response::text(200, "bye");
      });
  ASSERT_TRUE(server->start().has_value());
  Client idle(server->port());  // an idle keep-alive connection must not block shutdown
  Client client(server->port());
  client.send(get("/stop"));
  server->wait();
  server.reset();
}

}  // namespace
}  // namespace pvf::server
