#include "ingest/csv_reader.h"

#include <gtest/gtest.h>

namespace rx::ingest {
namespace {

struct Parsed {
  int64_t number, line;
  std::vector<std::string> cells;
  std::string error;
};

std::vector<Parsed> parse(std::string_view text, size_t max_row = 1 << 20) {
  MemorySource source(text);
  CsvReader reader(source, max_row);
  std::vector<Parsed> out;
  RawRow row;
  while (*reader.next(row))
    out.push_back({row.number, row.line, {row.cells.begin(), row.cells.end()}, row.error});
  return out;
}

using Cells = std::vector<std::string>;

TEST(CsvReader, Rfc4180Basics) {
  auto rows = parse("a,b,c\r\n1,\"x,y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",,\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].cells, (Cells{"a", "b", "c"}));
  EXPECT_EQ(rows[1].cells, (Cells{"1", "x,y", "he said \"hi\""}));
  EXPECT_EQ(rows[2].cells, (Cells{"multi\nline", "", ""}));
  EXPECT_EQ(rows[2].number, 3);
  EXPECT_EQ(rows[2].line, 3);
  for (const auto& r : rows) EXPECT_EQ(r.error, "");
}

TEST(CsvReader, LastLineWithoutNewlineAndBlankLines) {
  auto rows = parse("a,b\n\n1,2\n\n3,4");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].cells, (Cells{"1", "2"}));
  EXPECT_EQ(rows[1].number, 3) << "a blank line still counts, as in a spreadsheet";
  EXPECT_EQ(rows[2].cells, (Cells{"3", "4"}));
  EXPECT_EQ(rows[2].line, 5);
}

TEST(CsvReader, UnclosedQuoteAtTheEndIsReported) {
  auto rows = parse("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].error, "the quote opened on line 2 is never closed before the end of the file");
}

TEST(CsvReader, StrayQuotesAreReportedAndReadingGoesOn) {
  auto rows = parse("ab\"c,d\n\"x\"y,z\nok,1\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].error,
            "quote inside an unquoted field (cell 1); quote the whole field and double the quote");
  EXPECT_EQ(rows[1].error, "unexpected character after the closing quote of cell 1");
  EXPECT_EQ(rows[2].cells, (Cells{"ok", "1"}));
  EXPECT_EQ(rows[2].error, "");
}

TEST(CsvReader, OverlongRowIsSkippedAndReadingResumes) {
  std::string text = "h\n" + std::string(5000, 'x') + "\nnext\n";
  auto rows = parse(text, 100);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].error, "row is longer than 100 bytes");
  EXPECT_EQ(rows[2].cells, (Cells{"next"}));
}

TEST(CsvReader, UnbalancedQuoteRunningPastTheLimitResynchronises) {
  std::string text = "h\n\"never closed\n" + std::string(300, 'y') + "\nafter\n";
  auto rows = parse(text, 100);
  ASSERT_GE(rows.size(), 3u);
  EXPECT_NE(rows[1].error.find("a quote opened on line 2 may be unbalanced"), std::string::npos)
      << rows[1].error;
  EXPECT_EQ(rows.back().cells, (Cells{"after"}));
}

TEST(CsvReader, RowsSpanningReadBuffersAreWhole) {
  std::string text = "id,v\n";
  for (int i = 0; i < 40000; ++i)
    text += std::to_string(i) + ",\"" + std::string(i % 17, 'q') + "\"\n";
  auto rows = parse(text);
  ASSERT_EQ(rows.size(), 40001u);
  EXPECT_EQ(rows[39999].cells, (Cells{"39998", std::string(39998 % 17, 'q')}));
}

// Plain lines take a fast path; quoted, CRLF, stray-CR and blank lines the general one. Mixed
// over several read buffers, every row must still have its cells, number and line.
TEST(CsvReader, PlainAndQuotedRowsMixedAcrossBuffersKeepCellsNumbersAndLines) {
  std::string text;
  std::vector<Cells> want;
  std::vector<int64_t> lines;
  int64_t line = 1;
  for (int i = 0; i < 30000; ++i) {
    const std::string id = std::to_string(i);
    lines.push_back(line);
    switch (i % 5) {
      case 0:
        text += id + ",plain," + std::string(i % 23, 'x') + "\n";
        want.push_back({id, "plain", std::string(i % 23, 'x')});
        break;
      case 1:
        text += id + ",\"two\nlines\",\"a \"\"quote\"\"\"\n";
        want.push_back({id, "two\nlines", "a \"quote\""});
        line += 1;
        break;
      case 2:
        text += id + ",crlf,\r\n";
        want.push_back({id, "crlf", ""});
        break;
      case 3:
        text += id + ",stray\rcr,z\n";
        want.push_back({id, "straycr", "z"});
        break;
      case 4:
        text += id + ",,\n\n";  // then a blank line, which is not a row
        want.push_back({id, "", ""});
        line += 1;
        break;
    }
    line += 1;
  }
  const auto rows = parse(text);
  ASSERT_EQ(rows.size(), want.size());
  int64_t number = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    number += 1 + (i > 0 && i % 5 == 0);  // a blank line counts as a record number
    EXPECT_EQ(rows[i].cells, want[i]) << "row " << i;
    EXPECT_EQ(rows[i].line, lines[i]) << "row " << i;
    EXPECT_EQ(rows[i].number, number) << "row " << i;
    EXPECT_EQ(rows[i].error, "") << "row " << i;
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace rx::ingest
