// A minimal HTTP/1.1 client: one GET (the interface-mode connector; http:// only, TLS is left to
// a proxy on the same host) or one POST (webhooks; http:// or https:// with the certificate
// verified against the system's trust store and the host name checked). The whole exchange is
// bounded by the timeout. Errors never repeat the URL (it may carry a token).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "ingest/connector.h"

namespace rx::api {

Result<ingest::FetchResponse> http_get(const std::string& url, std::chrono::milliseconds timeout);

Result<ingest::FetchResponse> http_post(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
    const std::string& body, std::chrono::milliseconds timeout);

}  // namespace rx::api
