// Properties over thousands of random rules and inputs: the compiled evaluator agrees with a
// simple tree-walking interpreter written here, and no input, however broken, crashes the
// compiler.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::kNaN;

constexpr int F = 0, U = 1, T = 2;  // Kleene truth values

// One attribute value as the reference sees it: a number, or a string / grade as text.
struct Cell {
  bool missing = true;
  double number = 0;
  std::string text;
};

// The attribute values the generator draws from; literals come from the same pools (plus some
// values no row has), so comparisons are often equal.
const std::vector<double> kNumbers = {-1, 0, 0.5, 1, 2, 3, 1000};
const std::vector<std::string> kSizes = {"micro", "small", "medium", "large"};
const std::vector<std::string> kDistricts = {"310101", "310104", "310105", "310106",
                                             "310107", "310109", "310110", "310112",
                                             "310113", "310114", "310115", "310116"};
const std::vector<std::string> kIndustries = {"A", "B", "C", "制造业"};
const std::vector<std::string> kComposite = {"A", "B", "C", "D"};
const std::vector<std::string> kTax = {"A", "B", "M", "C", "D"};

enum class Kind {
  kAnd,
  kOr,
  kNot,
  kBoolEq,
  kConst,
  kNumCmp,
  kNumSlots,
  kIn,
  kBoolAttr,
  kBoolLit,
  kBoolAttrs,
  kStrCmp,
  kGradeCmp
};

struct Node {
  Kind kind = Kind::kConst;
  std::vector<std::unique_ptr<Node>> kids;
  size_t slot = 0, slot2 = 0;
  int op = 0;         // index into kOps
  bool flag = false;  // kConst value, kBoolLit literal, kIn negated, kBoolEq: != ; literal left
  bool literal_left = false;
  double number = 0;
  std::string text;
  std::vector<double> numbers;
  std::vector<std::string> texts;
};

const char* const kOps[] = {"==", "!=", "<", "<=", ">", ">="};

bool compare(int op, double a, double b) {
  switch (op) {
    case 0:
      return a == b;
    case 1:
      return a != b;
    case 2:
      return a < b;
    case 3:
      return a <= b;
    case 4:
      return a > b;
    default:
      return a >= b;
  }
}

int mirror(int op) {
  static const int kMirror[] = {0, 1, 4, 5, 2, 3};
  return kMirror[op];
}

const std::vector<std::string>& pool(size_t slot) {
  switch (slot) {
    case 0:
      return kSizes;
    case 1:
      return kDistricts;
    case 4:
      return kComposite;
    case 5:
      return kTax;
    default:
      return kIndustries;
  }
}

