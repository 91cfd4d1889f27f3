// Streamed bodies (Server-Sent Events) end to end: a real HttpServer on an ephemeral port and a
// blocking client on a raw socket. Kept apart from http_server_test.cpp, which covers ordinary
// responses.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "server/http_server.h"

namespace pvf::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  void send(const std::string& raw) { net::write(socket_, net::buffer(raw)); }
  // A whole response, chunked bodies decoded.
  http::response<http::string_body> read() {
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    return res;
  }
  // Raw bytes until `needle` has arrived (or the connection ends); returns all read so far.
  std::string read_until(std::string_view needle) {
    boost::system::error_code ec;
    while (raw_.find(needle) == std::string::npos && !ec) {
      std::array<char, 4096> buf{};
      size_t n = socket_.read_some(net::buffer(buf), ec);
      raw_.append(buf.data(), n);
    }
    return raw_;
  }
  std::string read_to_eof() { return read_until(std::string(64, '\x01')); }  // never present
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::string raw_;
};

std::string get(const std::string& target, const std::string& version = "1.1") {
  return "GET " + target + " HTTP/" + version + "\r\nHost: localhost\r\n\r\n";
}

// Sets a flag when destroyed: shows when the transport has let go of a producer. The flag is
// shared, so a producer the server lets go of only after the test has returned (at its
// shutdown) sets it safely; and it is built in place, since a temporary's destructor would set
// it at once and make the test unable to fail.
struct ReleaseFlag {
  explicit ReleaseFlag(std::shared_ptr<std::atomic<bool>> f) : flag(std::move(f)) {}
  ReleaseFlag(const ReleaseFlag&) = delete;
  ReleaseFlag& operator=(const ReleaseFlag&) = delete;
  ~ReleaseFlag() { flag->store(true); }
  std::shared_ptr<std::atomic<bool>> flag;
};

bool eventually(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag.load(); ++i) std::this_thread::sleep_for(10ms);
  return flag.load();
}

// Yields "n" events numbered 1..n, with "nothing ready yet" between them, then ends.
std::function<StreamChunk()> counting(int n) {
  return [i = 0, n, idle = false]() mutable {
    idle = !idle;
    if (idle) return StreamChunk{};
    ++i;
    return StreamChunk{sse_event("progress", "{\"i\":" + std::to_string(i) + "}"), i >= n};
  };
}

class StreamTest : public ::testing::Test {
 protected:
  void start(Handler handler) {
    server_ = std::make_unique<HttpServer>(ServerOptions{.address = "127.0.0.1", .port = 0},
                                           std::move(handler));
    auto started = server_->start();
    ASSERT_TRUE(started.has_value()) << started.error().message;
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      server_->wait();
    }
  }
  std::unique_ptr<HttpServer> server_;
};

TEST(Sse, FormatsOneEventWithOneDataLinePerLine) {
  EXPECT_EQ(sse_event("progress", "{\"done\":1}"), "event: progress\ndata: {\"done\":1}\n\n");
  EXPECT_EQ(sse_event("", "a\nb\r\nc\rd"), "data: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(sse_event("bad\r\nname", ""), "event: badname\ndata: \n\n");
  EXPECT_EQ(sse_event("e", "end\n"), "event: e\ndata: end\ndata: \n\n");
}

TEST(Sse, EventStreamResponseHasTheSseHeaders) {
  Response r = Response::event_stream([] { return StreamChunk{{}, true}; });
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  ASSERT_TRUE(r.stream);
  EXPECT_EQ(r.stream->keepalive, ":\n\n");
}

TEST_F(StreamTest, ClientReceivesEventsInOrderThenTheConnectionIsReused) {
  start([](Request& r) {
    if (r.path == "/events") return Response::event_stream(counting(5), 1ms);
    return Response::text(200, "after");
  });
  Client client(server_->port());
  client.send(get("/events"));
  auto res = client.read();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::content_type], "text/event-stream; charset=utf-8");
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  EXPECT_TRUE(res.chunked());
  std::string expected;
  for (int i = 1; i <= 5; ++i) {
    expected += sse_event("progress", "{\"i\":" + std::to_string(i) + "}");
  }
  EXPECT_EQ(res.body(), expected);
  client.send(get("/next"));  // keep-alive survives a finished stream
  EXPECT_EQ(client.read().body(), "after");
}

