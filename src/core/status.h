// The one error currency of rongxin: Status for operations without a value, Result<T> for
// operations that produce one. Both are [[nodiscard]]; errors are values, never exceptions.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rx {

// Canonical codes. The API maps each to exactly one HTTP status (src/api/errors.cc).
enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller sent something malformed; do not retry unchanged
  kNotFound,            // the addressed thing does not exist
  kAlreadyExists,       // a create collided with an existing key
  kUnauthenticated,     // no or unknown credentials
  kPermissionDenied,    // credentials valid but not allowed
  kFailedPrecondition,  // system not in a state to do this (e.g. schema too new)
  kResourceExhausted,   // a limit was hit (body size, rate)
  kUnavailable,         // transient: database busy or down; retry later
  kInternal,            // a bug or an invariant broken
  kDataLoss,            // stored data is missing or altered (e.g. the audit ledger)
};

std::string_view status_code_name(StatusCode code);

// One machine-readable reason attached to an error: which field (or position) and why.
struct FieldError {
  std::string field;
  std::string reason;
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::vector<FieldError> details = {})
      : code_(code), message_(std::move(message)), details_(std::move(details)) {}

  static Status ok() { return Status(); }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& details() const { return details_; }

  // "invalid_argument: message (field: reason; ...)" for logs and CLI output.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldError> details_;
};

Status invalid_argument(std::string message, std::vector<FieldError> details = {});
Status not_found(std::string message);
Status already_exists(std::string message);
Status unauthenticated(std::string message);
Status permission_denied(std::string message);
Status failed_precondition(std::string message);
Status resource_exhausted(std::string message);
Status unavailable(std::string message);
Status internal_error(std::string message);
Status data_loss(std::string message);

// Either a T or a non-ok Status. Accessing value() of an error is a programming bug.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }

  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; an ok Status when this holds a value. Lives as long as this Result.
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<1>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace rx

#define RX_CONCAT_INNER(a, b) a##b
#define RX_CONCAT(a, b) RX_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function when it is an error.
#define RX_RETURN_IF_ERROR(expr) RX_RETURN_IF_ERROR_IMPL(RX_CONCAT(rx_status_, __LINE__), expr)
#define RX_RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                     \
    ::rx::Status tmp = (expr);             \
    if (!tmp.is_ok()) return tmp;          \
  } while (0)

// Declares `lhs` from the value of Result `expr`, or returns its error.
#define RX_ASSIGN_OR_RETURN(lhs, expr) \
  RX_ASSIGN_OR_RETURN_IMPL(RX_CONCAT(rx_result_, __LINE__), lhs, expr)
#define RX_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.is_ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
