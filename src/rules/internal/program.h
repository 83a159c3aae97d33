// The compiled form of a rule: a flat array of nodes in pre-order, evaluated without allocation,
// virtual calls or strings. Internal to rules/.
//
// A composite node's children follow it; `end` is the index one past its subtree, so the next
// sibling of child c is nodes[c].end. `not` does not exist here: the compiler pushes it into
// the leaves (De Morgan's laws and `not (x < k)` = `x >= k` hold in Kleene logic, NaN included).
// Truth values are Truth's: 0 false, 1 unknown, 2 true.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/internal/schema_state.h"
#include "rules/rule.h"

namespace rx::rules::internal {

enum class Op : uint8_t {
  // Composites.
  kAnd,     // minimum of the children, stops at the first false
  kOr,      // maximum of the children, stops at the first true
  kBoolEq,  // two children: unknown if either is, else whether they are equal
  kBoolNe,
  // Leaves; `a` is the slot. A NaN value makes every leaf unknown.
  kConst,   // k is the truth value; reads no slot
  kTruthy,  // row[a] != 0
  kFalsy,   // row[a] == 0
  kLt,      // row[a] < k
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kIn,  // row[a] is in lists[b + 1 .. b + 1 + lists[b]), sorted ascending
  kNotIn,
  kLtSlot,  // row[a] < row[b]
  kLeSlot,
  kGtSlot,
  kGeSlot,
  kEqSlot,
  kNeSlot,
};
inline constexpr Op kFirstLeaf = Op::kConst;

struct Node {
  Op op = Op::kConst;
  uint32_t end = 0;
  uint32_t a = 0;
  uint32_t b = 0;
  double k = 0;
};

struct Program {
  std::vector<Node> nodes;  // nodes[0]: kAnd over the conditions, in order
  std::vector<double> lists;
  std::vector<uint32_t> condition_nodes;  // where each condition's subtree starts
  std::vector<Condition> conditions;
  std::vector<size_t> slots;  // ascending
  size_t row_width = 0;
  std::string source;
  std::shared_ptr<const SchemaState> schema;
};

inline uint8_t nan_bit(double v) {
  return static_cast<uint8_t>(v != v);
}
inline uint8_t true_bit(bool b) {
  return static_cast<uint8_t>(static_cast<uint8_t>(b) << 1);
}

inline bool list_contains(const double* list, double v) {
  const auto count = static_cast<size_t>(list[0]);
  const double* first = list + 1;
  const double* last = first + count;
  if (count <= 8) {
    for (const double* p = first; p != last; ++p) {
      if (*p == v) return true;
    }
    return false;
  }
  const double* p = std::lower_bound(first, last, v);
  return p != last && *p == v;
}

// A leaf's truth. Comparisons with NaN are false in C++, so "true" needs no NaN test and
// "unknown" is just the NaN bit.
inline uint8_t eval_leaf(const Node& n, const double* row, const double* lists) {
  switch (n.op) {
    case Op::kConst:
      return static_cast<uint8_t>(n.k);
    case Op::kTruthy: {
      const double v = row[n.a];
      return true_bit(v < 0 || v > 0) | nan_bit(v);
    }
    case Op::kFalsy: {
      const double v = row[n.a];
      return true_bit(v == 0) | nan_bit(v);
    }
    case Op::kLt: {
      const double v = row[n.a];
      return true_bit(v < n.k) | nan_bit(v);
    }
    case Op::kLe: {
      const double v = row[n.a];
      return true_bit(v <= n.k) | nan_bit(v);
    }
    case Op::kGt: {
      const double v = row[n.a];
      return true_bit(v > n.k) | nan_bit(v);
    }
    case Op::kGe: {
      const double v = row[n.a];
      return true_bit(v >= n.k) | nan_bit(v);
    }
    case Op::kEq: {
      const double v = row[n.a];
      return true_bit(v == n.k) | nan_bit(v);
    }
    case Op::kNe: {
      const double v = row[n.a];
      return true_bit(v < n.k || v > n.k) | nan_bit(v);
    }
    case Op::kIn: {
      const double v = row[n.a];
      if (v != v) return 1;
      return true_bit(list_contains(lists + n.b, v));
    }
    case Op::kNotIn: {
      const double v = row[n.a];
      if (v != v) return 1;
      return true_bit(!list_contains(lists + n.b, v));
    }
    case Op::kLtSlot:
    case Op::kLeSlot:
    case Op::kGtSlot:
    case Op::kGeSlot:
    case Op::kEqSlot:
    case Op::kNeSlot: {
      const double v = row[n.a];
      const double w = row[n.b];
      const uint8_t nan = nan_bit(v) | nan_bit(w);
      if (nan) return 1;
      switch (n.op) {
        case Op::kLtSlot:
          return true_bit(v < w);
        case Op::kLeSlot:
          return true_bit(v <= w);
        case Op::kGtSlot:
          return true_bit(v > w);
        case Op::kGeSlot:
          return true_bit(v >= w);
        case Op::kEqSlot:
          return true_bit(v == w);
        default:
          return true_bit(v != w);
      }
    }
    default:
      return 1;  // not a leaf: cannot happen
  }
}

// The truth of the subtree at nodes[i]. Recursion depth is bounded by the rule's nesting.
uint8_t eval_node(const Node* nodes, uint32_t i, const double* row, const double* lists);

inline uint8_t eval_any(const Node* nodes, uint32_t i, const double* row, const double* lists) {
  const Node& n = nodes[i];
  if (n.op >= kFirstLeaf) return eval_leaf(n, row, lists);
  return eval_node(nodes, i, row, lists);
}

}  // namespace rx::rules::internal
