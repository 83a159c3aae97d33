// The lexer and parser: what is accepted, and every syntax error with its exact position.
#include <gtest/gtest.h>

#include <string>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::compiled;
using testing::errors;
using testing::eval;
using testing::first_error;
using testing::kNaN;
using testing::row;

TEST(RulesSyntax, EmptyAndBlankSourcesAreAlwaysTrue) {
  for (std::string_view source : {"", "   ", "\n\t\n", "# only a comment\n  # another"}) {
    Rule r = compiled(source);
    EXPECT_EQ(r.evaluate(row({})), Truth::kTrue) << source;
    EXPECT_TRUE(r.conditions().empty());
    EXPECT_TRUE(r.referenced_slots().empty());
    EXPECT_EQ(r.row_width(), 0u);
    EXPECT_EQ(r.failed_conditions(row({})), 0);
    EXPECT_EQ(r.source(), source);
  }
  // An empty row is enough for a rule that reads nothing.
  EXPECT_EQ(compiled("").evaluate({}), Truth::kTrue);
  EXPECT_EQ(compiled("true").evaluate({}), Truth::kTrue);
  EXPECT_EQ(compiled("false").evaluate({}), Truth::kFalse);
}

TEST(RulesSyntax, CommentsAndLinesAreIgnored) {
  const std::string source =
      "# 普惠贷款准入\n"
      "years_operating >= 1   # at least a year\n"
      "and not dishonest_debtor # 非失信\n";
  Rule r = compiled(source);
  EXPECT_EQ(r.evaluate(row({{"years_operating", 2.0}, {"dishonest_debtor", false}})), Truth::kTrue);
  EXPECT_EQ(r.evaluate(row({{"years_operating", 0.5}, {"dishonest_debtor", false}})),
            Truth::kFalse);
  // '#' inside a string is not a comment.
  Rule hash = compiled(R"(district == "a#b")");
  EXPECT_EQ(hash.evaluate(row({{"district", std::string_view("a#b")}})), Truth::kTrue);
}

TEST(RulesSyntax, Numbers) {
  auto at = [](double years) { return row({{"years_operating", years}}); };
  EXPECT_EQ(eval("years_operating == 1_000_000", at(1e6)), Truth::kTrue);
  EXPECT_EQ(eval("years_operating == 1000000.5", at(1000000.5)), Truth::kTrue);
  EXPECT_EQ(eval("years_operating == 0.000_5", at(0.0005)), Truth::kTrue);
  EXPECT_EQ(eval("years_operating > -1", at(-0.5)), Truth::kTrue);
  EXPECT_EQ(eval("years_operating>-1", at(-2)), Truth::kFalse);
  EXPECT_EQ(eval("years_operating == -0", at(0)), Truth::kTrue);
  EXPECT_EQ(eval("years_operating == 007", at(7)), Truth::kTrue);

  EXPECT_EQ(first_error("years_operating > 1_"),
            "line 1, column 19: invalid number '1_': '_' must stand between two digits");
  EXPECT_EQ(first_error("years_operating > 1__0"),
            "line 1, column 19: invalid number '1__0': '_' must stand between two digits");
  EXPECT_EQ(first_error("years_operating > 1."),
            "line 1, column 19: invalid number '1.': '.' must stand between two digits");
  EXPECT_EQ(first_error("years_operating > 1_.5"),
            "line 1, column 19: invalid number '1_.5': '_' must stand between two digits");
  EXPECT_EQ(first_error("years_operating > 1e6"),
            "line 1, column 19: invalid number '1e6'; numbers are digits with an optional "
            "'-', '.' and '_' separators");
  EXPECT_EQ(first_error("years_operating > 1.2.3"),
            "line 1, column 19: invalid number '1.2.3'; numbers are digits with an optional "
            "'-', '.' and '_' separators");
  EXPECT_EQ(first_error("years_operating > .5"), "line 1, column 19: unexpected character '.'");
  EXPECT_EQ(first_error("years_operating > - 5"),
            "line 1, column 19: unexpected '-'; a negative number is written with no space, as -5");
  EXPECT_EQ(first_error("revenue > 1" + std::string(400, '0')),
            "line 1, column 11: number '1" + std::string(39, '0') + "...' is out of range");
}

TEST(RulesSyntax, Strings) {
  Rule r = compiled(R"(district == "say \"hi\" \\ ok")");
  EXPECT_EQ(r.evaluate(row({{"district", std::string_view(R"(say "hi" \ ok)")}})), Truth::kTrue);
  Rule cjk = compiled(R"(district == "徐汇区")");
  EXPECT_EQ(cjk.evaluate(row({{"district", std::string_view("徐汇区")}})), Truth::kTrue);
  EXPECT_EQ(cjk.evaluate(row({{"district", std::string_view("黄浦区")}})), Truth::kFalse);

  EXPECT_EQ(first_error("district == \"abc"),
            "line 1, column 13: unterminated string: no closing '\"' on this line");
  EXPECT_EQ(first_error("district == \"ab\nc\""),
            "line 1, column 13: unterminated string: no closing '\"' on this line");
  EXPECT_EQ(first_error(R"(district == "a\nb")"),
            "line 1, column 15: unknown escape '\\n' in a string; only \\\" and \\\\ are "
            "allowed");
  EXPECT_EQ(first_error("district == \"a\x01\""),
            "line 1, column 15: control character U+0001 in a string");
  EXPECT_EQ(first_error("district == 'abc'"),
            "line 1, column 13: strings are written in double quotes (\"...\"), not single "
            "quotes");
}

TEST(RulesSyntax, OperatorHints) {
  EXPECT_EQ(first_error("years_operating = 1"),
            "line 1, column 17: '=' is not an operator; compare with '=='");
  EXPECT_EQ(first_error("years_operating <> 1"),
            "line 1, column 17: '<>' is not an operator; write '!='");
  EXPECT_EQ(first_error("high_tech && years_operating > 1"),
            "line 1, column 11: '&' is not an operator; write 'and'");
  EXPECT_EQ(first_error("high_tech || years_operating > 1"),
            "line 1, column 11: '|' is not an operator; write 'or'");
  EXPECT_EQ(first_error("!high_tech"),
            "line 1, column 1: '!' is not an operator; write 'not' (or '!=' to compare)");
  EXPECT_EQ(first_error("high_tech AND years_operating > 1"),
            "line 1, column 11: keywords are lower case: write 'and', not 'AND'");
  EXPECT_EQ(first_error("years_operating > 1 $"), "line 1, column 21: unexpected character '$'");
  EXPECT_EQ(first_error("high_tech\x7f"), "line 1, column 10: unexpected character U+007F");
}

TEST(RulesSyntax, LexicalErrorsAreAllReported) {
  auto e = errors("years_operating = 1 and revenue = 2\nand high_tech && employees > 1_");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0], (Diagnostic{1, 17, "'=' is not an operator; compare with '=='"}));
  EXPECT_EQ(e[1], (Diagnostic{1, 33, "'=' is not an operator; compare with '=='"}));
  EXPECT_EQ(e[2], (Diagnostic{2, 15, "'&' is not an operator; write 'and'"}));
  EXPECT_EQ(e[3].line, 2);
  EXPECT_EQ(e[3].column, 30);
}

