#include "rules/internal/compiler.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "rules/internal/text.h"

namespace rx::rules::internal {

namespace {

// A tree form of a Node, before `not` is pushed down and the tree is flattened.
struct Ir {
  Op op = Op::kConst;
  uint32_t a = 0;
  uint32_t b = 0;
  double k = 0;
  std::vector<double> list;  // kIn, kNotIn: sorted, unique
  std::vector<Ir> kids;
};

Ir leaf(Op op, size_t slot, double k = 0) {
  Ir ir;
  ir.op = op;
  ir.a = static_cast<uint32_t>(slot);
  ir.k = k;
  return ir;
}

Ir constant(bool value) {
  return leaf(Op::kConst, 0, value ? 2 : 0);
}

Ir composite(Op op, std::vector<Ir> kids) {
  Ir ir;
  ir.op = op;
  ir.kids = std::move(kids);
  return ir;
}

// not x, in Kleene logic.
Ir negate(Ir ir) {
  switch (ir.op) {
    case Op::kAnd:
    case Op::kOr:
      ir.op = ir.op == Op::kAnd ? Op::kOr : Op::kAnd;
      for (Ir& kid : ir.kids) kid = negate(std::move(kid));
      return ir;
    case Op::kBoolEq:
      ir.op = Op::kBoolNe;
      return ir;
    case Op::kBoolNe:
      ir.op = Op::kBoolEq;
      return ir;
    case Op::kConst:
      ir.k = 2 - ir.k;
      return ir;
    case Op::kTruthy:
      ir.op = Op::kFalsy;
      return ir;
    case Op::kFalsy:
      ir.op = Op::kTruthy;
      return ir;
    case Op::kLt:
      ir.op = Op::kGe;
      return ir;
    case Op::kLe:
      ir.op = Op::kGt;
      return ir;
    case Op::kGt:
      ir.op = Op::kLe;
      return ir;
    case Op::kGe:
      ir.op = Op::kLt;
      return ir;
    case Op::kEq:
      ir.op = Op::kNe;
      return ir;
    case Op::kNe:
      ir.op = Op::kEq;
      return ir;
    case Op::kIn:
      ir.op = Op::kNotIn;
      return ir;
    case Op::kNotIn:
      ir.op = Op::kIn;
      return ir;
    case Op::kLtSlot:
      ir.op = Op::kGeSlot;
      return ir;
    case Op::kLeSlot:
      ir.op = Op::kGtSlot;
      return ir;
    case Op::kGtSlot:
      ir.op = Op::kLeSlot;
      return ir;
    case Op::kGeSlot:
      ir.op = Op::kLtSlot;
      return ir;
    case Op::kEqSlot:
      ir.op = Op::kNeSlot;
      return ir;
    case Op::kNeSlot:
      ir.op = Op::kEqSlot;
      return ir;
  }
  return ir;
}

// `and` inside `and` (and `or` inside `or`) become one node; one-child nodes disappear.
Ir flatten(Ir ir) {
  if (ir.op != Op::kAnd && ir.op != Op::kOr) {
    for (Ir& kid : ir.kids) kid = flatten(std::move(kid));
    return ir;
  }
  std::vector<Ir> kids;
  for (Ir& kid : ir.kids) {
    Ir flat = flatten(std::move(kid));
    if (flat.op == ir.op) {
      for (Ir& k : flat.kids) kids.push_back(std::move(k));
    } else {
      kids.push_back(std::move(flat));
    }
  }
  if (kids.size() == 1) return std::move(kids[0]);
  ir.kids = std::move(kids);
  return ir;
}

Op compare_leaf(CmpOp op, bool slots) {
  static constexpr Op kValue[] = {Op::kEq, Op::kNe, Op::kLt, Op::kLe, Op::kGt, Op::kGe};
  static constexpr Op kSlot[] = {Op::kEqSlot, Op::kNeSlot, Op::kLtSlot,
                                 Op::kLeSlot, Op::kGtSlot, Op::kGeSlot};
  return (slots ? kSlot : kValue)[static_cast<size_t>(op)];
}

// `a op b` written as `b op' a`.
CmpOp mirror(CmpOp op) {
  switch (op) {
    case CmpOp::kLt:
      return CmpOp::kGt;
    case CmpOp::kLe:
      return CmpOp::kGe;
    case CmpOp::kGt:
      return CmpOp::kLt;
    case CmpOp::kGe:
      return CmpOp::kLe;
    default:
      return op;
  }
}

bool is_equality(CmpOp op) {
  return op == CmpOp::kEq || op == CmpOp::kNe;
}

class Generator {
 public:
  Generator(const Ast& ast, std::string_view source, std::shared_ptr<const SchemaState> schema,
            Diagnostics& out)
      : ast_(ast), source_(source), schema_(std::move(schema)), out_(out) {}

