// Many compiled rules laid out in one contiguous program, for evaluating all of them against
// one row: a demand against thousands of products. Each Rule keeps its program on its own heap
// blocks; walking ten thousand of them is a cache miss per block, which costs more than the
// evaluation. Here the nodes, lists and condition starts of every rule sit in three arrays
// read front to back. Immutable after building; thread-safe to evaluate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "rules/internal/program.h"
#include "rules/rule.h"

namespace rx::rules {

class RuleSet {
 public:
  // Appends a copy of `rule`'s program; its index is the previous size().
  void add(const Rule& rule);
  size_t size() const { return rules_.size(); }
  // As Rule::evaluate and Rule::failed_conditions of the i-th rule added. REQUIRES: i < size()
  // and the row as wide as that rule needs.
  Truth evaluate(size_t i, std::span<const double> row) const;
  int failed_conditions(size_t i, std::span<const double> row) const;

 private:
  struct Span {
    uint32_t nodes, lists, conditions, condition_count;
  };
  std::vector<internal::Node> nodes_;
  std::vector<double> lists_;
  std::vector<uint32_t> conditions_;
  std::vector<Span> rules_;
};

}  // namespace rx::rules
