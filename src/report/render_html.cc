#include "report/render_html.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "core/text.h"
#include "report/internal/document.h"

namespace rx::report {
namespace {

using internal::Badge;
using internal::badge_text;
using internal::Block;
using internal::Cell;
using internal::Column;
using internal::Document;
using internal::KeyValue;
using internal::KeyValues;
using internal::Mark;
using internal::Paragraph;
using internal::Section;
using internal::Subheading;
using internal::Table;

constexpr int kWatermarkRepeats = 48;

// Escaped text; a line break becomes <br>.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : xml_escape(text)) out += c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

// A label with its English translation on a smaller line below it.
std::string label(const std::string& zh, const std::string& en) {
  std::string out = escape(zh);
  if (!en.empty()) out += "<br><small>" + escape(en) + "</small>";
  return out;
}

std::string cell(const Cell& c) {
  std::string out;
  size_t done = 0;
  for (const Mark& m : c.marks) {
    const size_t at = std::clamp(m.at, done, c.text.size());
    out += escape(std::string_view(c.text).substr(done, at - done));
    if (at > 0) out += " ";
    out += std::string("<span class=\"badge ") +
           (m.badge == Badge::kDispute ? "dispute" : "masked") + "\">" +
           escape(badge_text(m.badge)) + "</span>";
    done = at;
  }
  return out + escape(std::string_view(c.text).substr(done));
}

// A 90x22 inline SVG polyline of the non-null values; empty when fewer than two.
std::string sparkline(const std::vector<std::optional<double>>& series) {
  std::vector<std::pair<size_t, double>> points;
  for (size_t i = 0; i < series.size(); ++i)
    if (series[i]) points.emplace_back(i, *series[i]);
  if (points.size() < 2) return "—";
  double lo = points[0].second, hi = points[0].second;
  for (const auto& p : points) lo = std::min(lo, p.second), hi = std::max(hi, p.second);
  const double span = hi > lo ? hi - lo : 1;
  const double step = series.size() > 1 ? 86.0 / static_cast<double>(series.size() - 1) : 0;
  std::string coords;
  for (const auto& [i, v] : points) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", coords.empty() ? "" : " ",
                  2 + step * static_cast<double>(i), 20 - 18 * (v - lo) / span);
    coords += buf;
  }
  return "<svg class=\"spark\" width=\"90\" height=\"22\" viewBox=\"0 0 90 22\" "
         "role=\"img\" aria-label=\"趋势 trend\"><polyline fill=\"none\" stroke=\"#1f5fa8\" "
         "stroke-width=\"1.5\" points=\"" +
         coords + "\"/></svg>";
}

std::string key_values(const KeyValues& kv) {
  std::string out = "<table class=\"kv\">\n";
  for (const KeyValue& row : kv.rows)
    out += "<tr><th>" + label(row.label, row.label_en) + "</th><td>" + cell(row.value) +
           "</td></tr>\n";
  return out + "</table>\n";
}

