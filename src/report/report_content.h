// Pure pieces of a credit report: display strings for stored values, which records are
// adverse (penalties, arrears, judgments against the firm) and until when they may be shown.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "core/time.h"

namespace rx::report {

// A value as a reader sees it: money "12,345.67元", booleans 是/否, generalized values their
// range, null "—".
std::string display_value(const catalog::Field& field, const nlohmann::json& value);

// Fen as yuan with thousands separators: 1234567 -> "12,345.67".
std::string yuan(int64_t fen);

struct Adverse {
  std::string kind;        // penalty, arrears, judgment
  std::string kind_label;  // 行政处罚, 欠缴, 司法
  std::string date;        // when the adverse event ended (or happened), YYYY-MM-DD or YYYY-MM
  std::string summary;
};

// nullopt when the record is not adverse. Whether it is, and its date, come from the stored
// record; the summary only from `shown`, the fields as they may leave (presented values), so a
// desensitized report says "欠缴 1万–5万元" and never the amount.
std::optional<Adverse> classify_adverse(const catalog::Category& category,
                                        const nlohmann::json& stored, const nlohmann::json& shown);

// Whether an adverse record ending on `date` (YYYY-MM-DD or YYYY-MM) is still within the
// category's retention (5 years unless the catalogue says otherwise) on `today`.
bool within_retention(const catalog::Category& category, const std::string& date, Date today);

}  // namespace rx::report
