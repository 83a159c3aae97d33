// Deterministic synthetic enterprises for demos, tests and benchmarks: the same seed gives
// the same enterprises on every machine. Never derived from real people or firms.
#pragma once

#include <cstdint>
#include <functional>

#include "core/clock.h"
#include "registry/enterprise.h"

namespace rx::registry {

// Calls `emit` for each of `count` enterprises with valid, distinct USCCs and distinct names,
// and realistic mixes of district, industry, size, age, capital and status. `now` fixes
// created_at and the latest registration date.
void generate_enterprises(int64_t count, uint64_t seed, Instant now,
                          const std::function<void(Enterprise&&)>& emit);

}  // namespace rx::registry
