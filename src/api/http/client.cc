// <utility> before Boost: Boost 1.74 headers rely on it transitively.
#include "api/http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <utility>

namespace rx::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Url {
  std::string host, port, target;
};

Result<Url> parse_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return invalid_argument("only http:// URLs: " + url);
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  Url out{authority, "80", slash == std::string::npos ? "/" : rest.substr(slash)};
  if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return invalid_argument("no host in " + url);
  return out;
}

}  // namespace

Result<ingest::FetchResponse> http_get(const std::string& url, std::chrono::milliseconds timeout) {
  RX_ASSIGN_OR_RETURN(Url u, parse_url(url));
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  http::response<http::string_body> response;
  beast::error_code failure;
  // Asynchronous operations so the one deadline covers resolve, connect, write and read.
  asio::ip::tcp::resolver resolver(ioc);
  beast::flat_buffer buffer;
  http::request<http::empty_body> request(http::verb::get, u.target, 11);
  request.set(http::field::host, u.host);
  request.set(http::field::accept, "application/json");
  request.set(http::field::user_agent, "rongxin-connector");
  stream.expires_after(timeout);
  resolver.async_resolve(u.host, u.port, [&](beast::error_code ec, auto results) {
    if (ec) return void(failure = ec);
    stream.async_connect(results, [&](beast::error_code ec2, auto) {
      if (ec2) return void(failure = ec2);
      http::async_write(stream, request, [&](beast::error_code ec3, size_t) {
        if (ec3) return void(failure = ec3);
        http::async_read(stream, buffer, response,
                         [&](beast::error_code ec4, size_t) { failure = ec4; });
      });
    });
  });
  ioc.run_for(timeout + std::chrono::milliseconds(100));
  if (!ioc.stopped()) failure = beast::error::timeout;
  if (failure)
    return unavailable(
        "GET " + url + ": " +
        (failure == beast::error::timeout
             ? std::string("timed out after ") + std::to_string(timeout.count()) + " ms"
             : failure.message()));
  return ingest::FetchResponse{static_cast<int>(response.result_int()), std::move(response.body())};
}

}  // namespace rx::api
