// A small, fast, seedable PRNG for the synthetic-data generator (splitmix64). Each enterprise
// and each purpose gets its own stream, keyed by (seed, enterprise index, stream), so that
// changing how one category is generated never perturbs the others. Not for secrets.
#pragma once

#include <cmath>
#include <cstdint>

namespace rx::synth {

inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Purposes of the per-enterprise streams; values are part of the output's definition.
enum class Stream : uint64_t {
  kTraits = 1,
  kMonthly = 2,
  kGrades = 3,
  kPenalties = 4,
  kLicenses = 5,
  kJudicial = 6,
  kTrading = 7,
  kIntellectualProperty = 8,
  kLogistics = 9,
  kHealth = 10,
  kPersons = 11,
};

class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}
  Rng(uint64_t seed, int64_t index, Stream stream)
      : state_(mix64(seed ^ mix64(static_cast<uint64_t>(index) * 0x9e3779b97f4a7c15ULL +
                                  static_cast<uint64_t>(stream)))) {}

  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-40 for our n).
  uint64_t below(uint64_t n) {
    __extension__ using U128 = unsigned __int128;
    return static_cast<uint64_t>((static_cast<U128>(next()) * n) >> 64);
  }
  // Uniform integer in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  bool chance(double p) { return unit() < p; }
  // Approximately standard normal (Irwin-Hall of 4, rescaled): cheap and bounded by ±3.5.
  double normal() { return (unit() + unit() + unit() + unit() - 2.0) * 1.7320508075688772; }
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
  // Poisson for small means (Knuth); means above 30 use a rounded normal approximation.
  int poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) {
      double v = mean + std::sqrt(mean) * normal();
      return v < 0 ? 0 : static_cast<int>(v + 0.5);
    }
    double limit = std::exp(-mean), p = unit();
    int k = 0;
    while (p > limit) {
      ++k;
      p *= unit();
    }
    return k;
  }
  template <class T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  uint64_t state_;
};

}  // namespace rx::synth
