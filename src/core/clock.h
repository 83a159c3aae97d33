// The world, injected: time and randomness come through these interfaces so that tests are
// deterministic. Implementations must be thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>

#include "core/time.h"

namespace rx {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : micros_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant(std::chrono::microseconds(micros_.load())); }
  void advance(std::chrono::microseconds d) { micros_ += d.count(); }

 private:
  std::atomic<int64_t> micros_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<uint8_t> out) = 0;
  uint64_t next_u64();
  // Uniform in [0, bound); bound > 0.
  uint64_t uniform(uint64_t bound);
};

// Deterministic (splitmix64; lock-free, so thread-safe). For tests and the synthetic-data
// generator; never for secrets.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  void fill(std::span<uint8_t> out) override;

 private:
  std::atomic<uint64_t> state_;
};

}  // namespace rx
