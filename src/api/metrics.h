// Request metrics in the Prometheus text exposition format (version 0.0.4). Thread-safe;
// one short mutex hold per request.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace rx::api {

class Metrics {
 public:
  // `route` is the route pattern (e.g. "/api/v1/enterprises/{uscc}"), never the raw path,
  // so that label cardinality stays bounded.
  void record(const std::string& route, const std::string& method, int status, double seconds);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Latency {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // route, method, status
  std::map<std::pair<std::string, std::string>, Latency> latency_;          // route, method
};

}  // namespace rx::api
