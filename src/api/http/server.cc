// <utility> before Boost: Boost 1.74 headers rely on it transitively.
#include "api/http/server.h"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <utility>
#include <vector>

#include "api/errors.h"

namespace rx::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  Impl(ServerOptions o, HttpHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        ioc(options.io_threads),
        acceptor(ioc),
        workers(static_cast<size_t>(options.worker_threads)),
        signals(ioc) {}

  ServerOptions options;
  HttpHandler handler;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::thread_pool workers;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};

  asio::awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket =
          co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
    }
  }

  static HttpRequest to_plain(http::request<http::string_body>&& req, const tcp::socket& socket) {
    HttpRequest out;
    out.method = std::string(req.method_string());
    out.target = std::string(req.target());
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.body = std::move(req.body());
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (!ec) out.remote_address = endpoint.address().to_string();
    return out;
  }

  HttpResponse call_handler_safely(const HttpRequest& request) {
    try {
      return handler(request);
    } catch (const std::exception&) {
      return error_response(500, "internal", "internal error; see the server log");
    }
  }

  // Runs the handler on the worker pool; completes on the caller's (I/O) executor.
  template <class Token>
  auto async_call_handler(HttpRequest request, Token&& token) {
    return asio::async_initiate<Token, void(HttpResponse)>(
        [this](auto completion, HttpRequest req) {
          auto io = asio::prefer(asio::get_associated_executor(completion, ioc.get_executor()),
                                 asio::execution::outstanding_work.tracked);
          asio::post(workers, [this, req = std::move(req), completion = std::move(completion),
                               io]() mutable {
            HttpResponse response = call_handler_safely(req);
            asio::post(
                io, [completion = std::move(completion), response = std::move(response)]() mutable {
                  std::move(completion)(std::move(response));
                });
          });
        },
        token, std::move(request));
  }

  asio::awaitable<void> write(beast::tcp_stream& stream, HttpResponse plain, unsigned version,
                              bool keep_alive, bool head) {
    http::response<http::string_body> res{static_cast<http::status>(plain.status), version};
    res.set(http::field::server, "rongxin");
    const bool no_content = plain.status == 204 || plain.status == 304;  // RFC 9110 8.6
    if (!no_content) res.set(http::field::content_type, plain.content_type);
    for (auto& [k, v] : plain.headers) res.insert(k, v);
    res.keep_alive(keep_alive);
    if (no_content) {
      // neither body nor Content-Length
    } else if (head) {
      res.content_length(plain.body.size());
    } else {
      res.body() = std::move(plain.body);
      res.prepare_payload();
    }
    stream.expires_after(options.write_timeout);
    beast::error_code ec;  // a failed write ends the connection; nothing else to do
    if (head) {
      http::response_serializer<http::string_body> sr{res};
      sr.split(true);
      co_await http::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    }
  }

  HttpResponse protocol_error(const beast::error_code& ec) const {
    if (ec == http::error::body_limit) {
      std::vector<FieldError> details{{"body", "too large"}};
      return error_response(
          413, "payload_too_large",
          "request body exceeds " + std::to_string(options.max_body_bytes) + " bytes", details);
    }
    return error_response(400, "bad_request", "malformed HTTP request: " + ec.message());
  }

  // After an error answer, stop sending and discard what the client is still sending (for a
  // while), so that it reads our response instead of a connection reset.
  asio::awaitable<void> linger(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 65536> scratch;
    size_t discarded = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!ec && discarded < (size_t{64} << 20) && std::chrono::steady_clock::now() < deadline) {
      stream.expires_after(std::chrono::seconds(1));
      discarded += co_await stream.async_read_some(asio::buffer(scratch),
                                                   asio::redirect_error(asio::use_awaitable, ec));
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body_bytes);
      stream.expires_after(options.read_timeout);
      beast::error_code ec;
      co_await http::async_read(stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
          ec == asio::error::eof)
        break;
      if (ec) {
        // Answer protocol errors once, then close: the stream is out of sync.
        ++in_flight;
        HttpResponse error = protocol_error(ec);
        co_await write(stream, std::move(error), 11, false, false);
        --in_flight;
        co_await linger(stream);
        break;
      }
      ++in_flight;
      auto req = parser.release();
      unsigned version = req.version();
      bool keep_alive = req.keep_alive();
      bool head = req.method() == http::verb::head;
      // GCC 12 mishandles temporaries inside co_await expressions: keep arguments in locals.
      HttpRequest plain = to_plain(std::move(req), stream.socket());
      HttpResponse response = co_await async_call_handler(std::move(plain), asio::use_awaitable);
      keep_alive = keep_alive && !stopping;
      co_await write(stream, std::move(response), version, keep_alive, head);
      --in_flight;
      if (!keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> drain() {
    asio::steady_timer timer(ioc);
    auto deadline = std::chrono::steady_clock::now() + options.drain_timeout;
    while (in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      beast::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    ioc.stop();
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    asio::co_spawn(ioc, drain(), asio::detached);
  }
};

HttpServer::HttpServer(ServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
  impl_->workers.join();
}

Status HttpServer::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return invalid_argument("invalid listen address '" + impl_->options.address + "'");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return unavailable("cannot listen on " + impl_->options.address + ":" +
                       std::to_string(impl_->options.port) + ": " + ec.message());
  return Status::ok();
}

uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::stop_on_signals() {
  Impl& s = *impl_;
  s.signals.add(SIGINT);
  s.signals.add(SIGTERM);
  s.signals.async_wait([&s](const beast::error_code& ec, int) {
    if (!ec) s.begin_stop();
  });
}

void HttpServer::run(bool handle_signals) {
  Impl& s = *impl_;
  if (handle_signals) stop_on_signals();
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  std::vector<std::thread> extra;
  for (int i = 1; i < s.options.io_threads; ++i) extra.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : extra) t.join();
}

void HttpServer::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_stop(); });
}

}  // namespace rx::api
