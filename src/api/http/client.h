// A minimal HTTP/1.1 client for the interface-mode connector: one GET to an http:// URL,
// the whole exchange bounded by a timeout. TLS is left to a proxy on the same host.
#pragma once

#include <chrono>
#include <string>

#include "ingest/connector.h"

namespace rx::api {

Result<ingest::FetchResponse> http_get(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace rx::api
