#include "rules/internal/parser.h"

#include <utility>

namespace rx::rules::internal {

std::string_view op_text(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return "==";
    case CmpOp::kNe:
      return "!=";
    case CmpOp::kLt:
      return "<";
    case CmpOp::kLe:
      return "<=";
    case CmpOp::kGt:
      return ">";
    case CmpOp::kGe:
      return ">=";
  }
  return "==";
}

namespace {

bool is_compare(Tok t) {
  return t == Tok::kEq || t == Tok::kNe || t == Tok::kLt || t == Tok::kLe || t == Tok::kGt ||
         t == Tok::kGe;
}

CmpOp compare_op(Tok t) {
  switch (t) {
    case Tok::kNe:
      return CmpOp::kNe;
    case Tok::kLt:
      return CmpOp::kLt;
    case Tok::kLe:
      return CmpOp::kLe;
    case Tok::kGt:
      return CmpOp::kGt;
    case Tok::kGe:
      return CmpOp::kGe;
    default:
      return CmpOp::kEq;
  }
}

bool is_literal(Tok t) {
  return t == Tok::kNumber || t == Tok::kString || t == Tok::kTrue || t == Tok::kFalse;
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, std::string_view source, Ast& ast, Diagnostics& out)
      : t_(tokens), source_(source), ast_(ast), out_(out) {}

  bool run() {
    if (peek().kind == Tok::kEnd) return true;
    const int root = parse_or(0);
    if (root < 0) return false;
    if (peek().kind != Tok::kEnd) {
      const Token& t = peek();
      if (t.kind == Tok::kRParen) return fail(t, "')' without a matching '('");
      return fail(t, "unexpected " + describe(t, source_) +
                         "; expected 'and', 'or' or the end of the rule");
    }
    ast_.root = root;
    return true;
  }

 private:
  const Token& peek() const { return t_[i_]; }
  const Token& take() {
    const Token& t = t_[i_];
    if (t.kind != Tok::kEnd) ++i_;
    return t;
  }
  const Token& previous() const { return t_[i_ - 1]; }

  bool fail(const Token& at, std::string message) {
    if (!failed_) out_.add(at.pos, std::move(message));
    failed_ = true;
    return false;
  }

  int add(Expr e) {
    ast_.exprs.push_back(std::move(e));
    return static_cast<int>(ast_.exprs.size() - 1);
  }
  Expr& at(int i) { return ast_.exprs[static_cast<size_t>(i)]; }

  // Joins `first` and the operands after it under one kOr / kAnd.
  int nary(ExprKind kind, std::vector<int> kids) {
    if (kids.size() == 1) return kids[0];
    Expr e;
    e.kind = kind;
    e.pos = at(kids.front()).pos;
    e.begin = at(kids.front()).begin;
    e.end = at(kids.back()).end;
    e.kids = std::move(kids);
    return add(std::move(e));
  }

  int parse_or(int depth) {
    std::vector<int> kids;
    do {
      const int k = parse_and(depth);
      if (k < 0) return -1;
      kids.push_back(k);
    } while (peek().kind == Tok::kOr && (take(), true));
    return nary(ExprKind::kOr, std::move(kids));
  }

  int parse_and(int depth) {
    std::vector<int> kids;
    do {
      const int k = parse_not(depth);
      if (k < 0) return -1;
      kids.push_back(k);
    } while (peek().kind == Tok::kAnd && (take(), true));
    return nary(ExprKind::kAnd, std::move(kids));
  }

  int parse_not(int depth) {
    if (peek().kind != Tok::kNot) return parse_compare(depth);
    const Token& t = take();
    if (depth + 1 > kMaxDepth) {
      fail(t, "the rule is nested too deeply (more than " + std::to_string(kMaxDepth) +
                  " levels of parentheses and 'not')");
      return -1;
    }
    const int kid = parse_not(depth + 1);
    if (kid < 0) return -1;
    Expr e;
    e.kind = ExprKind::kNot;
    e.pos = t.pos;
    e.begin = t.begin;
    e.end = at(kid).end;
    e.kids = {kid};
    return add(std::move(e));
  }

