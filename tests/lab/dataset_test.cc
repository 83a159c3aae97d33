#include "lab/dataset.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ingest/byte_source.h"
#include "lab/dataset_csv.h"

namespace rx::lab {
namespace {

Result<LoadedDataset> read(std::string_view csv, DatasetOptions options) {
  ingest::MemorySource source(csv);
  return read_csv_dataset(source, options, "t.csv");
}

DatasetOptions target(std::string name = "y", std::string bad = "bad") {
  return {.target = std::move(name), .bad_value = std::move(bad)};
}

TEST(Dataset, DetectsTypesAndMissing) {
  auto d = read("age,city,y\n30,\"Shanghai\",bad\n,NA,good\n41.5,Beijing,good\n", target());
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_TRUE(d->warnings.empty());
  ASSERT_EQ(d->data.rows(), 3u);
  EXPECT_EQ(d->data.target, (std::vector<uint8_t>{1, 0, 0}));
  const Column* age = d->data.find("age");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(age->type, ColumnType::kNumeric);
  EXPECT_TRUE(std::isnan(age->numeric[1]));
  EXPECT_EQ(age->numeric[2], 41.5);
  const Column* city = d->data.find("city");
  EXPECT_EQ(city->type, ColumnType::kCategorical);
  EXPECT_EQ(city->codes, (std::vector<int32_t>{0, -1, 1}));
  EXPECT_EQ(city->levels, (std::vector<std::string>{"Shanghai", "Beijing"}));
  EXPECT_EQ(d->data.find("y"), nullptr);  // the target is not a feature
}

TEST(Dataset, TextAfterNumbersMakesACategoricalColumn) {
  auto d = read("code,y\n1,bad\n02,good\nx,good\n", target());
  ASSERT_TRUE(d.is_ok());
  const Column* c = d->data.find("code");
  EXPECT_EQ(c->type, ColumnType::kCategorical);
  EXPECT_EQ(c->levels, (std::vector<std::string>{"1", "2", "x"}));
}

TEST(Dataset, MissingTargetColumnListsTheColumns) {
  auto d = read("a,b\n1,2\n", target("status"));
  ASSERT_FALSE(d.is_ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(d.status().message().find("no column \"status\"; columns are a, b"), std::string::npos)
      << d.status().message();
}

TEST(Dataset, BadValueMustAppearAndBothClassesBePresent) {
  auto never = read("a,y\n1,good\n2,ok\n", target());
  ASSERT_FALSE(never.is_ok());
  EXPECT_NE(never.status().message().find("\"bad\" never appears in column \"y\""),
            std::string::npos);
  auto one = read("a,y\n1,bad\n2,bad\n", target());
  ASSERT_FALSE(one.is_ok());
  EXPECT_NE(one.status().message().find("only one class"), std::string::npos);
}

TEST(Dataset, RaggedRowNamesTheRow) {
  auto d = read("a,b,y\n1,2,bad\n3,good\n", target());
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("row 3 has 2 cells, the header has 3"), std::string::npos)
      << d.status().message();
}

TEST(Dataset, TextInADeclaredNumericColumnNamesRowAndColumn) {
  DatasetOptions o = target();
  o.types["income"] = ColumnType::kNumeric;
  auto d = read("income,y\n100,bad\n200,good\nn/a,good\n", o);
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("row 4, column \"income\": 'n/a' is not a number"),
            std::string::npos)
      << d.status().message();
}

TEST(Dataset, ConstantAndEmptyColumnsAreDroppedWithAWarning) {
  auto d = read("a,const,empty,y\n1,7,,bad\n2,7,NA,good\n3,7,,good\n", target());
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  EXPECT_EQ(d->data.columns.size(), 1u);
  ASSERT_EQ(d->warnings.size(), 2u);
  EXPECT_NE(d->warnings[0].find("\"const\" has one value in every row: dropped"),
            std::string::npos);
  EXPECT_NE(d->warnings[1].find("\"empty\" is missing in every row: dropped"), std::string::npos);
}

TEST(Dataset, NoUsableColumnIsAnError) {
  auto d = read("const,y\n7,bad\n7,good\n", target());
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().message().find("no usable feature columns"), std::string::npos);
}

TEST(Dataset, SubsetKeepsOrder) {
  auto d = read("a,y\n1,bad\n2,good\n3,good\n", target());
  ASSERT_TRUE(d.is_ok());
  Dataset s = d->data.subset({2, 0});
  EXPECT_EQ(s.columns[0].numeric, (std::vector<double>{3, 1}));
  EXPECT_EQ(s.target, (std::vector<uint8_t>{0, 1}));
}

}  // namespace
}  // namespace rx::lab
