// The credit report (信用报告) as an A4 portrait PDF, with the same content and order as the
// HTML page, drawn with cairo and pango in WenQuanYi Micro Hei.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace rx::report {

// Renders `report` (the report JSON, format_version 1) as PDF bytes: a header line and a
// "第 N 页" footer with the report number on every page, the institution's name as a diagonal
// watermark, pages broken between blocks and table rows. The PDF's title is the report number
// and its creation date the report's issued_at, so the same report renders the same bytes.
// Errors: invalid_argument naming the key when a required key (report_number, issued_at,
// verification_code, institution.name, enterprise.name, enterprise.uscc) is missing; internal
// when cairo fails. Thread-safe: concurrent calls share no cairo or pango object.
Result<std::string> render_report_pdf(const nlohmann::json& report);

}  // namespace rx::report
