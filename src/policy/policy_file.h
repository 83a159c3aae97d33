// Policies as TOML documents (format in docs/policies.md; shipped examples in data/policies/).
// Every problem is reported, each naming the field and "file:line:column", including the
// errors inside an eligibility rule, placed at their line and column in the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "policy/policy.h"
#include "rules/schema.h"

namespace rx::policy {

// Parses and checks one policy. `file` names the document in messages; when it is
// "<stem>.toml" the id must equal the stem. Errors: kInvalidArgument whose FieldErrors are
// {field, "file:line:column: reason"}, one per problem: TOML syntax, missing, unknown or
// mistyped keys, invalid dates, versions out of order or overlapping, rules that do not compile
// (unknown attributes, type mismatches), a benefit formula over a non-number attribute.
Result<Policy> parse_policy(std::string_view text, std::string_view file,
                            const rules::Schema& schema);

// Whether `next` may replace `stored` on `today`. A version that has started (valid_from <=
// today) is published: its eligibility, benefit and valid_from are fixed and it cannot be
// removed; only its valid_to may change, to end it so that a new version can follow. Same
// error shape as parse_policy, positions in `next`'s file.
Status check_revision(const Policy& stored, const Policy& next, std::string_view file, Date today);

// The `id` a document declares, when it parses far enough to tell.
std::optional<std::string> declared_id(std::string_view text);

// A FieldError of the two functions above taken apart, for editors that jump to a line.
struct SourceError {
  std::string field;
  int line = 0;  // 0 when the error has no position
  int column = 0;
  std::string message;
};
std::vector<SourceError> source_errors(const Status& status);

}  // namespace rx::policy
