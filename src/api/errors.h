// The one place where errors become HTTP responses. Every error body has the shape
//   {"error": {"code": "...", "message": "...", "details": [{"field": "...", "reason": "..."}]}}
#pragma once

#include <vector>

#include "api/http_types.h"
#include "core/status.h"

namespace rx::api {

// HTTP status for a canonical code.
int http_status_for(StatusCode code);

// Renders a Status (must not be ok) as an error response.
HttpResponse error_response(const Status& status);

// For protocol-level errors without a canonical code (405, 415, 413 from the transport):
// `code` is the machine-readable code string placed in the body.
HttpResponse error_response(int http_status, std::string_view code, std::string_view message,
                            const std::vector<FieldError>& details = {});

}  // namespace rx::api
