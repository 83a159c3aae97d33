// Eligibility rules: one boolean expression over a Schema's attributes (the language is in
// docs/rules.md), compiled once and evaluated against rows of values. Start here.
//
//   RX_ASSIGN_OR_RETURN(rules::Rule rule, rules::compile(R"(
//       size in ["small", "micro"] and years_operating >= 1   # 经营满一年
//       and not dishonest_debtor and composite_grade >= "B")", schema));
//   if (rule.evaluate(row) == rules::Truth::kTrue) ...  // eligible
//
// Logic is three-valued (Kleene): a comparison with a missing (NaN) value is kUnknown, and an
// enterprise is eligible only when the rule is kTrue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "rules/diagnostic.h"
#include "rules/schema.h"

namespace rx::rules {

// Kleene's three truth values. `and` is the minimum, `or` the maximum, `not` the mirror.
enum class Truth : uint8_t { kFalse = 0, kUnknown = 1, kTrue = 2 };

// "false", "unknown", "true".
std::string_view truth_name(Truth truth);

// Sources longer than this are refused.
inline constexpr size_t kMaxSourceBytes = 64 * 1024;

// One top-level conjunct of a rule: `a and (b or c) and d` has three. Nested top-level `and`s
// are flattened: `(a and b) and c` has three as well.
struct Condition {
  std::string text;  // its source text, parentheses included, comments inside kept
  int line = 0;      // 1-based position of its first character (column in code points)
  int column = 0;
  std::vector<size_t> slots;  // the attributes it names, in order of first appearance
};

// The value of one attribute in a row, for showing to people.
struct ShownValue {
  size_t slot = 0;
  std::string name;
  // Numbers without trailing zeros, the decoded string, the grade letter, 是 / 否 for bool;
  // nullopt when missing.
  std::optional<std::string> value;
};

struct ConditionResult {
  std::string text;  // as Condition::text
  Truth truth = Truth::kUnknown;
  std::vector<ShownValue> values;  // one per slot of the condition, in the same order
};

struct Explanation {
  Truth truth = Truth::kUnknown;  // of the whole rule, as evaluate()
  std::vector<ConditionResult> conditions;

  // One line per condition: "[true] years_operating >= 1  (years_operating = 3)".
  std::string to_string() const;
};

namespace internal {
struct Program;
}

// A compiled rule. Immutable; copies share the compiled program (copying is a reference count
// increment); every member may be called from any number of threads at once. Keeps the
// Schema's dictionaries alive.
class Rule {
 public:
  // The rule's value for one row (slot-indexed, NaN = missing). Allocates nothing; cost is
  // linear in the conditions it has to look at (`and` and `or` short-circuit).
  // REQUIRES: row.size() >= row_width().
  Truth evaluate(std::span<const double> row) const;
  // evaluate(row) == Truth::kTrue: the enterprise is eligible.
  bool matches(std::span<const double> row) const { return evaluate(row) == Truth::kTrue; }

  // The top-level conjuncts; empty for an empty rule.
  const std::vector<Condition>& conditions() const;
  // Every slot the rule names, ascending.
  const std::vector<size_t>& referenced_slots() const;
  // 1 + the largest referenced slot (0 when none): the shortest row evaluate() accepts.
  size_t row_width() const;

  // Each condition's truth with the values it looked at: why an enterprise matched, or which
  // conditions it misses and where it stands. Allocates; not for the hot path.
  // REQUIRES: row.size() >= row_width().
  Explanation explain(std::span<const double> row) const;
  // The number of conditions that are not kTrue (false or unknown); 0 exactly when the rule
  // matches. For near misses ("one condition short"). REQUIRES: row.size() >= row_width().
  int failed_conditions(std::span<const double> row) const;

  // The source text the rule was compiled from.
  std::string source() const;

 private:
  friend Result<Rule> compile(std::string_view, const Schema&, std::vector<Diagnostic>*);
  friend class RuleSet;
  explicit Rule(std::shared_ptr<const internal::Program> program) : p_(std::move(program)) {}
  std::shared_ptr<const internal::Program> p_;
};

// Compiles `source` against `schema`. String literals of open-set attributes are interned in
// the schema. Errors are kInvalidArgument as described by to_status() (diagnostic.h): every
// lexical error, or the first syntax error, or every type error; each with its line and
// column. An empty or blank source (comments only) gives a rule that is always true.
Result<Rule> compile(std::string_view source, const Schema& schema);
// The same; on error also appends the diagnostics to `*diagnostics` when it is not null.
Result<Rule> compile(std::string_view source, const Schema& schema,
                     std::vector<Diagnostic>* diagnostics);

}  // namespace rx::rules