TEST_F(StreamTest, EachEventIsFlushedBeforeTheNextIsProduced) {
  std::atomic<bool> go{false};
  start([&](Request&) {
    return Response::event_stream(
        [&, first = true]() mutable {
          if (first) {
            first = false;
            return StreamChunk{sse_event("progress", "first"), false};
          }
          if (!go.load()) return StreamChunk{};  // held back until the client saw the first
          return StreamChunk{sse_event("done", "second"), true};
        },
        1ms);
  });
  Client client(server_->port());
  client.send(get("/events"));
  std::string seen = client.read_until("data: first\n\n");
  EXPECT_EQ(seen.find("second"), std::string::npos);
  go = true;
  seen = client.read_until("0\r\n\r\n");  // the last chunk
  EXPECT_LT(seen.find("data: first"), seen.find("event: done\ndata: second\n\n"));
}

TEST_F(StreamTest, Http10GetsACloseDelimitedStream) {
  start([](Request&) { return Response::event_stream(counting(3), 1ms); });
  Client client(server_->port());
  client.send(get("/events", "1.0"));
  std::string raw = client.read_to_eof();
  EXPECT_EQ(raw.find("Transfer-Encoding"), std::string::npos);
  EXPECT_EQ(raw.find("Content-Length"), std::string::npos);
  EXPECT_TRUE(raw.ends_with("\r\n\r\n" + sse_event("progress", "{\"i\":1}") +
                            sse_event("progress", "{\"i\":2}") +
                            sse_event("progress", "{\"i\":3}")));
}

TEST_F(StreamTest, IdleStreamSendsKeepAliveComments) {
  start([](Request&) {
    Response r = Response::event_stream(
        [start = std::chrono::steady_clock::now()] {
          if (std::chrono::steady_clock::now() - start < 200ms) return StreamChunk{};
          return StreamChunk{sse_event("done", "{}"), true};
        },
        5ms);
    r.stream->keepalive_interval = 20ms;
    return r;
  });
  Client client(server_->port());
  client.send(get("/events"));
  auto res = client.read();
  EXPECT_TRUE(res.body().starts_with(":\n\n"));
  EXPECT_TRUE(res.body().ends_with(sse_event("done", "{}")));
}

TEST_F(StreamTest, ClientThatDisconnectsEarlyReleasesTheStream) {
  auto released = std::make_shared<std::atomic<bool>>(false);
  start([released](Request& r) {
    if (r.path != "/events") return Response::text(200, "still serving");
    auto flag = std::make_shared<ReleaseFlag>(released);
    auto endless = [flag, i = 0]() mutable {  // only the client's going away stops it
      return StreamChunk{sse_event("tick", std::to_string(++i)), false};
    };
    return Response::event_stream(endless, 1ms);
  });
  {
    Client client(server_->port());
    client.send(get("/events"));
    client.read_until("data: 3\n\n");
    client.close();
  }
  EXPECT_TRUE(eventually(*released));
  Client other(server_->port());
  other.send(get("/other"));
  EXPECT_EQ(other.read().body(), "still serving");
}

TEST_F(StreamTest, StoppingTheServerEndsAnIdleStream) {
  auto released = std::make_shared<std::atomic<bool>>(false);
  start([released](Request&) {
    auto flag = std::make_shared<ReleaseFlag>(released);
    return Response::event_stream([flag] { return StreamChunk{}; }, 1ms);  // never anything
  });
  Client client(server_->port());
  client.send(get("/events"));
  client.read_until("\r\n\r\n");  // the header has arrived; the stream is idle
  const auto begin = std::chrono::steady_clock::now();
  server_->stop();
  server_->wait();
  server_.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 2s);
  EXPECT_TRUE(released->load());
}

}  // namespace
}  // namespace pvf::server
