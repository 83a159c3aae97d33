// Routes under /api/v1: method + path pattern ("/api/v1/enterprises/{uscc}"), the roles
// allowed, and a handler. Authentication and role checks happen before any handler runs
// (App::handle), so a route cannot forget them.
#pragma once

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "auth/principal.h"
#include "core/status.h"

namespace rx::api {

using Json = nlohmann::json;

struct RequestContext {
  const HttpRequest& http;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<auth::Principal> principal;  // set on every non-public route
  Json body;                                 // parsed when the route takes a JSON body
  std::string request_id;                    // as logged and returned in X-Request-Id

  const std::string& path_param(std::string_view name) const;
};

using RouteHandler = std::function<Result<HttpResponse>(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<auth::Role> roles;  // who may call; empty means public (health checks only)
  bool json_body = false;         // requires Content-Type: application/json and a JSON body
  RouteHandler handler;
  bool raw_body = false;  // takes a non-JSON body (data pushes) up to max_push_bytes
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  std::vector<std::pair<std::string, std::string>> params;
  std::string allowed_methods;  // when the path matched but the method did not
};

class Router {
 public:
  void add(Route route);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Every role; for routes any authenticated caller may use.
std::vector<auth::Role> all_roles();

// The USCC in the path's {uscc}, for routes an enterprise calls about itself: an enterprise
// key may name only its own enterprise (permission_denied otherwise); an invalid USCC is
// invalid_argument naming the character at fault.
Result<std::string> path_enterprise(const RequestContext& c);

// A JSON response.
HttpResponse json_response(const Json& body, int status = 200);

}  // namespace rx::api
