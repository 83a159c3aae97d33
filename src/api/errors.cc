#include "api/errors.h"

#include <nlohmann/json.hpp>

namespace rx::api {

int http_status_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
    case StatusCode::kDataLoss:
      return 500;
  }
  return 500;
}

HttpResponse error_response(int http_status, std::string_view code, std::string_view message,
                            const std::vector<FieldError>& details) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : details) list.push_back({{"field", d.field}, {"reason", d.reason}});
  nlohmann::json body = {
      {"error", {{"code", code}, {"message", message}, {"details", std::move(list)}}}};
  HttpResponse r;
  r.status = http_status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (http_status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"rongxin\"");
  return r;
}

HttpResponse error_response(const Status& status) {
  // Internal errors may carry SQL or paths: log them, but tell the caller nothing more.
  if (status.code() == StatusCode::kInternal)
    return error_response(500, "internal", "internal error; see the server log");
  return error_response(http_status_for(status.code()), status_code_name(status.code()),
                        status.message(), status.details());
}

}  // namespace rx::api