  std::shared_ptr<Program> run() {
    auto program = std::make_shared<Program>();
    std::vector<int> conjuncts;
    if (ast_.root >= 0) collect_conjuncts(ast_.root, conjuncts);
    std::vector<Ir> conditions;
    bool ok = true;
    for (int e : conjuncts) {
      std::optional<Ir> ir = condition(e);
      if (!ir) {
        ok = false;
        continue;
      }
      conditions.push_back(flatten(std::move(*ir)));
      Condition c;
      c.text = std::string(text(e));
      c.line = expr(e).pos.line;
      c.column = expr(e).pos.column;
      collect_slots(e, c.slots);
      program->conditions.push_back(std::move(c));
    }
    if (!ok) return nullptr;

    // The root `and` keeps one child per condition, even a condition that is an `and` itself.
    program->nodes.push_back(Node{Op::kAnd, 0, 0, 0, 0});
    for (Ir& c : conditions) {
      program->condition_nodes.push_back(static_cast<uint32_t>(program->nodes.size()));
      emit(c, *program);
    }
    program->nodes[0].end = static_cast<uint32_t>(program->nodes.size());

    for (const Condition& c : program->conditions) {
      program->slots.insert(program->slots.end(), c.slots.begin(), c.slots.end());
    }
    std::sort(program->slots.begin(), program->slots.end());
    program->slots.erase(std::unique(program->slots.begin(), program->slots.end()),
                         program->slots.end());
    program->row_width = program->slots.empty() ? 0 : program->slots.back() + 1;
    program->source = std::string(source_);
    program->schema = schema_;
    return program;
  }

 private:
  // A comparison operand, classified.
  struct Operand {
    enum Kind { kInvalid, kAttribute, kNumber, kString, kBool, kCondition } kind = kInvalid;
    int expr = -1;
    size_t slot = 0;
    std::optional<Ir> condition;  // kCondition, when it type-checked

    bool literal() const { return kind == kNumber || kind == kString || kind == kBool; }
  };

  const Expr& expr(int e) const { return ast_.exprs[static_cast<size_t>(e)]; }
  std::string_view text(int e) const {
    return source_.substr(expr(e).begin, expr(e).end - expr(e).begin);
  }
  std::string quoted(int e) const { return "'" + shorten(text(e)) + "'"; }
  const Attribute& attribute(size_t slot) const { return schema_->attributes[slot]; }

  void error(Pos pos, std::string message) { out_.add(pos, std::move(message)); }

  void collect_conjuncts(int e, std::vector<int>& out) const {
    if (expr(e).kind == ExprKind::kAnd) {
      for (int kid : expr(e).kids) collect_conjuncts(kid, out);
    } else {
      out.push_back(e);
    }
  }

  void collect_slots(int e, std::vector<size_t>& out) const {
    const Expr& x = expr(e);
    if (x.kind == ExprKind::kIdent) {
      if (auto slot = schema_->slot(x.text)) {
        if (std::find(out.begin(), out.end(), *slot) == out.end()) out.push_back(*slot);
      }
    }
    for (int kid : x.kids) collect_slots(kid, out);
  }

