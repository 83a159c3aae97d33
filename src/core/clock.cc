#include "core/clock.h"

#include <cstring>

namespace rx {

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

uint64_t Random::next_u64() {
  uint8_t b[8];
  fill(b);
  uint64_t v;
  std::memcpy(&v, b, sizeof v);
  return v;
}

uint64_t Random::uniform(uint64_t bound) {
  // Rejection sampling removes modulo bias.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    uint64_t v = next_u64();
    if (v < limit) return v % bound;
  }
}

void SeededRandom::fill(std::span<uint8_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    uint64_t z = state_.fetch_add(0x9e3779b97f4a7c15ULL) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int k = 0; k < 8 && i < out.size(); ++k, ++i) out[i] = static_cast<uint8_t>(z >> (8 * k));
  }
}

}  // namespace rx
