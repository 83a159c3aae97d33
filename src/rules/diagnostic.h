// A problem found in the source of a rule, at a 1-based line and column (columns count Unicode
// code points, so a Chinese character is one column).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace rx::rules {

struct Diagnostic {
  int line = 0;
  int column = 0;
  std::string message;  // English, one sentence, no position

  // "line L, column C: message".
  std::string to_string() const;
  bool operator==(const Diagnostic&) const = default;
};

// kInvalidArgument with one FieldError{"line L, column C", message} per diagnostic; the message
// is the first one's to_string(). REQUIRES: !diagnostics.empty().
Status to_status(const std::vector<Diagnostic>& diagnostics);

}  // namespace rx::rules