// Grade rank as the reference computes it: position on the scale, best first.
double grade_rank(size_t slot, const std::string& g) {
  const auto& scale = pool(slot);
  const auto it = std::find(scale.begin(), scale.end(), g);
  return -static_cast<double>(it - scale.begin());
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class V>
  const typename V::value_type& any(const V& v) {
    return v[static_cast<size_t>(pick(static_cast<int>(v.size())))];
  }

  std::unique_ptr<Node> rule(int depth) {
    auto n = std::make_unique<Node>();
    if (depth == 0 || chance(0.35)) {
      leaf(*n);
      return n;
    }
    switch (pick(5)) {
      case 0:
      case 1: {
        n->kind = pick(2) ? Kind::kAnd : Kind::kOr;
        const int count = 2 + pick(3);
        for (int i = 0; i < count; ++i) n->kids.push_back(rule(depth - 1));
        break;
      }
      case 2:
      case 3:
        n->kind = Kind::kNot;
        n->kids.push_back(rule(depth - 1));
        break;
      default:
        n->kind = Kind::kBoolEq;
        n->flag = chance(0.5);
        n->kids.push_back(rule(depth - 1));
        n->kids.push_back(rule(depth - 1));
        // Two literals compared is an error, not a rule.
        while (n->kids[0]->kind == Kind::kConst && n->kids[1]->kind == Kind::kConst) {
          leaf(*n->kids[1]);
        }
        break;
    }
    return n;
  }

  void leaf(Node& n) {
    static const size_t kNumberSlots[] = {2, 6, 7};
    static const size_t kBoolSlots[] = {3, 8};
    static const size_t kStringSlots[] = {0, 1, 9};
    static const size_t kGradeSlots[] = {4, 5};
    n.literal_left = chance(0.2);
    switch (pick(12)) {
      case 0:
        n.kind = Kind::kConst;
        n.flag = chance(0.5);
        break;
      case 1:
      case 2:
        n.kind = Kind::kNumCmp;
        n.slot = kNumberSlots[pick(3)];
        n.op = pick(6);
        n.number = any(kNumbers);
        break;
      case 3:
        n.kind = Kind::kNumSlots;
        n.slot = kNumberSlots[pick(3)];
        n.slot2 = kNumberSlots[pick(3)];
        n.op = pick(6);
        break;
      case 4:
        n.kind = Kind::kBoolAttr;
        n.slot = kBoolSlots[pick(2)];
        break;
      case 5:
        n.kind = Kind::kBoolLit;
        n.slot = kBoolSlots[pick(2)];
        n.op = pick(2);
        n.flag = chance(0.5);
        break;
      case 6:
        n.kind = Kind::kBoolAttrs;
        n.slot = kBoolSlots[pick(2)];
        n.slot2 = kBoolSlots[pick(2)];
        n.op = pick(2);
        break;
      case 7:
      case 8:
        n.kind = Kind::kStrCmp;
        n.slot = kStringSlots[pick(3)];
        n.op = pick(2);
        n.text = chance(0.9) ? any(pool(n.slot)) : (n.slot == 0 ? "micro" : "never-seen");
        break;
      case 9:
        n.kind = Kind::kGradeCmp;
        n.slot = kGradeSlots[pick(2)];
        n.op = pick(6);
        n.text = any(pool(n.slot));
        break;
      default: {
        n.kind = Kind::kIn;
        n.flag = chance(0.4);
        const int which = pick(3);
        n.slot = which == 0   ? kNumberSlots[pick(3)]
                 : which == 1 ? kStringSlots[pick(3)]
                              : kGradeSlots[pick(2)];
        const int count = 1 + pick(which == 1 ? 12 : 5);
        for (int i = 0; i < count; ++i) {
          if (which == 0) {
            n.numbers.push_back(any(kNumbers));
          } else {
            n.texts.push_back(any(pool(n.slot)));
          }
        }
        break;
      }
    }
  }

  // Random white space: spaces, a newline, sometimes a comment.
  std::string space() {
    switch (pick(8)) {
      case 0:
        return "\n  ";
      case 1:
        return "  # 注释 and or not (\n";
      case 2:
        return "\t";
      default:
        return " ";
    }
  }

  std::string keyword(const char* ascii, const char* chinese) {
    return chance(0.3) ? chinese : ascii;
  }

  std::string number(double v) {
    if (v == 1000 && chance(0.5)) return "1_000";
    std::string s = testing::schema().decode(2, v);
    return s;
  }

  static std::string quote(const std::string& s) { return "\"" + s + "\""; }

  std::string name(size_t slot) { return testing::schema().attribute(slot).name; }

  std::string print(const Node& n) {
    const std::string sp = space();
    auto cmp = [&](const std::string& attr, int op, const std::string& literal) {
      if (n.literal_left) return literal + sp + kOps[mirror(op)] + " " + attr;
      return attr + " " + kOps[op] + sp + literal;
    };
    switch (n.kind) {
      case Kind::kAnd:
      case Kind::kOr: {
        std::string out;
        for (size_t i = 0; i < n.kids.size(); ++i) {
          if (i) {
            out += sp + (n.kind == Kind::kAnd ? keyword("and", "且") : keyword("or", "或")) + " ";
          }
          out += operand(*n.kids[i], n.kind == Kind::kOr && n.kids[i]->kind == Kind::kAnd);
        }
        return out;
      }
      case Kind::kNot: {
        const Node& k = *n.kids[0];
        const bool bare = k.kind != Kind::kAnd && k.kind != Kind::kOr && k.kind != Kind::kBoolEq &&
                          k.kind != Kind::kBoolLit && k.kind != Kind::kBoolAttrs;
        return keyword("not", "非") + " " + (bare ? print(k) : "(" + print(k) + ")");
      }
      case Kind::kBoolEq:
        return "(" + print(*n.kids[0]) + ")" + sp + (n.flag ? "!=" : "==") + " (" +
               print(*n.kids[1]) + ")";
      case Kind::kConst:
        return n.flag ? "true" : "false";
      case Kind::kNumCmp:
        return cmp(name(n.slot), n.op, number(n.number));
      case Kind::kNumSlots:
        return name(n.slot) + " " + kOps[n.op] + " " + name(n.slot2);
      case Kind::kBoolAttr:
        return name(n.slot);
      case Kind::kBoolLit:
        return cmp(name(n.slot), n.op, n.flag ? "true" : "false");
      case Kind::kBoolAttrs:
        return name(n.slot) + " " + kOps[n.op] + " " + name(n.slot2);
      case Kind::kStrCmp:
      case Kind::kGradeCmp:
        return cmp(name(n.slot), n.op, quote(n.text));
      case Kind::kIn: {
        std::string out = name(n.slot) + (n.flag ? " " + keyword("not", "非") + " in [" : " in [");
        const size_t count = n.numbers.empty() ? n.texts.size() : n.numbers.size();
        for (size_t i = 0; i < count; ++i) {
          if (i) out += "," + sp;
          out += n.numbers.empty() ? quote(n.texts[i]) : number(n.numbers[i]);
        }
        return out + (chance(0.2) ? ",]" : "]");
      }
    }
    return "?";
  }

  // A child of and/or: parenthesized unless precedence makes it unnecessary (randomly kept).
  std::string operand(const Node& n, bool and_in_or) {
    const bool composite = n.kind == Kind::kAnd || n.kind == Kind::kOr;
    if ((composite && !and_in_or) || chance(0.1) || (and_in_or && chance(0.5))) {
      return "(" + print(n) + ")";
    }
    return print(n);
  }

  std::vector<Cell> cells() {
    std::vector<Cell> out(10);
    for (size_t slot = 0; slot < out.size(); ++slot) {
      Cell& c = out[slot];
      c.missing = chance(0.15);
      const AttributeType type = testing::schema().attribute(slot).type;
      if (type == AttributeType::kNumber) {
        c.number = any(kNumbers);
      } else if (type == AttributeType::kBool) {
        c.number = pick(2);
      } else {
        c.text = any(pool(slot));
      }
    }
    return out;
  }

 private:
  std::mt19937_64 rng_;
};

