// <utility> before Boost: Boost 1.74 headers rely on it transitively (client.h includes it).
#include "api/http/client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <type_traits>
#include <utility>

namespace rx::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

struct Url {
  bool tls = false;
  std::string host, port, target;
};

Result<Url> parse_url(const std::string& url, bool allow_https) {
  Url out;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (allow_https && url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    out.tls = true;
  } else {
    return invalid_argument(allow_https ? "only http:// and https:// URLs"
                                        : "only http:// URLs: " + url);
  }
  size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (size_t hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
  out.port = out.tls ? "443" : "80";
  out.host = authority;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return invalid_argument("malformed host in URL");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      out.port = authority.substr(close + 2);
  } else if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return invalid_argument("no host in URL");
  return out;
}

std::string describe(const beast::error_code& failure, std::chrono::milliseconds timeout) {
  if (failure == beast::error::timeout)
    return "timed out after " + std::to_string(timeout.count()) + " ms";
  return failure.message();
}

// Runs connect (and handshake), write and read on `stream` with one deadline.
template <class Stream, class Request>
Result<ingest::FetchResponse> exchange(asio::io_context& ioc, Stream& stream,
                                       beast::tcp_stream& tcp, const Url& u, Request& request,
                                       std::chrono::milliseconds timeout) {
  http::response<http::string_body> response;
  beast::error_code failure;
  asio::ip::tcp::resolver resolver(ioc);
  beast::flat_buffer buffer;
  tcp.expires_after(timeout);
  auto send = [&] {
    http::async_write(stream, request, [&](beast::error_code ec3, size_t) {
      if (ec3) return void(failure = ec3);
      http::async_read(stream, buffer, response,
                       [&](beast::error_code ec4, size_t) { failure = ec4; });
    });
  };
  resolver.async_resolve(u.host, u.port, [&](beast::error_code ec, auto results) {
    if (ec) return void(failure = ec);
    tcp.async_connect(results, [&](beast::error_code ec2, auto) {
      if (ec2) return void(failure = ec2);
      if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
        send();
      } else {
        stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec5) {
          if (ec5) return void(failure = ec5);
          send();
        });
      }
    });
  });
  ioc.run_for(timeout + std::chrono::milliseconds(100));
  if (!ioc.stopped()) failure = beast::error::timeout;
  if (failure) return unavailable(describe(failure, timeout));
  return ingest::FetchResponse{static_cast<int>(response.result_int()), std::move(response.body())};
}

}  // namespace

Result<ingest::FetchResponse> http_get(const std::string& url, std::chrono::milliseconds timeout) {
  RX_ASSIGN_OR_RETURN(Url u, parse_url(url, /*allow_https=*/false));
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  http::request<http::empty_body> request(http::verb::get, u.target, 11);
  request.set(http::field::host, u.host);
  request.set(http::field::accept, "application/json");
  request.set(http::field::user_agent, "rongxin-connector");
  auto out = exchange(ioc, stream, stream, u, request, timeout);
  if (!out.is_ok()) return unavailable("GET " + url + ": " + out.status().message());
  return out;
}

Result<ingest::FetchResponse> http_post(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
    const std::string& body, std::chrono::milliseconds timeout) {
  RX_ASSIGN_OR_RETURN(Url u, parse_url(url, /*allow_https=*/true));
  asio::io_context ioc;
  http::request<http::string_body> request(http::verb::post, u.target, 11);
  request.set(http::field::host, u.host);
  request.set(http::field::user_agent, "rongxin-push");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  Result<ingest::FetchResponse> out = unavailable("not sent");
  if (!u.tls) {
    beast::tcp_stream stream(ioc);
    out = exchange(ioc, stream, stream, u, request, timeout);
  } else {
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    ctx.set_verify_callback(ssl::host_name_verification(u.host));
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    // SNI, so that name-based virtual hosts present the right certificate.
    if (!SSL_set_tlsext_host_name(stream.native_handle(), u.host.c_str()))
      return unavailable("TLS: cannot set the server name");
    out = exchange(ioc, stream, beast::get_lowest_layer(stream), u, request, timeout);
  }
  if (!out.is_ok()) return unavailable("POST failed: " + out.status().message());
  return out;
}

}  // namespace rx::api
