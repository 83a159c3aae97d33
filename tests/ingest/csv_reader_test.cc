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

}  // namespace
}  // namespace rx::ingest