std::vector<double> encode(const std::vector<Cell>& cells) {
  const Schema& s = testing::schema();
  std::vector<double> out(cells.size(), kNaN);
  for (size_t slot = 0; slot < cells.size(); ++slot) {
    if (cells[slot].missing) continue;
    const AttributeType type = s.attribute(slot).type;
    out[slot] = type == AttributeType::kNumber || type == AttributeType::kBool
                    ? cells[slot].number
                    : s.encode(slot, cells[slot].text);
  }
  return out;
}

// The reference interpreter: straight from the language's definition, no compilation.
int reference(const Node& n, const std::vector<Cell>& row) {
  auto missing = [&](size_t slot) { return row[slot].missing; };
  switch (n.kind) {
    case Kind::kAnd: {
      int result = T;
      for (const auto& k : n.kids) result = std::min(result, reference(*k, row));
      return result;
    }
    case Kind::kOr: {
      int result = F;
      for (const auto& k : n.kids) result = std::max(result, reference(*k, row));
      return result;
    }
    case Kind::kNot:
      return T - reference(*n.kids[0], row);
    case Kind::kBoolEq: {
      const int a = reference(*n.kids[0], row), b = reference(*n.kids[1], row);
      if (a == U || b == U) return U;
      return ((a == b) != n.flag) ? T : F;
    }
    case Kind::kConst:
      return n.flag ? T : F;
    case Kind::kNumCmp:
      if (missing(n.slot)) return U;
      return compare(n.op, row[n.slot].number, n.number) ? T : F;
    case Kind::kNumSlots:
      if (missing(n.slot) || missing(n.slot2)) return U;
      return compare(n.op, row[n.slot].number, row[n.slot2].number) ? T : F;
    case Kind::kBoolAttr:
      if (missing(n.slot)) return U;
      return row[n.slot].number != 0 ? T : F;
    case Kind::kBoolLit: {
      if (missing(n.slot)) return U;
      const bool v = row[n.slot].number != 0;
      return ((v == n.flag) == (n.op == 0)) ? T : F;
    }
    case Kind::kBoolAttrs: {
      if (missing(n.slot) || missing(n.slot2)) return U;
      const bool a = row[n.slot].number != 0, b = row[n.slot2].number != 0;
      return ((a == b) == (n.op == 0)) ? T : F;
    }
    case Kind::kStrCmp:
      if (missing(n.slot)) return U;
      return ((row[n.slot].text == n.text) == (n.op == 0)) ? T : F;
    case Kind::kGradeCmp:
      if (missing(n.slot)) return U;
      return compare(n.op, grade_rank(n.slot, row[n.slot].text), grade_rank(n.slot, n.text)) ? T
                                                                                             : F;
    case Kind::kIn: {
      if (missing(n.slot)) return U;
      bool found = false;
      if (!n.numbers.empty()) {
        found =
            std::find(n.numbers.begin(), n.numbers.end(), row[n.slot].number) != n.numbers.end();
      } else {
        found = std::find(n.texts.begin(), n.texts.end(), row[n.slot].text) != n.texts.end();
      }
      return found != n.flag ? T : F;
    }
  }
  return U;
}

