// Serves the built web portal (web/dist). Paths without a file extension fall back to
// index.html so that the single-page app's routes work on reload.
#pragma once

#include <optional>
#include <string>

#include "api/http_types.h"

namespace rx::api {

class StaticFiles {
 public:
  // An empty root serves nothing (API-only mode).
  explicit StaticFiles(std::string root);
  // nullopt when the path is not a file under root and no fallback applies.
  std::optional<HttpResponse> serve(std::string_view path) const;

 private:
  std::string root_;
};

}  // namespace rx::api