TEST(RulesSyntax, ColumnsCountCodePointsNotBytes) {
  // "徐汇区" is 9 bytes but 3 columns: the error after it is at column 19, not 25.
  EXPECT_EQ(first_error(R"(district == "徐汇区" and and)"),
            "line 1, column 23: expected an attribute, a value or '(' but found 'and'");
  // After a comment with Chinese text, on the next line, columns restart.
  EXPECT_EQ(first_error("# 中文注释\n  high_tech 且 且"),
            "line 2, column 15: expected an attribute, a value or '(' but found '且'");
  // A 4-byte character (U+1F600) is one column too.
  EXPECT_EQ(first_error("district == \"\xF0\x9F\x98\x80\" $"),
            "line 1, column 17: unexpected character '$'");
}

TEST(RulesSyntax, ErrorOnLineThreeOfAMultiLineRule) {
  const std::string source =
      "size in [\"small\", \"micro\"]\n"
      "  and years_operating >= 1\n"
      "  and (not dishonest_debtor or )\n";
  EXPECT_EQ(first_error(source),
            "line 3, column 32: expected an attribute, a value or '(' but found ')'");
  const std::string type_error =
      "size in [\"small\", \"micro\"]   # 小微\n"
      "  and years_operating >= 1\n"
      "  且 composite_grade >= \"E\"\n";
  EXPECT_EQ(first_error(type_error),
            "line 3, column 24: \"E\" is not a grade of 'composite_grade'; its grades, best "
            "first: \"A\", \"B\", \"C\", \"D\"");
}

