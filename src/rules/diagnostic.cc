#include "rules/diagnostic.h"

namespace rx::rules {

std::string Diagnostic::to_string() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

Status to_status(const std::vector<Diagnostic>& diagnostics) {
  std::vector<FieldError> details;
  details.reserve(diagnostics.size());
  for (const Diagnostic& d : diagnostics) {
    details.push_back(
        {"line " + std::to_string(d.line) + ", column " + std::to_string(d.column), d.message});
  }
  return invalid_argument(diagnostics.empty() ? "invalid rule" : diagnostics[0].to_string(),
                          std::move(details));
}

}  // namespace rx::rules
