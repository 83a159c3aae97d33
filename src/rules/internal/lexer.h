// The tokens of the rule language (docs/rules.md). Internal to rules/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/diagnostic.h"
#include "rules/schema.h"

namespace rx::rules::internal {

enum class Tok {
  kEnd,
  kNumber,
  kString,
  kIdent,
  kAnd,  // and, 且
  kOr,   // or, 或
  kNot,  // not, 非
  kIn,
  kTrue,
  kFalse,
  kEq,  // ==
  kNe,  // !=
  kLt,  // <
  kLe,  // <=
  kGt,  // >
  kGe,  // >=
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
};

struct Pos {
  int line = 1;
  int column = 1;
};

struct Token {
  Tok kind = Tok::kEnd;
  Pos pos;           // of the first character
  size_t begin = 0;  // source bytes [begin, end)
  size_t end = 0;
  double number = 0;  // kNumber
  std::string text;   // kIdent: the name; kString: the value, unescaped
};

// Collects diagnostics up to a limit, so garbage input cannot produce megabytes of errors.
class Diagnostics {
 public:
  static constexpr size_t kLimit = 100;
  explicit Diagnostics(std::vector<Diagnostic>& out) : out_(out) {}
  void add(Pos pos, std::string message);
  bool empty() const { return out_.empty(); }

 private:
  std::vector<Diagnostic>& out_;
};

// The tokens of `source`, ending with one kEnd at the end position. Reports every lexical
// problem to `diagnostics` (the tokens are then not to be parsed). `attributes` serve hints.
std::vector<Token> lex(std::string_view source, const std::vector<Attribute>& attributes,
                       Diagnostics& diagnostics);

// How a token is named in a message: its source text quoted ('and', ')', '"x"', '且'), long
// ones shortened, or "the end of the rule".
std::string describe(const Token& token, std::string_view source);

}  // namespace rx::rules::internal
