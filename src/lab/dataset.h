// A column-oriented table for model development: one target (bad = 1, the positive class)
// and feature columns that are either numeric (double, NaN = missing) or categorical
// (integer codes into `levels`, -1 = missing).
//
// Building a Dataset is pure: `DatasetBuilder` takes a header and string rows from any source
// (dataset_csv.h reads them from CSV). A column is numeric when every non-missing cell parses
// as a number; otherwise categorical. Empty cells and "NA" are missing.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace rx::lab {

enum class ColumnType { kNumeric, kCategorical };
std::string_view column_type_name(ColumnType type);

struct Column {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  std::vector<double> numeric;      // kNumeric: one value per row, NaN when missing
  std::vector<int32_t> codes;       // kCategorical: index into `levels`, -1 when missing
  std::vector<std::string> levels;  // kCategorical: distinct values in first-seen order

  size_t size() const { return type == ColumnType::kNumeric ? numeric.size() : codes.size(); }
  bool is_missing(size_t row) const;
  int32_t level_code(std::string_view level) const;  // -1 when not a level
};

struct Dataset {
  std::string target_name;
  std::string bad_value;
  std::vector<uint8_t> target;  // 1 = bad; empty when the data carry no target
  std::vector<Column> columns;  // features, in file order, target excluded

  size_t rows() const;
  const Column* find(std::string_view name) const;
  int64_t bad_count() const;
  // The rows at `indices` (in that order), every column copied.
  Dataset subset(const std::vector<uint32_t>& indices) const;
};

struct DatasetOptions {
  std::string target = {};     // column name; empty when the data need no target
  std::string bad_value = {};  // the target value meaning bad (positive class)
  // Columns forced to a type. A forced-numeric column with text is an error naming the row.
  std::map<std::string, ColumnType, std::less<>> types = {};
  // Drop all-missing and constant feature columns (with a warning each). Off when applying
  // a fitted model, whose variables must keep their columns.
  bool drop_uninformative = true;
  // Require both classes in the target (fitting); evaluation may see one class only.
  bool require_both_classes = true;
};

struct LoadedDataset {
  Dataset data;
  std::vector<std::string> warnings;  // one line each, for stderr
};

// True for the cells read as missing: empty (after trimming blanks) and "NA".
bool is_missing_cell(std::string_view cell);

// Accumulates rows column by column, then validates and types them. Memory: one double per
// numeric cell, one int32 per categorical cell plus its distinct levels.
class DatasetBuilder {
 public:
  // kInvalidArgument when the header has no columns, duplicate names, or lacks the target.
  static Result<DatasetBuilder> create(std::vector<std::string> header, DatasetOptions options);

  // `row_number` is for messages (1-based, the header is row 1). Errors name the row: a
  // ragged row, a missing target, text in a forced-numeric column.
  Status add_row(int64_t row_number, const std::vector<std::string_view>& cells);

  // Errors: no rows, bad value never seen, only one class.
  Result<LoadedDataset> finish() &&;

 private:
  struct Pending {
    std::string name;
    bool forced_numeric = false, forced_categorical = false;
    bool numeric = true;  // every non-missing cell so far parsed as a number
    std::vector<double> values;
    std::vector<int32_t> codes;
    std::vector<std::string> levels;
    std::map<std::string, int32_t, std::less<>> index;
  };
  DatasetBuilder(std::vector<std::string> header, DatasetOptions options);
  void to_categorical(Pending& column);
  void add_level(Pending& column, std::string_view text);

  std::vector<std::string> header_;
  DatasetOptions options_;
  int target_index_ = -1;
  std::vector<Pending> pending_;
  std::vector<uint8_t> target_;
  std::map<std::string, int64_t, std::less<>> target_values_;
  int64_t rows_ = 0;
};

}  // namespace rx::lab
