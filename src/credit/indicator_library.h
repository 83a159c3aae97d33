// The indicator library (指标库): declarative indicators over the shared catalogue, read from
// TOML (data/credit/indicators.toml). Three layers, each checked against the catalogue:
//   [[series]]     a monthly number per enterprise taken from one field of a monthly category
//                  (summed over that month's records, optionally filtered by enum values);
//   [[events]]     dated records of an event category (a penalty, a court record, a patent),
//                  optionally filtered, with an optional value (a field or an enum mapping);
//   [[indicators]] an operation over one series or event kind in a window of months ending at
//                  the evaluation month.
// Money fields become yuan (元) in series and event values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "core/status.h"

namespace rx::credit {

// A filter on enum or boolean fields: every (field, value) pair must hold.
using Where = std::vector<std::pair<std::string, std::string>>;

struct SeriesSpec {
  std::string id;
  std::string category;
  std::string field;
  Where where;
  double scale = 1.0;  // 0.01 for money (fen -> yuan)
};

struct EventSpec {
  std::string id;
  std::string category;
  std::string date_field;
  std::string value_field;                                // may be empty: the event has no value
  std::vector<std::pair<std::string, double>> value_map;  // enum value -> number
  Where where;
  double scale = 1.0;
  int retention_months = 60;  // the category's retention: older events never count
};

enum class Op {
  // On a series, over the last `window` months:
  kSum,   // total; missing months count as 0; NaN when every month is missing
  kMean,  // mean of the months with data
  kMax,
  kLast,            // the latest month with data
  kYoyGrowth,       // (last window - window before) / window before; needs 2 * window months
  kChange,          // mean of the last 3 months / mean of the first 3 months of the window - 1
  kMonthsPositive,  // months with a value > 0
  kStreak,          // consecutive months with a value > 0 ending at the evaluation month
  // On events in the window (window 0: within the category's retention period):
  kCount,
  kSumValue,
  kLastValue,        // the value of the latest event
  kMonthsSinceLast,  // whole months from the latest event to the evaluation month; NaN if none
  kYearsSinceFirst,  // years (fractional) from the earliest event to the evaluation month
};

bool is_event_op(Op op);

struct IndicatorSpec {
  std::string id;
  std::string name;  // Chinese
  std::string name_en;
  std::string category;  // a grouping for display, e.g. "tax", "operations", "compliance"
  std::string unit;
  std::string definition;
  std::string source;     // a series id or an event id
  size_t source_index{};  // into IndicatorLibrary::series or ::events
  Op op = Op::kSum;
  int window = 12;  // months
};

struct IndicatorLibrary {
  int64_t version = 0;
  std::vector<SeriesSpec> series;
  std::vector<EventSpec> events;
  std::vector<IndicatorSpec> indicators;

  int indicator_index(std::string_view id) const;  // -1 when absent
  // The months of series history the indicators need (the Panel's months()).
  int months_needed() const;
};

// Errors name the file, line and column of every problem (unknown keys, unknown categories or
// fields, wrong field types, bad windows, duplicate ids).
Result<IndicatorLibrary> parse_indicator_library(std::string_view text, std::string_view source,
                                                 const catalog::Catalog& catalog);
Result<IndicatorLibrary> load_indicator_library(const std::string& path,
                                                const catalog::Catalog& catalog);

}  // namespace rx::credit
