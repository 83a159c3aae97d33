// Identifiers: UUIDv7 (RFC 9562), time-ordered so that ids sort by creation.
#pragma once

#include <string>

#include "core/clock.h"

namespace rx {

std::string new_uuid_v7(const Clock& clock, Random& random);

}  // namespace rx