  std::optional<size_t> resolve(int e) {
    const Expr& x = expr(e);
    if (auto slot = schema_->slot(x.text)) return slot;
    std::string message = "unknown attribute '" + shorten(x.text) + "'";
    std::vector<std::string> names;
    for (const Attribute& a : schema_->attributes) names.push_back(a.name);
    if (auto suggestion = closest(x.text, names))
      message += "; did you mean '" + *suggestion + "'?";
    error(x.pos, std::move(message));
    return std::nullopt;
  }

  Operand classify(int e) {
    Operand o;
    o.expr = e;
    switch (expr(e).kind) {
      case ExprKind::kIdent:
        if (auto slot = resolve(e)) {
          o.kind = Operand::kAttribute;
          o.slot = *slot;
        }
        return o;
      case ExprKind::kNumber:
        o.kind = Operand::kNumber;
        return o;
      case ExprKind::kString:
        o.kind = Operand::kString;
        return o;
      case ExprKind::kBool:
        o.kind = Operand::kBool;
        return o;
      default:
        o.condition = condition(e);
        o.kind = o.condition ? Operand::kCondition : Operand::kInvalid;
        return o;
    }
  }

  // Why a bare attribute of this type is not a condition, with an example of what is.
  std::string not_a_condition(const Attribute& a) const {
    std::string example;
    switch (a.type) {
      case AttributeType::kNumber:
        example = a.name + " >= 1";
        break;
      case AttributeType::kString:
        example = a.name + " == \"" + (a.values.empty() ? "..." : a.values[0]) + "\"";
        break;
      default:
        example = a.name + " >= \"" + a.values[a.values.size() > 1 ? 1 : 0] + "\"";
        break;
    }
    return "'" + a.name + "' is a " + std::string(type_name(a.type)) +
           ", not a condition; compare it, as in " + example;
  }

  std::optional<Ir> condition(int e) {
    const Expr& x = expr(e);
    switch (x.kind) {
      case ExprKind::kOr:
      case ExprKind::kAnd: {
        std::vector<Ir> kids;
        bool ok = true;
        for (int kid : x.kids) {
          std::optional<Ir> ir = condition(kid);
          if (ir) {
            kids.push_back(std::move(*ir));
          } else {
            ok = false;
          }
        }
        if (!ok) return std::nullopt;
        return composite(x.kind == ExprKind::kAnd ? Op::kAnd : Op::kOr, std::move(kids));
      }
      case ExprKind::kNot: {
        std::optional<Ir> kid = condition(x.kids[0]);
        if (!kid) return std::nullopt;
        return negate(std::move(*kid));
      }
      case ExprKind::kIdent: {
        auto slot = resolve(e);
        if (!slot) return std::nullopt;
        if (attribute(*slot).type == AttributeType::kBool) return leaf(Op::kTruthy, *slot);
        error(x.pos, not_a_condition(attribute(*slot)));
        return std::nullopt;
      }
      case ExprKind::kBool:
        return constant(x.boolean);
      case ExprKind::kNumber:
      case ExprKind::kString:
        error(x.pos, "the " + std::string(x.kind == ExprKind::kNumber ? "number" : "string") + " " +
                         quoted(e) + " is not a condition; compare an attribute with it");
        return std::nullopt;
      case ExprKind::kCompare:
        return compare(e);
      case ExprKind::kIn:
        return in_list(e);
    }
    return std::nullopt;
  }

