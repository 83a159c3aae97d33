// Reads the indicator values out of an evaluation's detail JSON (credit/evaluation.h) without
// building a DOM: batch runs build millions of attribute rows, and a full JSON parse of each
// 3 KB detail was 70% of loading a profile.
#pragma once

#include <functional>
#include <string_view>

namespace rx::market {

// Calls fn(id, value) for every number in the top-level "indicators" object, in document order
// (null values are skipped). Returns false, having perhaps called fn for some, when the text is
// not a JSON object of the shape the evaluation writes (escaped keys included); the caller then
// parses it properly.
bool scan_indicators(std::string_view json,
                     const std::function<void(std::string_view, double)>& fn);

}  // namespace rx::market
