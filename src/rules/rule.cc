#include "rules/rule.h"

#include <algorithm>
#include <cassert>
#include <cstddef>

#include "rules/internal/compiler.h"
#include "rules/internal/lexer.h"
#include "rules/internal/parser.h"
#include "rules/internal/program.h"

namespace rx::rules {

namespace internal {

uint8_t eval_node(const Node* nodes, uint32_t i, const double* row, const double* lists) {
  const Node& n = nodes[i];
  switch (n.op) {
    case Op::kAnd: {
      uint8_t acc = 2;
      for (uint32_t c = i + 1; c < n.end; c = nodes[c].end) {
        const uint8_t t = eval_any(nodes, c, row, lists);
        if (t == 0) return 0;
        acc = std::min(acc, t);
      }
      return acc;
    }
    case Op::kOr: {
      uint8_t acc = 0;
      for (uint32_t c = i + 1; c < n.end; c = nodes[c].end) {
        const uint8_t t = eval_any(nodes, c, row, lists);
        if (t == 2) return 2;
        acc = std::max(acc, t);
      }
      return acc;
    }
    case Op::kBoolEq:
    case Op::kBoolNe: {
      const uint8_t x = eval_any(nodes, i + 1, row, lists);
      if (x == 1) return 1;
      const uint8_t y = eval_any(nodes, nodes[i + 1].end, row, lists);
      if (y == 1) return 1;
      return true_bit((x == y) == (n.op == Op::kBoolEq));
    }
    default:
      return eval_leaf(n, row, lists);
  }
}

}  // namespace internal

std::string_view truth_name(Truth truth) {
  switch (truth) {
    case Truth::kFalse:
      return "false";
    case Truth::kUnknown:
      return "unknown";
    case Truth::kTrue:
      return "true";
  }
  return "unknown";
}

std::string Explanation::to_string() const {
  std::string out;
  for (const ConditionResult& c : conditions) {
    out += "[" + std::string(truth_name(c.truth)) + "] " + c.text;
    if (!c.values.empty()) {
      out += "  (";
      for (size_t i = 0; i < c.values.size(); ++i) {
        if (i) out += ", ";
        out += c.values[i].name + " = " + c.values[i].value.value_or("missing");
      }
      out += ")";
    }
    out += "\n";
  }
  return out;
}

Truth Rule::evaluate(std::span<const double> row) const {
  const internal::Program& p = *p_;
  assert(row.size() >= p.row_width);
  return static_cast<Truth>(internal::eval_node(p.nodes.data(), 0, row.data(), p.lists.data()));
}

const std::vector<Condition>& Rule::conditions() const {
  return p_->conditions;
}

const std::vector<size_t>& Rule::referenced_slots() const {
  return p_->slots;
}

size_t Rule::row_width() const {
  return p_->row_width;
}

std::string Rule::source() const {
  return p_->source;
}

int Rule::failed_conditions(std::span<const double> row) const {
  const internal::Program& p = *p_;
  assert(row.size() >= p.row_width);
  int failed = 0;
  for (uint32_t at : p.condition_nodes) {
    failed += internal::eval_any(p.nodes.data(), at, row.data(), p.lists.data()) != 2;
  }
  return failed;
}

Explanation Rule::explain(std::span<const double> row) const {
  const internal::Program& p = *p_;
  assert(row.size() >= p.row_width);
  Explanation out;
  out.truth = evaluate(row);
  for (size_t i = 0; i < p.conditions.size(); ++i) {
    const Condition& c = p.conditions[i];
    ConditionResult r;
    r.text = c.text;
    r.truth = static_cast<Truth>(
        internal::eval_any(p.nodes.data(), p.condition_nodes[i], row.data(), p.lists.data()));
    for (size_t slot : c.slots) {
      r.values.push_back(
          {slot, p.schema->attributes[slot].name, p.schema->display(slot, row[slot])});
    }
    out.conditions.push_back(std::move(r));
  }
  return out;
}

Result<Rule> compile(std::string_view source, const Schema& schema) {
  return compile(source, schema, nullptr);
}

Result<Rule> compile(std::string_view source, const Schema& schema,
                     std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> found;
  internal::Diagnostics out(found);
  auto fail = [&]() -> Result<Rule> {
    Status status = to_status(found);
    if (diagnostics) diagnostics->insert(diagnostics->end(), found.begin(), found.end());
    return status;
  };
  if (source.size() > kMaxSourceBytes) {
    out.add({1, 1}, "the rule is too long: " + std::to_string(source.size()) + " bytes, at most " +
                        std::to_string(kMaxSourceBytes));
    return fail();
  }
  const internal::SchemaState& state = *schema.state();
  std::vector<internal::Token> tokens = internal::lex(source, state.attributes, out);
  if (!found.empty()) return fail();
  internal::Ast ast;
  if (!internal::parse(tokens, source, ast, out)) return fail();
  std::shared_ptr<internal::Program> program = internal::generate(ast, source, schema.state(), out);
  if (!program) {
    // Type errors come in tree order; report them in source order. (When capped, the
    // "too many errors" note stays last.)
    const auto last = found.begin() + static_cast<std::ptrdiff_t>(
                                          std::min(found.size(), internal::Diagnostics::kLimit));
    std::stable_sort(found.begin(), last, [](const Diagnostic& a, const Diagnostic& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return fail();
  }
  return Rule(std::move(program));
}

}  // namespace rx::rules
