#include "api/router.h"

#include "core/uscc.h"

namespace rx::api {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return out;
}

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>& params) {
  auto want = segments(pattern), got = segments(path);
  if (want.size() != got.size()) return false;
  params.clear();
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (got[i].empty()) return false;
      params.emplace_back(std::string(want[i].substr(1, want[i].size() - 2)),
                          url_decode(got[i], /*plus_is_space=*/false));
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

const std::string& RequestContext::path_param(std::string_view name) const {
  for (const auto& [k, v] : path_params)
    if (k == name) return v;
  static const std::string kEmpty;
  return kEmpty;
}

void Router::add(Route route) {
  routes_.push_back(std::move(route));
}

// A literal segment beats a parameter: POST /api/v1/ingest/batches is a 405 on the batches
// resource, not a push to a category named "batches".
RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  std::vector<std::pair<std::string, std::string>> params;
  const std::string* best = nullptr;
  size_t best_params = 0;
  for (const auto& r : routes_) {
    if (!match_pattern(r.pattern, path, params)) continue;
    if (!best || params.size() < best_params) {
      best = &r.pattern;
      best_params = params.size();
    }
  }
  if (!best) return m;
  for (const auto& r : routes_) {
    if (r.pattern != *best) continue;
    bool head_as_get = method == "HEAD" && r.method == "GET";
    if (r.method == method || head_as_get) {
      match_pattern(r.pattern, path, params);
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    if (!m.allowed_methods.empty()) m.allowed_methods += ", ";
    m.allowed_methods += r.method;
  }
  return m;
}

std::vector<auth::Role> all_roles() {
  using auth::Role;
  return {Role::kAdmin,       Role::kDataProvider,  Role::kEnterprise,
          Role::kInstitution, Role::kServiceAgency, Role::kNode};
}

Result<std::string> path_enterprise(const RequestContext& c) {
  RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
  if (c.principal->role == auth::Role::kEnterprise && c.principal->uscc != uscc.str())
    return permission_denied("an enterprise key may act only for its own enterprise");
  return uscc.str();
}

HttpResponse json_response(const Json& body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

}  // namespace rx::api
