// The syntax tree of a rule (docs/rules.md) and its parser. Internal to rules/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/internal/lexer.h"

namespace rx::rules::internal {

// Nesting of parentheses and 'not' allowed in a rule.
inline constexpr int kMaxDepth = 64;

enum class ExprKind : uint8_t { kOr, kAnd, kNot, kCompare, kIn, kIdent, kNumber, kString, kBool };
enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

// "==", "!=", "<", "<=", ">", ">=".
std::string_view op_text(CmpOp op);

struct Expr {
  ExprKind kind = ExprKind::kBool;
  CmpOp op = CmpOp::kEq;  // kCompare
  bool negated = false;   // kIn: "not in"
  bool boolean = false;   // kBool
  double number = 0;      // kNumber
  std::string text;       // kIdent: the name; kString: the value
  // kOr, kAnd: two or more operands; kNot: one; kCompare: left, right; kIn: the left operand
  // then the list's literals. Indexes into Ast::exprs, in source order.
  std::vector<int> kids;
  Pos pos;           // first character, an opening parenthesis included
  Pos op_pos;        // kCompare, kIn: the operator ('in' of 'not in' is at op_pos too)
  size_t begin = 0;  // source bytes [begin, end), parentheses included
  size_t end = 0;
};

struct Ast {
  std::vector<Expr> exprs;
  int root = -1;  // -1: the source has no tokens (always true)
};

// Parses tokens ending in kEnd. On a syntax error reports the first one and returns false.
bool parse(const std::vector<Token>& tokens, std::string_view source, Ast& ast,
           Diagnostics& diagnostics);

}  // namespace rx::rules::internal