std::string table(const Table& t) {
  const bool trend = !t.series.empty();
  std::string out = "<table class=\"grid\">\n<thead><tr>";
  for (const Column& c : t.columns)
    out +=
        std::string(c.numeric ? "<th class=\"n\">" : "<th>") + label(c.label, c.label_en) + "</th>";
  if (trend) out += "<th>" + label("趋势", "Trend") + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    out += "<tr>";
    for (size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c)
      out += std::string(t.columns[c].numeric ? "<td class=\"n\">" : "<td>") + cell(t.rows[r][c]) +
             "</td>";
    if (trend) out += "<td>" + (r < t.series.size() ? sparkline(t.series[r]) : "—") + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string block(const Block& b) {
  if (const auto* kv = std::get_if<KeyValues>(&b)) return key_values(*kv);
  if (const auto* t = std::get_if<Table>(&b)) return table(*t);
  if (const auto* h = std::get_if<Subheading>(&b)) return "<h3>" + escape(h->text) + "</h3>\n";
  const auto& p = std::get<Paragraph>(b);
  const char* cls = p.tone == Paragraph::Tone::kEmpty    ? " class=\"empty\""
                    : p.tone == Paragraph::Tone::kNotice ? " class=\"notice\""
                                                         : "";
  return std::string("<p") + cls + ">" + escape(p.text) + "</p>\n";
}

constexpr const char* kStyle =
    "@page{size:A4;margin:16mm 14mm}"
    "*{box-sizing:border-box}"
    "body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
    "font-size:10.5pt;line-height:1.5;color:#1d2129;max-width:52rem;margin:1.5rem auto;"
    "padding:0 1rem;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".wm{position:fixed;inset:0;z-index:0;overflow:hidden;pointer-events:none}"
    ".wm div{position:absolute;top:-50%;left:-50%;width:200%;height:200%;display:flex;"
    "flex-wrap:wrap;align-content:space-around;justify-content:space-around;"
    "transform:rotate(-30deg);color:rgba(0,0,0,.07);font-size:20pt;white-space:nowrap;"
    "user-select:none}"
    ".wm span{margin:3rem 2.5rem}"
    "main{position:relative;z-index:1}"
    "h1{font-size:17pt;margin:0;text-align:center;border-bottom:2px solid #1f5fa8;"
    "padding-bottom:.3rem}"
    "h1 small{display:block;font-size:9pt;font-weight:normal;color:#555}"
    "h2{font-size:13pt;margin:1.4rem 0 .4rem;border-left:4px solid #1f5fa8;padding-left:.5rem;"
    "break-after:avoid}"
    "h2 small,th small{font-weight:normal;color:#666}"
    "h3{font-size:11pt;margin:.8rem 0 .3rem;break-after:avoid}"
    "table{border-collapse:collapse;width:100%;margin:.3rem 0 .6rem}"
    "th,td{border:1px solid #c9cdd4;padding:.25rem .45rem;text-align:left;vertical-align:top}"
    "th{background:#f2f4f7;font-weight:600}"
    "th small{font-size:8pt}"
    "table.kv th{width:11rem}"
    ".n{text-align:right}"
    "tr{break-inside:avoid}"
    ".badge{display:inline-block;font-size:8pt;padding:0 .3rem;border-radius:3px;"
    "white-space:nowrap}"
    ".dispute{background:#fff1e6;color:#b34d00;border:1px solid #f5a65b}"
    ".masked{background:#eef2f7;color:#4e5969;border:1px solid #c9cdd4}"
    ".empty{color:#86909c}"
    ".notice{background:#fffbe6;border:1px solid #f0d980;padding:.3rem .5rem}"
    ".spark{vertical-align:middle}"
    "footer{margin-top:1.5rem;font-size:8.5pt;color:#666;text-align:center}";

}  // namespace

std::string render_report_html(const nlohmann::json& report, std::string_view lang) {
  const Document doc = internal::build_document(report, lang);
  std::string html = "<!doctype html>\n<html lang=\"" +
                     std::string(doc.lang == "en" ? "en" : "zh-CN") +
                     "\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                     "<title>" +
                     escape(doc.title) + " " + escape(doc.report_number) + "</title>\n<style>" +
                     kStyle + "</style>\n</head>\n<body>\n";
  html += "<div class=\"wm\" aria-hidden=\"true\"><div>";
  const std::string mark = "<span>" + escape(doc.institution) + "</span>";
  for (int i = 0; i < kWatermarkRepeats && !doc.institution.empty(); ++i) html += mark;
  html += "</div></div>\n<main>\n<header>\n<h1>" + escape(doc.title) + "<small>" +
          escape(doc.title_en) + "</small></h1>\n" + key_values(doc.header) + "</header>\n";
  for (const Section& s : doc.sections) {
    html += "<section>\n<h2>" + std::to_string(s.number) + " " + escape(s.title) + " <small>" +
            escape(s.title_en) + "</small></h2>\n";
    for (const Block& b : s.blocks) html += block(b);
    html += "</section>\n";
  }
  html += "<footer>报告编号 " + escape(doc.report_number) +
          " · 在平台 /verify 页面输入报告编号与校验码核验</footer>\n</main>\n</body>\n</html>\n";
  return html;
}

}  // namespace rx::report
