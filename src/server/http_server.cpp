// The HTTP/1.1 transport over Boost.Beast. This is the only translation unit that sees Beast or
// Asio: a request is parsed by Beast, turned into a pvf::server::Request, handed to the Handler,
// and the Response is written back.
//
// Threading: one io_context run by `threads` workers; each connection runs on its own strand, so
// a session's state needs no lock, and nothing in the request path takes a lock.
//
// Streamed bodies (Server-Sent Events) are pulled, never pushed: the producer is asked for more on
// the connection's strand, and when it has nothing the session waits on a timer, so a stream never
// holds a worker thread and a stopped server simply abandons the timer.
#include "server/http_server.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace pvf::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr auto kReadTimeout = std::chrono::seconds(30);   // idle keep-alive and slow requests
constexpr auto kWriteTimeout = std::chrono::seconds(30);  // slow readers
constexpr auto kLingerTimeout = std::chrono::seconds(2);  // draining after an error response
constexpr size_t kLingerMaxBytes = size_t{8} << 20;
constexpr uint32_t kHeaderLimit = 32 * 1024;
constexpr std::string_view kServerName = "pvf";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted at most once a second per thread.
std::string_view http_date() {
  thread_local std::time_t last = -1;
  thread_local std::array<char, 40> buf{};
  thread_local size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm t{};
    gmtime_r(&now, &t);
    int n = std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                          kDays[t.tm_wday % 7], t.tm_mday, kMonths[t.tm_mon % 12], t.tm_year + 1900,
                          t.tm_hour, t.tm_min, t.tm_sec);
    len = n > 0 ? static_cast<size_t>(n) : 0;
    last = now;
  }
  return {buf.data(), len};
}

// Beast 1.74 uses boost::string_view; convert at the boundary.
beast::string_view bsv(std::string_view s) { return {s.data(), s.size()}; }
std::string_view ssv(beast::string_view s) { return {s.data(), s.size()}; }

bool has_crlf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Headers the transport owns: framing and connection management are never taken from a handler.
bool transport_header(std::string_view name_sv) {
  const beast::string_view name = bsv(name_sv);
  return beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
         beast::iequals(name, "connection") || beast::iequals(name, "date") ||
         beast::iequals(name, "server");
}

std::string format_endpoint(const std::string& address, uint16_t port) {
  if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
  return address + ":" + std::to_string(port);
}

std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

