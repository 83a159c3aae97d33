// Where the platform may send webhooks. Pure.
//
// Development mode (production = false): http:// or https:// to a loopback host only
// (127.0.0.0/8, ::1, localhost), so a test receiver works and nothing leaves the machine.
// Production mode: https:// only, and never to a loopback, link-local, private, shared
// (100.64.0.0/10), unspecified or multicast address literal, nor to localhost.
// Host names are not resolved here: a public name that resolves to a private address is the
// network's to block.
#pragma once

#include <string_view>

#include "core/status.h"

namespace rx::push {

// ok, or invalid_argument with one detail {"webhook_url", reason}. The message and reason never
// repeat the URL (it may carry a token).
Status check_webhook_url(std::string_view url, bool production);

}  // namespace rx::push