  int parse_compare(int depth) {
    const int left = parse_operand(depth);
    if (left < 0) return -1;
    const Token& t = peek();
    if (is_compare(t.kind)) {
      take();
      const int right = parse_operand(depth);
      if (right < 0) return -1;
      Expr e;
      e.kind = ExprKind::kCompare;
      e.op = compare_op(t.kind);
      e.op_pos = t.pos;
      e.pos = at(left).pos;
      e.begin = at(left).begin;
      e.end = at(right).end;
      e.kids = {left, right};
      if (is_compare(peek().kind)) {
        fail(peek(), "comparisons cannot be chained; join them with 'and'");
        return -1;
      }
      return add(std::move(e));
    }
    if (t.kind == Tok::kIn || (t.kind == Tok::kNot && t_[i_ + 1].kind == Tok::kIn)) {
      Expr e;
      e.kind = ExprKind::kIn;
      e.negated = t.kind == Tok::kNot;
      e.op_pos = t.pos;
      if (e.negated) take();
      take();
      e.pos = at(left).pos;
      e.begin = at(left).begin;
      e.kids = {left};
      if (!parse_list(e)) return -1;
      return add(std::move(e));
    }
    if (t.kind == Tok::kNot) {
      fail(t_[i_ + 1], "expected 'in' after 'not' but found " + describe(t_[i_ + 1], source_));
      return -1;
    }
    if (t.kind == Tok::kIdent || is_literal(t.kind) || t.kind == Tok::kLParen) {
      fail(t, "expected an operator before " + describe(t, source_) +
                  " (==, !=, <, <=, >, >=, in, and, or)");
      return -1;
    }
    return left;
  }

  bool parse_list(Expr& e) {
    const Token& open = peek();
    if (open.kind != Tok::kLBracket) {
      return fail(open,
                  "expected '[' to start the list after 'in' but found " + describe(open, source_));
    }
    take();
    while (true) {
      const Token& t = peek();
      if (t.kind == Tok::kRBracket) {
        if (e.kids.size() == 1) return fail(t, "a list needs at least one value");
        take();
        break;
      }
      if (!is_literal(t.kind)) {
        if (t.kind == Tok::kEnd) {
          return fail(t, "expected ']' to close the '[' at line " + std::to_string(open.pos.line) +
                             ", column " + std::to_string(open.pos.column));
        }
        return fail(
            t, "list values must be literals (numbers or strings), not " + describe(t, source_));
      }
      e.kids.push_back(literal(take()));
      const Token& sep = peek();
      if (sep.kind == Tok::kComma) {
        take();
      } else if (sep.kind != Tok::kRBracket) {
        if (sep.kind == Tok::kEnd) {
          return fail(sep, "expected ']' to close the '[' at line " +
                               std::to_string(open.pos.line) + ", column " +
                               std::to_string(open.pos.column));
        }
        return fail(sep, "expected ',' or ']' in the list but found " + describe(sep, source_));
      }
    }
    e.end = previous().end;
    return true;
  }

  int literal(const Token& t) {
    Expr e;
    e.pos = t.pos;
    e.begin = t.begin;
    e.end = t.end;
    switch (t.kind) {
      case Tok::kNumber:
        e.kind = ExprKind::kNumber;
        e.number = t.number;
        break;
      case Tok::kString:
        e.kind = ExprKind::kString;
        e.text = t.text;
        break;
      default:
        e.kind = ExprKind::kBool;
        e.boolean = t.kind == Tok::kTrue;
        break;
    }
    return add(std::move(e));
  }

  int parse_operand(int depth) {
    const Token& t = peek();
    if (is_literal(t.kind)) return literal(take());
    if (t.kind == Tok::kIdent) {
      take();
      Expr e;
      e.kind = ExprKind::kIdent;
      e.text = t.text;
      e.pos = t.pos;
      e.begin = t.begin;
      e.end = t.end;
      return add(std::move(e));
    }
    if (t.kind == Tok::kLParen) {
      take();
      if (depth + 1 > kMaxDepth) {
        fail(t, "the rule is nested too deeply (more than " + std::to_string(kMaxDepth) +
                    " levels of parentheses and 'not')");
        return -1;
      }
      const int inner = parse_or(depth + 1);
      if (inner < 0) return -1;
      const Token& close = peek();
      if (close.kind != Tok::kRParen) {
        fail(close, "expected ')' to close the '(' at line " + std::to_string(t.pos.line) +
                        ", column " + std::to_string(t.pos.column) + " but found " +
                        describe(close, source_));
        return -1;
      }
      take();
      // The parenthesized expression spans its parentheses.
      at(inner).pos = t.pos;
      at(inner).begin = t.begin;
      at(inner).end = close.end;
      return inner;
    }
    if (t.kind == Tok::kEnd) {
      fail(t, "the rule ends where an attribute, a value or '(' was expected");
    } else if (t.kind == Tok::kLBracket) {
      fail(t, "a list is only allowed after 'in'");
    } else {
      fail(t, "expected an attribute, a value or '(' but found " + describe(t, source_));
    }
    return -1;
  }

  const std::vector<Token>& t_;
  std::string_view source_;
  Ast& ast_;
  Diagnostics& out_;
  size_t i_ = 0;
  bool failed_ = false;
};

}  // namespace

bool parse(const std::vector<Token>& tokens, std::string_view source, Ast& ast,
           Diagnostics& diagnostics) {
  return Parser(tokens, source, ast, diagnostics).run();
}

}  // namespace rx::rules::internal