struct Shared {
  Handler handler;
  size_t max_body_bytes;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const Shared& shared)
      : stream_(std::move(socket)), shared_(shared), poll_timer_(stream_.get_executor()) {}

  void start() {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

 private:
  void read_header() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(shared_.max_body_bytes);
    stream_.expires_after(kReadTimeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return handle();
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      stream_.expires_after(kWriteTimeout);
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    stream_.expires_after(kReadTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->on_read_error(ec);
                       self->handle();
                     });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream) {  // the client closed between requests
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    if (ec == http::error::body_limit) {
      return send_error(Response::error(413, "payload_too_large",
                                        "The request body is larger than the limit of " +
                                            std::to_string(shared_.max_body_bytes) + " bytes."));
    }
    if (ec == http::error::header_limit) {
      return send_error(Response::error(431, "header_too_large",
                                        "The request headers are larger than the limit of " +
                                            std::to_string(kHeaderLimit) + " bytes."));
    }
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::partial_message) {
      return send_error(Response::error(400, "bad_request", "The request is not valid HTTP/1.1."));
    }
    // Timeout (the stream is already closed), reset, abort, or a truncated message: just drop.
    close();
  }

  void handle() {
    http::request<http::string_body> message = parser_->release();
    const bool head = message.method() == http::verb::head;
    const unsigned version = message.version();
    bool keep_alive = message.keep_alive();

    Request request = Request::make(std::string(message.method_string()),
                                    std::string(message.target()), std::move(message.body()));
    for (const auto& field : message) {
      auto [it, inserted] =
          request.headers.try_emplace(lower(ssv(field.name_string())), ssv(field.value()));
      if (!inserted) {  // repeated header: combine (RFC 9110 5.3; cookies use "; ")
        it->second += it->first == "cookie" ? "; " : ", ";
        it->second.append(field.value().data(), field.value().size());
      }
    }
    request.remote_address = remote_address_;

    Response response;
    try {
      response = shared_.handler(request);
    } catch (...) {
      // Never leak what went wrong to the client.
      response = Response::error(500, "internal", "The server could not complete the request.");
    }
    if (response.status < 100 || response.status > 999) {
      response = Response::error(500, "internal", "The server could not complete the request.");
    }
    if (auto connection = response.header("Connection");
        connection && beast::iequals(bsv(*connection), "close")) {
      keep_alive = false;
    }
    const int status = response.status;
    if (response.stream && !head && status >= 200 && status != 204 && status != 304) {
      return start_stream(std::move(response), version, keep_alive);
    }
    build(std::move(response), version, head, keep_alive);
    write(false);
  }

  // The status line and headers of a pvf Response; the transport owns framing headers.
  template <class Body>
  static void fill_header(http::response<Body>& res, const Response& response, unsigned version,
                          bool keep_alive) {
    res.version(version);
    res.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) {
      if (name.empty() || transport_header(name) || has_crlf(name) || has_crlf(value)) continue;
      res.insert(name, value);
    }
    res.set(http::field::date, bsv(http_date()));
    res.set(http::field::server, bsv(kServerName));
    res.keep_alive(keep_alive);
  }

  // Fills res_ from a pvf Response.
  void build(Response&& response, unsigned version, bool head, bool keep_alive) {
    res_ = {};
    fill_header(res_, response, version, keep_alive);
    const int status = response.status;
    if (status < 200 || status == 204 || status == 304) {
      res_.body().clear();  // these responses carry no body and no Content-Length
    } else if (head) {
      size_t length = response.body.size();
      if (response.body.empty()) {  // the Router states the GET body's length for HEAD
        if (auto declared = response.header("Content-Length")) {
          try {
            length = std::stoull(*declared);
          } catch (...) {
          }
        }
      }
      res_.content_length(length);
      res_.body().clear();
    } else {
      res_.content_length(response.body.size());
      res_.body() = std::move(response.body);
    }
  }

  void write(bool then_linger) {
    stream_.expires_after(kWriteTimeout);
    http::async_write(stream_, res_,
                      [self = shared_from_this(), then_linger](beast::error_code ec, size_t) {
                        self->on_write(ec, then_linger);
                      });
  }

  void on_write(beast::error_code ec, bool then_linger) {
    if (ec) return close();
    if (then_linger) return linger();
    if (!res_.keep_alive()) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    res_ = {};  // release the body before waiting for the next request
    read_header();
  }

  // An error response always closes the connection: the rest of the request is unread.
  void send_error(Response response) {
    build(std::move(response), 11, false, false);
    write(true);
  }

  // After an error response, read and discard what the client is still sending before closing,
  // so that closing with unread data does not reset the connection before the client has read
  // the response.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.consume(buffer_.size());
    stream_.expires_after(kLingerTimeout);
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(16 * 1024),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerMaxBytes) return self->close();
                              self->drain();
                            });
  }

  void close() {
    beast::error_code ignored;
    poll_timer_.cancel();
    stream_.socket().close(ignored);
  }

  // --- streamed bodies: header, then chunks as the producer yields them, then the last chunk ---

  void start_stream(Response&& response, unsigned version, bool keep_alive) {
    body_stream_ = std::move(response.stream);
    chunked_ = version >= 11;
    if (!chunked_) keep_alive = false;  // HTTP/1.0: the body ends when the connection closes
    stream_res_.emplace();
    fill_header(*stream_res_, response, version, keep_alive);
    if (chunked_) stream_res_->chunked(true);
    stream_sr_.emplace(*stream_res_);
    stream_.expires_after(kWriteTimeout);
    http::async_write_header(stream_, *stream_sr_,
                             [self = shared_from_this()](beast::error_code ec, size_t) {
                               self->on_stream_write(ec, false);
                             });
  }

  void pump() {
    StreamChunk chunk;
    try {
      chunk = body_stream_->next();
    } catch (...) {  // a broken producer ends its stream, not the server
      chunk = StreamChunk{{}, true};
    }
    if (!chunk.data.empty()) return write_chunk(std::move(chunk.data), chunk.end);
    if (chunk.end) return finish_stream();
    if (!body_stream_->keepalive.empty() &&
        std::chrono::steady_clock::now() - last_write_ >= body_stream_->keepalive_interval) {
      return write_chunk(body_stream_->keepalive, false);
    }
    poll_timer_.expires_after(body_stream_->poll_interval);
    poll_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->pump();
    });
  }

  void write_chunk(std::string data, bool last) {
    chunk_data_ = std::move(data);
    stream_.expires_after(kWriteTimeout);
    auto done = [self = shared_from_this(), last](beast::error_code ec, size_t) {
      self->on_stream_write(ec, last);
    };
    if (chunked_) {
      net::async_write(stream_, http::make_chunk(net::buffer(chunk_data_)), std::move(done));
    } else {
      net::async_write(stream_, net::buffer(chunk_data_), std::move(done));
    }
  }

  void on_stream_write(beast::error_code ec, bool last) {
    if (ec) return close();  // the client went away (or is too slow): drop the stream
    stream_.expires_never();  // no operation is pending while the producer has nothing
    last_write_ = std::chrono::steady_clock::now();
    if (last) return finish_stream();
    pump();
  }

  void finish_stream() {
    body_stream_.reset();  // release what the producer holds as soon as it is done
    chunk_data_.clear();
    if (!chunked_) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    stream_.expires_after(kWriteTimeout);
    net::async_write(stream_, http::make_chunk_last(),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->close();
                       const bool keep_alive = self->stream_res_->keep_alive();
                       self->stream_sr_.reset();
                       self->stream_res_.reset();
                       if (!keep_alive) {
                         beast::error_code ignored;
                         self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                         return;
                       }
                       self->read_header();
                     });
  }

  beast::tcp_stream stream_;
  const Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::string remote_address_;
  size_t drained_ = 0;
  // A streamed body in progress (start_stream .. finish_stream).
  net::steady_timer poll_timer_;
  std::shared_ptr<BodyStream> body_stream_;
  bool chunked_ = false;
  std::optional<http::response<http::empty_body>> stream_res_;
  std::optional<http::response_serializer<http::empty_body>> stream_sr_;
  std::string chunk_data_;
  std::chrono::steady_clock::time_point last_write_{};
};

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  Shared shared;
  // Declared after `shared`: destroying the io_context destroys pending sessions, which refer to
  // `shared`. The acceptor and timer are declared after the io_context so they go first.
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  std::vector<std::thread> threads;
  uint16_t bound_port = 0;
  bool started = false;

  std::mutex mutex;
  std::condition_variable cv;
  bool stop_requested = false;
  int running_threads = 0;
  std::mutex join_mutex;

  Impl(ServerOptions opts, Handler handler)
      : options(std::move(opts)),
        shared{std::move(handler), options.max_body_bytes},
        ioc(options.threads > 0 ? options.threads : 1),
        acceptor(ioc),
        accept_retry(ioc) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {
        // e.g. out of file descriptors: back off briefly instead of spinning.
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) accept();
        });
        return;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), shared)->start();
      accept();
    });
  }

  void run_worker() {
    while (true) {
      try {
        ioc.run();
        break;
      } catch (...) {  // a handler threw past its own catch: keep serving
      }
    }
    std::lock_guard lock(mutex);
    --running_threads;
    cv.notify_all();
  }

  void join() {
    std::lock_guard lock(join_mutex);
    for (auto& t : threads) {
      if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
    }
  }
};

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
  stop();
  impl_->join();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.detach();  // only when destroyed from a worker thread itself
  }
}