TEST(RulesSyntax, ParseErrors) {
  EXPECT_EQ(first_error("years_operating >"),
            "line 1, column 18: the rule ends where an attribute, a value or '(' was expected");
  EXPECT_EQ(first_error("(years_operating > 1"),
            "line 1, column 21: expected ')' to close the '(' at line 1, column 1 but found "
            "the end of the rule");
  EXPECT_EQ(first_error("years_operating > 1)"), "line 1, column 20: ')' without a matching '('");
  EXPECT_EQ(first_error("1 < years_operating < 3"),
            "line 1, column 21: comparisons cannot be chained; join them with 'and'");
  EXPECT_EQ(first_error("(1 < years_operating < 3)"),
            "line 1, column 22: comparisons cannot be chained; join them with 'and'");
  EXPECT_EQ(first_error("years_operating revenue"),
            "line 1, column 17: expected an operator before 'revenue' (==, !=, <, <=, >, >=, "
            "in, and, or)");
  EXPECT_EQ(first_error("years_operating > 1 revenue"),
            "line 1, column 21: unexpected 'revenue'; expected 'and', 'or' or the end of the "
            "rule");
  EXPECT_EQ(first_error("size not \"small\""),
            "line 1, column 10: expected 'in' after 'not' but found '\"small\"'");
  EXPECT_EQ(first_error("size in \"small\""),
            "line 1, column 9: expected '[' to start the list after 'in' but found '\"small\"'");
  EXPECT_EQ(first_error("size in []"), "line 1, column 10: a list needs at least one value");
  EXPECT_EQ(first_error("size in [\"small\" \"micro\"]"),
            "line 1, column 18: expected ',' or ']' in the list but found '\"micro\"'");
  EXPECT_EQ(first_error("size in [\"small\","),
            "line 1, column 18: expected ']' to close the '[' at line 1, column 9");
  EXPECT_EQ(first_error("size in [district]"),
            "line 1, column 10: list values must be literals (numbers or strings), not "
            "'district'");
  EXPECT_EQ(first_error("[1] == years_operating"),
            "line 1, column 1: a list is only allowed after 'in'");
  EXPECT_EQ(first_error("and high_tech"),
            "line 1, column 1: expected an attribute, a value or '(' but found 'and'");
  EXPECT_EQ(first_error("not"),
            "line 1, column 4: the rule ends where an attribute, a value or '(' was expected");
  // Only the first syntax error is reported.
  EXPECT_EQ(errors("years_operating > and revenue < or").size(), 1u);
}

TEST(RulesSyntax, ListsAllowATrailingComma) {
  Rule r = compiled("size in [\n  \"small\",\n  \"micro\",\n]");
  EXPECT_EQ(r.evaluate(row({{"size", std::string_view("micro")}})), Truth::kTrue);
  EXPECT_EQ(r.evaluate(row({{"size", std::string_view("large")}})), Truth::kFalse);
}

TEST(RulesSyntax, ChineseOperatorAliases) {
  const auto good =
      row({{"years_operating", 3.0}, {"dishonest_debtor", false}, {"high_tech", true}});
  const auto bad =
      row({{"years_operating", 3.0}, {"dishonest_debtor", true}, {"high_tech", false}});
  for (std::string_view source :
       {"years_operating >= 1 且 非 dishonest_debtor", "years_operating >= 1 且非dishonest_debtor",
        "years_operating>=1且(非dishonest_debtor)"}) {
    EXPECT_EQ(compiled(source).evaluate(good), Truth::kTrue) << source;
    EXPECT_EQ(compiled(source).evaluate(bad), Truth::kFalse) << source;
  }
  Rule any = compiled("high_tech 或 dishonest_debtor");
  EXPECT_EQ(any.evaluate(good), Truth::kTrue);
  EXPECT_EQ(any.evaluate(row({{"high_tech", false}, {"dishonest_debtor", false}})), Truth::kFalse);
  Rule not_in = compiled("size 非 in [\"large\"]");
  EXPECT_EQ(not_in.evaluate(row({{"size", std::string_view("small")}})), Truth::kTrue);
  // The aliases and ASCII operators give the same conditions.
  Rule mixed = compiled("high_tech 且 years_operating > 1 and revenue > 0");
  ASSERT_EQ(mixed.conditions().size(), 3u);
  EXPECT_EQ(mixed.conditions()[1].text, "years_operating > 1");
  EXPECT_EQ(mixed.conditions()[1].column, 13);
}

