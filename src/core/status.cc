#include "core/status.h"

namespace rx {

std::string_view status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
    case StatusCode::kDataLoss:
      return "data_loss";
  }
  return "internal";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string out(status_code_name(code_));
  out += ": ";
  out += message_;
  if (!details_.empty()) {
    out += " (";
    for (size_t i = 0; i < details_.size(); ++i) {
      if (i) out += "; ";
      out += details_[i].field + ": " + details_[i].reason;
    }
    out += ")";
  }
  return out;
}

Status invalid_argument(std::string message, std::vector<FieldError> details) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(details));
}
Status not_found(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
Status already_exists(std::string message) {
  return Status(StatusCode::kAlreadyExists, std::move(message));
}
Status unauthenticated(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}
Status permission_denied(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
Status failed_precondition(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
Status resource_exhausted(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message));
}
Status unavailable(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
Status internal_error(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}
Status data_loss(std::string message) {
  return Status(StatusCode::kDataLoss, std::move(message));
}

}  // namespace rx
