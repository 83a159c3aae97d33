// Reading the live counters: an hourly series and rankings over a range of hours, for the
// whole platform (the operator's dashboard) or for one institution (its own usage).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace rx::monitor {

struct UsageQuery {
  int64_t from_hour = 0, to_hour = 0;  // UTC microseconds of hour starts, [from, to)
  std::optional<std::string> institution_id;
  int top = 10;  // entries per ranking
};

struct HourPoint {
  int64_t hour_start = 0;
  int64_t allowed = 0, denied = 0, done = 0;
};

struct Ranked {
  std::string item;
  std::string name;  // institutions: their registered name, else empty
  int64_t count = 0, denied = 0;
};

struct Usage {
  std::vector<HourPoint> hours;  // every hour of the range, oldest first, idle hours as zeros
  int64_t total = 0, denied = 0;
  std::vector<Ranked> institutions, enterprises, categories, purposes, reasons, actions, keys;
};

// REQUIRES: from_hour < to_hour, both hour starts, at most a few thousand hours apart.
Result<Usage> read_usage(store::Session& s, const UsageQuery& q);

}  // namespace rx::monitor