TEST(RulesSyntax, FullWidthAndChineseTextHints) {
  EXPECT_EQ(first_error("（high_tech)"),
            "line 1, column 1: full-width or typographic '（'; write '(' instead");
  EXPECT_EQ(first_error("size == “small”"),
            "line 1, column 9: full-width or typographic '“'; write '\"' instead");
  EXPECT_EQ(first_error("years_operating ≥ 1"),
            "line 1, column 17: full-width or typographic '≥'; write '>=' instead");
  EXPECT_EQ(first_error("经营年限 >= 1"),
            "line 1, column 1: '经营年限' is the label of attribute 'years_operating'; rules "
            "name attributes by their name, as years_operating");
  EXPECT_EQ(first_error("high_tech 并且 revenue > 1"),
            "line 1, column 11: unexpected character '并'; attribute names are ASCII, such as "
            "years_operating");
  // The ideographic space (U+3000) and a byte order mark are white space.
  EXPECT_EQ(compiled("\xEF\xBB\xBFhigh_tech\u3000且\u3000revenue > 1")
                .evaluate(row({{"high_tech", true}, {"revenue", 2.0}})),
            Truth::kTrue);
}

TEST(RulesSyntax, InvalidUtf8IsOneError) {
  auto e = errors("high_tech and\n  revenue > \xff\xfe 1");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].to_string(), "line 2, column 13: invalid UTF-8 byte 0xFF; rules are UTF-8 text");
  // An overlong encoding of '/' and a lone continuation byte.
  EXPECT_EQ(errors("high_tech \xC0\xAF")[0].column, 11);
  EXPECT_EQ(errors("\x80")[0].column, 1);
}

TEST(RulesSyntax, SizeLimit) {
  std::string big = "high_tech";
  while (big.size() <= kMaxSourceBytes) big += " or high_tech";
  EXPECT_EQ(first_error(big), "line 1, column 1: the rule is too long: " +
                                  std::to_string(big.size()) + " bytes, at most 65536");
  // Just under the limit compiles (a long comment counts too).
  std::string fits = "high_tech #" + std::string(kMaxSourceBytes - 11, 'x');
  ASSERT_EQ(fits.size(), kMaxSourceBytes);
  EXPECT_EQ(compiled(fits).evaluate(row({{"high_tech", true}})), Truth::kTrue);
}

TEST(RulesSyntax, DepthLimit) {
  auto nested = [](int depth) {
    return std::string(static_cast<size_t>(depth), '(') + "high_tech" +
           std::string(static_cast<size_t>(depth), ')');
  };
  EXPECT_EQ(compiled(nested(64)).evaluate(row({{"high_tech", true}})), Truth::kTrue);
  EXPECT_EQ(first_error(nested(65)),
            "line 1, column 65: the rule is nested too deeply (more than 64 levels of "
            "parentheses and 'not')");
  std::string nots;
  for (int i = 0; i < 64; ++i) nots += "not ";
  EXPECT_EQ(compiled(nots + "high_tech").evaluate(row({{"high_tech", true}})), Truth::kTrue);
  EXPECT_EQ(first_error("not " + nots + "high_tech"),
            "line 1, column 257: the rule is nested too deeply (more than 64 levels of "
            "parentheses and 'not')");
  // Far beyond the limit is the same error, not a stack overflow.
  EXPECT_EQ(errors(std::string(30000, '(')).size(), 1u);
  std::string many_nots;
  for (int i = 0; i < 10000; ++i) many_nots += "非";
  EXPECT_EQ(errors(many_nots + "high_tech").size(), 1u);
  // Long flat rules are not deep.
  std::string wide = "high_tech";
  for (int i = 0; i < 3000; ++i) wide += " and revenue > " + std::to_string(i);
  Rule r = compiled(wide);
  EXPECT_EQ(r.conditions().size(), 3001u);
  EXPECT_EQ(r.evaluate(row({{"high_tech", true}, {"revenue", 5000.0}})), Truth::kTrue);
  EXPECT_EQ(r.evaluate(row({{"high_tech", true}, {"revenue", 2000.0}})), Truth::kFalse);
}

TEST(RulesSyntax, TooManyErrorsAreCapped) {
  std::string garbage;
  for (int i = 0; i < 500; ++i) garbage += "$ ";
  auto e = errors(garbage);
  ASSERT_EQ(e.size(), 101u);
  EXPECT_EQ(e.back().message, "too many errors; stopping here");
}

TEST(RulesSyntax, StatusCarriesEveryDiagnostic) {
  auto r = compile("years_operating = 1 and revenue = 2", testing::schema());
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "line 1, column 17: '=' is not an operator; compare with '=='");
  ASSERT_EQ(r.status().details().size(), 2u);
  EXPECT_EQ(r.status().details()[0],
            (FieldError{"line 1, column 17", "'=' is not an operator; compare with '=='"}));
  EXPECT_EQ(r.status().details()[1],
            (FieldError{"line 1, column 33", "'=' is not an operator; compare with '=='"}));
  (void)kNaN;
}

}  // namespace
}  // namespace rx::rules
