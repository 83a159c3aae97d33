#include "api/metrics.h"

#include <cstdio>

namespace rx::api {
namespace {

std::string labels(const std::string& route, const std::string& method) {
  return "route=\"" + route + "\",method=\"" + method + "\"";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::record(const std::string& route, const std::string& method, int status,
                     double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Latency& l = latency_[{route, method}];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++l.buckets[i];
  ++l.count;
  l.sum += seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP rongxin_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE rongxin_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += "rongxin_http_requests_total{" + labels(route, method) + ",status=\"" +
           std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP rongxin_http_errors_total HTTP responses with status >= 400 by route.\n";
  out += "# TYPE rongxin_http_errors_total counter\n";
  std::map<std::pair<std::string, std::string>, uint64_t> errors;
  for (const auto& [key, n] : requests_)
    if (std::get<2>(key) >= 400) errors[{std::get<0>(key), std::get<1>(key)}] += n;
  for (const auto& [key, n] : errors)
    out += "rongxin_http_errors_total{" + labels(key.first, key.second) + "} " + std::to_string(n) +
           "\n";
  out += "# HELP rongxin_http_request_duration_seconds Time from parsed request to response.\n";
  out += "# TYPE rongxin_http_request_duration_seconds histogram\n";
  for (const auto& [key, l] : latency_) {
    std::string base = labels(key.first, key.second);
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += "rongxin_http_request_duration_seconds_bucket{" + base + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(l.buckets[i]) + "\n";
    out += "rongxin_http_request_duration_seconds_bucket{" + base + ",le=\"+Inf\"} " +
           std::to_string(l.count) + "\n";
    out += "rongxin_http_request_duration_seconds_sum{" + base + "} " + number(l.sum) + "\n";
    out += "rongxin_http_request_duration_seconds_count{" + base + "} " + std::to_string(l.count) +
           "\n";
  }
  return out;
}

}  // namespace rx::api
