// HTTP as plain data, so that routing, handlers and tests never see Boost.Beast
// (which stays inside src/api/http/).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rx::api {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received
  std::string body;
  HeaderList headers;  // names in lower case
  std::string remote_address;

  // The first value of a header (name in lower case), or "" when absent.
  std::string_view header(std::string_view name) const;
  std::string_view path() const;
  std::string_view query_string() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  HeaderList headers;
};

// Produces the response for a request. Called on a worker thread; may block.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Decodes %XX (and, in a query component, '+' as a space); invalid escapes stay as they are.
std::string url_decode(std::string_view text, bool plus_is_space = true);

// "a=1&b=x%20y" -> {{"a","1"},{"b","x y"}}, in order, duplicates kept.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace rx::api