  std::optional<Ir> compare(int e) {
    const Expr& x = expr(e);
    Operand l = classify(x.kids[0]);
    Operand r = classify(x.kids[1]);
    CmpOp op = x.op;
    const std::string op_name = "'" + std::string(op_text(op)) + "'";
    if (l.kind == Operand::kInvalid || r.kind == Operand::kInvalid) return std::nullopt;
    if (l.literal() && r.literal()) {
      error(x.pos, "compares two values (" + quoted(l.expr) + " and " + quoted(r.expr) +
                       "); one side must be an attribute");
      return std::nullopt;
    }
    // The attribute (or else the condition) on the left.
    if ((l.literal() && !r.literal()) ||
        (l.kind == Operand::kCondition && r.kind == Operand::kAttribute)) {
      std::swap(l, r);
      op = mirror(op);
    }
    if (l.kind == Operand::kCondition) {
      if (!is_equality(op)) {
        error(x.op_pos, "conditions can only be compared with == or !=, not " + op_name);
        return std::nullopt;
      }
      if (r.kind == Operand::kBool) {
        const bool same = (op == CmpOp::kEq) == expr(r.expr).boolean;
        return same ? std::move(*l.condition) : negate(std::move(*l.condition));
      }
      if (r.kind == Operand::kCondition) {
        return composite(op == CmpOp::kEq ? Op::kBoolEq : Op::kBoolNe,
                         {std::move(*l.condition), std::move(*r.condition)});
      }
      error(expr(r.expr).pos,
            "a condition can only be compared with true or false, not " + quoted(r.expr));
      return std::nullopt;
    }
    const Attribute& a = attribute(l.slot);
    const std::string name = "'" + a.name + "'";
    const std::string type(type_name(a.type));
    if (r.kind == Operand::kAttribute || r.kind == Operand::kCondition) {
      const bool r_bool =
          r.kind == Operand::kCondition || attribute(r.slot).type == AttributeType::kBool;
      if (a.type == AttributeType::kBool && r_bool) {
        if (!is_equality(op)) {
          error(x.op_pos,
                name + " is a bool; it can only be compared with == or !=, not " + op_name);
          return std::nullopt;
        }
        Ir right =
            r.kind == Operand::kCondition ? std::move(*r.condition) : leaf(Op::kTruthy, r.slot);
        return composite(op == CmpOp::kEq ? Op::kBoolEq : Op::kBoolNe,
                         {leaf(Op::kTruthy, l.slot), std::move(right)});
      }
      if (r.kind == Operand::kAttribute && a.type == AttributeType::kNumber &&
          attribute(r.slot).type == AttributeType::kNumber) {
        Ir ir = leaf(compare_leaf(op, /*slots=*/true), l.slot);
        ir.b = static_cast<uint32_t>(r.slot);
        return ir;
      }
      const std::string other = r.kind == Operand::kCondition
                                    ? std::string("a condition")
                                    : "'" + attribute(r.slot).name + "' (" +
                                          std::string(type_name(attribute(r.slot).type)) + ")";
      std::string why = "cannot compare " + name + " (" + type + ") with " + other;
      if (a.type == AttributeType::kString || a.type == AttributeType::kGrade) {
        why += "; a " + type + " attribute is compared with a value in double quotes";
      }
      error(x.op_pos, std::move(why));
      return std::nullopt;
    }
    // Attribute op literal.
    const Expr& lit = expr(r.expr);
    switch (a.type) {
      case AttributeType::kNumber:
        if (r.kind != Operand::kNumber) {
          error(lit.pos, name + " is a number; compare it with a number, not " + quoted(r.expr));
          return std::nullopt;
        }
        return leaf(compare_leaf(op, false), l.slot, lit.number);
      case AttributeType::kBool:
        if (r.kind != Operand::kBool) {
          error(lit.pos, name + " is a bool; compare it with true or false, not " + quoted(r.expr));
          return std::nullopt;
        }
        if (!is_equality(op)) {
          error(x.op_pos,
                name + " is a bool; it can only be compared with == or !=, not " + op_name);
          return std::nullopt;
        }
        return leaf((op == CmpOp::kEq) == lit.boolean ? Op::kTruthy : Op::kFalsy, l.slot);
      case AttributeType::kString:
      case AttributeType::kGrade: {
        const bool grade = a.type == AttributeType::kGrade;
        if (!grade && !is_equality(op)) {
          error(x.op_pos, name +
                              " is a string; strings have no order, so use ==, != or in, "
                              "not " +
                              op_name);
          if (r.kind == Operand::kString) (void)value_code(l.slot, r.expr);
          return std::nullopt;
        }
        if (r.kind != Operand::kString) {
          error(lit.pos, name + " is a " + type + "; compare it with a " + type +
                             " in double quotes, not " + quoted(r.expr));
          return std::nullopt;
        }
        auto code = value_code(l.slot, r.expr);
        if (!code) return std::nullopt;
        return leaf(compare_leaf(op, false), l.slot, *code);
      }
    }
    return std::nullopt;
  }

