#include "rules/rule_set.h"

namespace rx::rules {

void RuleSet::add(const Rule& rule) {
  const internal::Program& p = *rule.p_;
  // Node and list indices are relative to their program's arrays, so a program copied at an
  // offset runs unchanged against base pointers moved by that offset.
  rules_.push_back({static_cast<uint32_t>(nodes_.size()), static_cast<uint32_t>(lists_.size()),
                    static_cast<uint32_t>(conditions_.size()),
                    static_cast<uint32_t>(p.condition_nodes.size())});
  nodes_.insert(nodes_.end(), p.nodes.begin(), p.nodes.end());
  lists_.insert(lists_.end(), p.lists.begin(), p.lists.end());
  conditions_.insert(conditions_.end(), p.condition_nodes.begin(), p.condition_nodes.end());
}

Truth RuleSet::evaluate(size_t i, std::span<const double> row) const {
  const Span& r = rules_[i];
  return static_cast<Truth>(
      internal::eval_node(nodes_.data() + r.nodes, 0, row.data(), lists_.data() + r.lists));
}

int RuleSet::failed_conditions(size_t i, std::span<const double> row) const {
  const Span& r = rules_[i];
  const internal::Node* nodes = nodes_.data() + r.nodes;
  const double* lists = lists_.data() + r.lists;
  int failed = 0;
  for (uint32_t c = r.conditions; c < r.conditions + r.condition_count; ++c)
    failed += internal::eval_any(nodes, conditions_[c], row.data(), lists) != 2;
  return failed;
}

}  // namespace rx::rules
