#include "server/job_events.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <thread>

#include "server/http_server.h"

namespace pvf::server {
namespace {

using namespace std::chrono_literals;

struct Event {
  std::string name;
  nlohmann::json data;
};

// Splits formatted SSE text ("event: x\ndata: {...}\n\n"...) into events; data is one JSON line.
std::vector<Event> parse_events(std::string_view text) {
  std::vector<Event> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) break;
    std::string_view block = text.substr(pos, end - pos);
    pos = end + 2;
    if (block.starts_with(":")) continue;  // keep-alive comment
    Event e;
    size_t nl = block.find('\n');
    e.name = std::string(block.substr(7, nl - 7));         // after "event: "
    e.data = nlohmann::json::parse(block.substr(nl + 7));  // after "\ndata: "
    out.push_back(std::move(e));
  }
  return out;
}

// A fake job reporting 1..3 of 3, each time waiting until the test has seen the report.
JobWork stepping_job(std::atomic<int>& seen) {
  return [&seen](JobContext& ctx) -> Result<nlohmann::json> {
    for (int i = 1; i <= 3; ++i) {
      ctx.report(static_cast<uint64_t>(i), 3, "step " + std::to_string(i));
      while (seen.load() < i && !ctx.stop_requested()) std::this_thread::sleep_for(1ms);
    }
    return nlohmann::json{{"ok", true}};
  };
}

JobRunnerOptions unthrottled() {
  JobRunnerOptions options;
  options.report_interval = 0ms;
  return options;
}

TEST(JobEvents, UnknownJobIs404) {
  JobRunner runner;
  Response r = job_events(runner, "no-such-job");
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.stream);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "not_found");
}

TEST(JobEvents, StreamsEachChangeThenOneDoneEvent) {
  JobRunner runner(unthrottled());
  std::atomic<int> seen{0};
  auto id = runner.submit("fake", 1, stepping_job(seen));
  ASSERT_TRUE(id.has_value());
  Response r = job_events(runner, *id, 1ms);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/event-stream; charset=utf-8");
  ASSERT_TRUE(r.stream);

  std::vector<Event> events;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  bool ended = false;
  while (!ended && std::chrono::steady_clock::now() < deadline) {
    StreamChunk chunk = r.stream->next();
    ended = chunk.end;
    if (chunk.data.empty()) {
      std::this_thread::sleep_for(1ms);
      continue;
    }
    for (auto& e : parse_events(chunk.data)) {
      if (e.name == "progress") seen = std::max(seen.load(), e.data["done"].get<int>());
      events.push_back(std::move(e));
    }
  }
  ASSERT_TRUE(ended);
  ASSERT_GE(events.size(), 4u);  // done 1, 2, 3 at least, then done
  int last_done = -1;
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i].name, "progress");
    const int done = events[i].data["done"].get<int>();
    EXPECT_GE(done, last_done);
    last_done = done;
    EXPECT_EQ(events[i].data["total"], done == 0 ? 0 : 3);
  }
  EXPECT_EQ(last_done, 3);
  const Event& done = events.back();
  EXPECT_EQ(done.name, "done");
  EXPECT_EQ(done.data["status"], "succeeded");
  EXPECT_EQ(done.data["result"]["ok"], true);
  EXPECT_EQ(done.data["message"], "step 3");
  EXPECT_DOUBLE_EQ(done.data["fraction"].get<double>(), 1.0);
}

TEST(JobEvents, CancelledJobEndsWithDoneCarryingTheError) {
  JobRunner runner(unthrottled());
  std::atomic<int> seen{0};  // never advanced: the job waits until cancelled
  auto id = runner.submit("fake", 1, [&seen](JobContext& ctx) -> Result<nlohmann::json> {
    ctx.report(1, 3, "step 1");
    while (seen.load() < 1 && !ctx.stop_requested()) std::this_thread::sleep_for(1ms);
    return fail(Error::cancelled("cancelled by its user"));
  });
  ASSERT_TRUE(id.has_value());
  ASSERT_TRUE(runner.cancel(*id).has_value());
  Response r = job_events(runner, *id, 1ms);
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    StreamChunk chunk = r.stream->next();
    text += chunk.data;
    if (chunk.end) break;
    std::this_thread::sleep_for(1ms);
  }
  auto events = parse_events(text);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().name, "done");
  EXPECT_EQ(events.back().data["status"], "cancelled");
  EXPECT_EQ(events.back().data["error"]["code"], "cancelled");
}

TEST(JobEvents, StreamsOverHttpToTheFinalEvent) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  namespace net = boost::asio;
  JobRunner runner(unthrottled());
  HttpServer server(ServerOptions{.address = "127.0.0.1", .port = 0},
                    [&](Request& req) { return job_events(runner, req.path.substr(1), 1ms); });
  ASSERT_TRUE(server.start().has_value());
  auto id = runner.submit("fake", 1, [](JobContext& ctx) -> Result<nlohmann::json> {
    for (uint64_t i = 1; i <= 5; ++i) {
      ctx.report(i, 5, "working");
      std::this_thread::sleep_for(5ms);
    }
    return nlohmann::json{{"answer", 42}};
  });
  ASSERT_TRUE(id.has_value());

  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"), server.port()});
  const std::string request = "GET /" + *id + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  net::write(socket, net::buffer(request));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  EXPECT_EQ(res.result_int(), 200);
  auto events = parse_events(res.body());
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.front().name, "progress");
  EXPECT_EQ(events.back().name, "done");
  EXPECT_EQ(events.back().data["result"]["answer"], 42);

  const std::string unknown = "GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n";
  net::write(socket, net::buffer(unknown));
  http::response<http::string_body> missing;
  http::read(socket, buffer, missing);
  EXPECT_EQ(missing.result_int(), 404);
  server.stop();
  server.wait();
}

}  // namespace
}  // namespace pvf::server
