// Standard base64 (RFC 4648 section 4, padded), for binary blobs inside JSON model files.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace rx::lab {

std::string base64_encode(std::string_view bytes);
// kInvalidArgument on a character outside the alphabet or a bad length.
Result<std::string> base64_decode(std::string_view text);

}  // namespace rx::lab
