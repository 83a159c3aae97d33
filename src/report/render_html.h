// The credit report (信用报告) as one self-contained, printable HTML5 page: inline CSS, no
// scripts, no external resources. Chinese labels first, short English after them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rx::report {

// Renders `report` (the report JSON, format_version 1) as HTML. Every string from the report is
// HTML-escaped. Never fails: missing or null values show as "无", a null section as its
// `withheld` reason. Deterministic: the same JSON gives the same bytes. `lang` ("zh" or "en")
// only sets the document's lang attribute. Thread-safe.
std::string render_report_html(const nlohmann::json& report, std::string_view lang = "zh");

}  // namespace rx::report