void conjuncts(const Node& n, std::vector<const Node*>& out) {
  if (n.kind == Kind::kAnd) {
    for (const auto& k : n.kids) conjuncts(*k, out);
  } else {
    out.push_back(&n);
  }
}

TEST(RulesProperty, CompiledEvaluationAgreesWithTheReferenceInterpreter) {
  Generator gen(20260501);
  int rules = 0, checked = 0;
  int seen[3] = {0, 0, 0};
  for (int i = 0; i < 4000; ++i) {
    std::unique_ptr<Node> tree = gen.rule(1 + gen.pick(5));
    const std::string source = gen.print(*tree);
    auto compiled = compile(source, testing::schema());
    ASSERT_TRUE(compiled.is_ok()) << source << "\n" << compiled.status().to_string();
    const Rule& rule = *compiled;
    std::vector<const Node*> parts;
    conjuncts(*tree, parts);
    ASSERT_EQ(rule.conditions().size(), parts.size()) << source;
    ++rules;
    for (int j = 0; j < 60; ++j) {
      const std::vector<Cell> cells = gen.cells();
      const std::vector<double> row = encode(cells);
      const int expected = reference(*tree, cells);
      ++seen[expected];
      ++checked;
      ASSERT_EQ(static_cast<int>(rule.evaluate(row)), expected) << source;
      if (j % 10 != 0) continue;
      int failed = 0;
      const Explanation e = rule.explain(row);
      ASSERT_EQ(static_cast<int>(e.truth), expected) << source;
      for (size_t c = 0; c < parts.size(); ++c) {
        const int truth = reference(*parts[c], cells);
        failed += truth != T;
        ASSERT_EQ(static_cast<int>(e.conditions[c].truth), truth)
            << source << "\ncondition " << c << ": " << e.conditions[c].text;
      }
      ASSERT_EQ(rule.failed_conditions(row), failed) << source;
    }
  }
  EXPECT_EQ(rules, 4000);
  // The generator reaches all three outcomes often.
  EXPECT_GT(seen[F], checked / 10);
  EXPECT_GT(seen[U], checked / 20);
  EXPECT_GT(seen[T], checked / 10);
}

// Every diagnostic points inside the source (or just past its end) and says something.
void expect_sane(const std::string& source, const Result<Rule>& r,
                 const std::vector<Diagnostic>& diagnostics) {
  if (r.is_ok()) {
    EXPECT_TRUE(diagnostics.empty());
    return;
  }
  ASSERT_FALSE(diagnostics.empty()) << source;
  EXPECT_EQ(r.status().message(), diagnostics[0].to_string());
  EXPECT_EQ(r.status().details().size(), diagnostics.size());
  EXPECT_LE(diagnostics.size(), 101u);
  const int lines = static_cast<int>(std::count(source.begin(), source.end(), '\n')) + 1;
  for (const Diagnostic& d : diagnostics) {
    EXPECT_GE(d.line, 1) << source;
    EXPECT_LE(d.line, lines) << source;
    EXPECT_GE(d.column, 1) << source;
    EXPECT_LE(d.column, static_cast<int>(source.size()) + 1) << source;
    EXPECT_FALSE(d.message.empty()) << source;
  }
}

