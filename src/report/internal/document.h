// Private to src/report/: the credit report (信用报告) laid out once as neutral blocks, so the
// HTML and the PDF renderers show the same content in the same order. Every string here is plain
// UTF-8 text, not yet escaped for any output format.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

namespace rx::report::internal {

// A marker drawn next to a cell's text.
enum class Badge {
  kDispute,  // 异议处理中 under dispute
  kMasked,   // 已脱敏 masked
};

std::string badge_text(Badge badge);

// A badge shown right after the first `at` bytes of a cell's text.
struct Mark {
  size_t at = 0;
  Badge badge = Badge::kMasked;
};

// One table cell or value; lines are separated by '\n'. Marks are in increasing `at` order.
struct Cell {
  std::string text;
  std::vector<Mark> marks;
};

struct KeyValue {
  std::string label;     // Chinese
  std::string label_en;  // short English, may be empty
  Cell value;
};

struct KeyValues {
  std::vector<KeyValue> rows;
};

struct Column {
  std::string label;
  std::string label_en;
  double weight = 1;     // share of the table width in the PDF
  bool numeric = false;  // right-aligned
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each row has columns.size() cells
  // Empty, or one series per row: the HTML draws it as a sparkline after the last column.
  std::vector<std::vector<std::optional<double>>> series;
};

struct Paragraph {
  enum class Tone { kNormal, kEmpty, kNotice };
  std::string text;
  Tone tone = Tone::kNormal;
};

struct Subheading {
  std::string text;
};

using Block = std::variant<KeyValues, Table, Paragraph, Subheading>;

struct Section {
  int number = 0;
  std::string title;     // Chinese
  std::string title_en;  // English
  std::vector<Block> blocks;
};

struct Document {
  std::string title;     // 上海市融资信用服务平台 · 企业信用报告
  std::string title_en;  // Enterprise credit report
  std::string report_number;
  std::string institution;  // watermark text
  std::string issued_at;    // the JSON's UTC instant, unchanged
  std::string lang;         // "zh" or "en": the HTML lang attribute
  KeyValues header;
  std::vector<Section> sections;
};

// Ok when `report` has every key a report cannot be rendered without (report_number, issued_at,
// verification_code, institution.name, enterprise.name, enterprise.uscc); otherwise
// invalid_argument naming the first missing or mistyped key.
Status check_required(const nlohmann::json& report);

// Lays `report` out. Never throws and never fails: a missing or mistyped value shows as "无"
// (or "—" in number cells), a null section as its withheld reason.
Document build_document(const nlohmann::json& report, std::string_view lang);

}  // namespace rx::report::internal