Status HttpServer::start() {
  Impl& s = *impl_;
  const std::string where = format_endpoint(s.options.address, s.options.port);
  if (s.started) return fail(Error::conflict("The server at " + where + " is already started."));

  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = net::ip::make_address(s.options.address, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, s.options.port);
  } else {
    tcp::resolver resolver(s.ioc);
    auto results = resolver.resolve(s.options.address, std::to_string(s.options.port),
                                    tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      return fail(Error::io("cannot listen on " + where + ": cannot resolve address \"" +
                            s.options.address + "\""));
    }
    endpoint = results.begin()->endpoint();
  }

  auto failed = [&](beast::error_code e) {
    beast::error_code ignored;
    s.acceptor.close(ignored);
    return fail(Error::io("cannot listen on " + where + ": " + lower_first(e.message())));
  };
  s.acceptor.open(endpoint.protocol(), ec);
  if (ec) return failed(ec);
  s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return failed(ec);
  s.acceptor.bind(endpoint, ec);
  if (ec) return failed(ec);
  s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return failed(ec);
  s.bound_port = s.acceptor.local_endpoint(ec).port();
  if (ec) return failed(ec);

  s.started = true;
  s.accept();
  const int n = s.options.threads > 0 ? s.options.threads : 1;
  {
    std::lock_guard lock(s.mutex);
    s.running_threads = n;
  }
  s.threads.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.run_worker(); });
  return {};
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::wait() {
  Impl& s = *impl_;
  {
    std::unique_lock lock(s.mutex);
    s.cv.wait(lock, [&] { return s.stop_requested || s.running_threads == 0; });
  }
  s.join();
}

void HttpServer::stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    s.stop_requested = true;
  }
  s.cv.notify_all();
  s.ioc.stop();
}

}  // namespace pvf::server