TEST(RulesProperty, RandomBytesNeverCrash) {
  std::mt19937_64 rng(7);
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyz_ABZ0123456789.-+=!<>()[],\"\\'#&| \t\n\r"
      "\x01\x7f\x80\xbf\xc0\xe4\xb8\x94\xff";
  const std::vector<std::string> pieces = {"size",      "years_operating",
                                           "high_tech", "composite_grade",
                                           " and ",     " or ",
                                           " not ",     " in ",
                                           "且",        "或",
                                           "非",        "（",
                                           "经营年限",  "\"small\"",
                                           "\"B\"",     "1_000",
                                           "-0.5",      "[",
                                           "]",         "(",
                                           ")",         "==",
                                           ">=",        "\"",
                                           "#",         "\n",
                                           "true",      "false",
                                           "\xe4\xb8",  "\u3000"};
  int ok = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string source;
    const size_t length = std::uniform_int_distribution<size_t>(0, 120)(rng);
    while (source.size() < length) {
      switch (rng() % 3) {
        case 0:
          source += static_cast<char>(rng() & 0xff);
          break;
        case 1:
          source += alphabet[rng() % alphabet.size()];
          break;
        default:
          source += pieces[rng() % pieces.size()];
          break;
      }
    }
    std::vector<Diagnostic> diagnostics;
    auto r = compile(source, testing::schema(), &diagnostics);
    expect_sane(source, r, diagnostics);
    if (r.is_ok()) {
      ++ok;
      std::vector<double> row(testing::schema().size(), kNaN);
      (void)r->evaluate(row);
      (void)r->explain(row);
    }
  }
  EXPECT_GT(ok, 0);  // some random inputs are rules ("true", "high_tech", blank)
}

TEST(RulesProperty, MutatedRulesNeverCrash) {
  Generator gen(99);
  std::mt19937_64 rng(11);
  const std::vector<std::string> inserts = {"(",    ")",  "[", "]", ",", "\"", "not ", " and ",
                                            "or",   "==", "<", "1", "x", "#",  "\n",   "非",
                                            "\xe4", "\\", "'", "=", "!", "in", "\xff"};
  int ok = 0, failed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string source = gen.print(*gen.rule(1 + gen.pick(4)));
    const int mutations = 1 + static_cast<int>(rng() % 4);
    for (int m = 0; m < mutations && !source.empty(); ++m) {
      const size_t at = rng() % source.size();
      switch (rng() % 4) {
        case 0:
          source.erase(at, 1 + rng() % 3);
          break;
        case 1:
          source.insert(at, inserts[rng() % inserts.size()]);
          break;
        case 2:
          source[at] = static_cast<char>(rng() & 0xff);
          break;
        default: {
          const size_t from = rng() % source.size();
          source.insert(at, source.substr(from, 1 + rng() % 8));
          break;
        }
      }
    }
    std::vector<Diagnostic> diagnostics;
    auto r = compile(source, testing::schema(), &diagnostics);
    expect_sane(source, r, diagnostics);
    if (r.is_ok()) {
      ++ok;
      const std::vector<double> row = encode(gen.cells());
      (void)r->evaluate(row);
      (void)r->failed_conditions(row);
      (void)r->explain(row).to_string();
    } else {
      ++failed;
    }
  }
  EXPECT_GT(ok, 30);
  EXPECT_GT(failed, 2000);
}

// Sources of the largest size made of one repeated piece: each compiles or fails in linear time
// (a quadratic lexer would make this test take minutes).
TEST(RulesProperty, LargeRepetitiveInputs) {
  for (std::string_view piece :
       {"(", ")", "非", "not ", "'a'", "\"", "\"\\", "1_", "-", "#", "经营年限", "high_tech and ",
        "high_tech or ", "[", "（", "\xe4\xb8\x94\xe4", "size in [\"small\", ", "$", "\n"}) {
    std::string source;
    while (source.size() + piece.size() <= kMaxSourceBytes) source += piece;
    std::vector<Diagnostic> diagnostics;
    auto r = compile(source, testing::schema(), &diagnostics);
    expect_sane(source, r, diagnostics);
  }
}

}  // namespace
}  // namespace rx::rules