  // The row value of string literal `e` for the string or grade attribute at `slot`, or an
  // error naming the allowed values.
  std::optional<double> value_code(size_t slot, int e) {
    const Attribute& a = attribute(slot);
    const std::string& value = expr(e).text;
    const double code = schema_->encode(slot, value, /*intern=*/true);
    if (!std::isnan(code)) return code;
    std::string message;
    if (a.type == AttributeType::kGrade) {
      message = "\"" + shorten(value) + "\" is not a grade of '" + a.name +
                "'; its grades, best first: " + quoted_list(a.values);
    } else {
      message = "\"" + shorten(value) + "\" is not an allowed value of '" + a.name +
                "'; allowed: " + quoted_list(a.values);
    }
    if (auto suggestion = closest(value, a.values))
      message += "; did you mean \"" + *suggestion + "\"?";
    error(expr(e).pos, std::move(message));
    return std::nullopt;
  }

  std::optional<Ir> in_list(int e) {
    const Expr& x = expr(e);
    const std::string op_name = x.negated ? "'not in'" : "'in'";
    Operand l = classify(x.kids[0]);
    if (l.kind == Operand::kInvalid) return std::nullopt;
    if (l.kind != Operand::kAttribute) {
      error(x.pos, "the left side of " + op_name + " must be an attribute, not " + quoted(l.expr));
      return std::nullopt;
    }
    const Attribute& a = attribute(l.slot);
    const std::string name = "'" + a.name + "'";
    if (a.type == AttributeType::kBool) {
      error(x.op_pos, name + " is a bool; compare it with == true or == false, not " + op_name);
      return std::nullopt;
    }
    Ir ir = leaf(x.negated ? Op::kNotIn : Op::kIn, l.slot);
    bool ok = true;
    for (size_t i = 1; i < x.kids.size(); ++i) {
      const int item = x.kids[i];
      const Expr& lit = expr(item);
      if (a.type == AttributeType::kNumber) {
        if (lit.kind != ExprKind::kNumber) {
          error(lit.pos, name + " is a number; its list holds numbers, not " + quoted(item));
          ok = false;
          continue;
        }
        ir.list.push_back(lit.number);
        continue;
      }
      const std::string type(type_name(a.type));
      if (lit.kind != ExprKind::kString) {
        error(lit.pos, name + " is a " + type + "; its list holds " + type +
                           "s in double quotes, not " + quoted(item));
        ok = false;
        continue;
      }
      if (auto code = value_code(l.slot, item)) {
        ir.list.push_back(*code);
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    std::sort(ir.list.begin(), ir.list.end());
    ir.list.erase(std::unique(ir.list.begin(), ir.list.end()), ir.list.end());
    return ir;
  }

  void emit(const Ir& ir, Program& program) {
    const auto at = program.nodes.size();
    Node node{ir.op, 0, ir.a, ir.b, ir.k};
    if (ir.op == Op::kIn || ir.op == Op::kNotIn) {
      node.b = static_cast<uint32_t>(program.lists.size());
      program.lists.push_back(static_cast<double>(ir.list.size()));
      program.lists.insert(program.lists.end(), ir.list.begin(), ir.list.end());
    }
    program.nodes.push_back(node);
    for (const Ir& kid : ir.kids) emit(kid, program);
    program.nodes[at].end = static_cast<uint32_t>(program.nodes.size());
  }

  const Ast& ast_;
  std::string_view source_;
  std::shared_ptr<const SchemaState> schema_;
  Diagnostics& out_;
};

}  // namespace

std::shared_ptr<Program> generate(const Ast& ast, std::string_view source,
                                  std::shared_ptr<const SchemaState> schema,
                                  Diagnostics& diagnostics) {
  return Generator(ast, source, std::move(schema), diagnostics).run();
}

}  // namespace rx::rules::internal
