// Computes every indicator of a library for every enterprise of a Panel in one pass,
// in parallel over blocks of enterprises (oneTBB). Pure: no I/O.
#pragma once

#include <span>
#include <vector>

#include "credit/indicator_library.h"
#include "credit/panel.h"

namespace rx::credit {

// Row-major values: enterprise e's indicators are values[e * width .. + width), in library
// order; NaN where the enterprise has no data for an indicator.
struct IndicatorTable {
  int64_t rows = 0;
  size_t width = 0;
  std::vector<float> values;

  std::span<const float> row(int64_t e) const {
    return {values.data() + static_cast<size_t>(e) * width, width};
  }
};

// REQUIRES: panel has library.series.size() series and library.events.size() event columns,
// and at least library.months_needed() months.
IndicatorTable compute_indicators(const IndicatorLibrary& library, const Panel& panel);

// One indicator for one enterprise (the kernel of compute_indicators; exposed for tests).
float compute_indicator(const IndicatorSpec& spec, const IndicatorLibrary& library,
                        const Panel& panel, int64_t enterprise);

}  // namespace rx::credit
