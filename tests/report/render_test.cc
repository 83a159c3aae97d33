#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "report/render_html.h"
#include "report/render_pdf.h"

namespace rx::report {
namespace {

using nlohmann::json;

json sample_report() {
  return json::parse(R"({
    "format_version": 1,
    "report_number": "RXR-20261130-0F3A9C2B71",
    "issued_at": "2026-11-30T01:02:03Z",
    "valid_until": "2026-12-30T01:02:03Z",
    "verification_code": "7K3M-9QXA-2P4D",
    "view": "authorized",
    "institution": {"id": "bank-a", "name": "示例银行上海分行"},
    "purpose": "loan_application", "purpose_label": "贷款申请",
    "purpose_label_en": "Loan application",
    "authorization_id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "enterprise": {"uscc": "91310000MA1FL8XQ30", "name": "上海某某科技有限公司",
                   "district": "310107", "district_name": "普陀区", "industry": "I65",
                   "industry_name": "软件和信息技术服务业", "size": "small", "size_label": "小型",
                   "registration_date": "2018-05-02", "registered_capital": "500万元",
                   "status": "active", "status_label": "存续"},
    "evaluation": {"as_of": "2026-10", "score": 712.4, "grade": "B", "model_version": "2026.1",
                   "factors": [{"indicator": "tax_paid_12m", "name": "近12个月纳税额",
                                "value": "12.3万元", "points": 80, "weight": 8,
                                "contribution": 46.2}]},
    "scorecard": null,
    "withheld": {"scorecard": "未获授权", "indicators": null},
    "indicators": [{"id": "tax_paid_12m", "name": "近12个月纳税额", "unit": "元",
                    "values": [{"as_of": "2026-08", "value": 120000.0},
                               {"as_of": "2026-09", "value": null},
                               {"as_of": "2026-10", "value": 123000.0}]}],
    "records_summary": [{"category": "tax", "name": "纳税信息",
                         "department": "国家税务总局上海市税务局", "records": 24,
                         "latest": "2026-10", "self_reported": false, "view": "authorized"}],
    "adverse_records": [{"category": "admin_penalty", "category_name": "行政处罚信息",
                         "kind": "penalty", "kind_label": "行政处罚", "date": "2025-03-14",
                         "summary": "沪市监罚〔2025〕12号 罚款 2万元", "under_dispute": true,
                         "fields": [{"name": "fine_amount", "label": "罚款金额",
                                     "value": "2万元", "masked": false},
                                    {"name": "person", "label": "责任人", "value": "张*",
                                     "masked": true}]}],
    "self_reported": [{"category": "self_reported", "period": "2026-06",
                       "fields": [{"name": "employees", "label": "从业人数", "value": "35",
                                   "masked": false}],
                       "commitment": {"text_sha256": "ab12cd34ef56", 
                                      "signed_at": "2026-07-01T02:00:00Z"}}],
    "notes": ["本报告仅限用于融资用途，不得用于其他目的。",
              "不良记录自不良行为或事件终止之日起保存5年，期满不再提供查询。"]
  })");
}

// Enough adverse records to need a second page.
json long_report() {
  json r = sample_report();
  const json first = r["adverse_records"][0];
  for (int i = 0; i < 40; ++i) {
    json a = first;
    a["under_dispute"] = false;
    a["summary"] = "欠缴社会保险费 第" + std::to_string(i + 1) + "期，金额较大，已责令限期缴纳";
    r["adverse_records"].push_back(a);
  }
  return r;
}

size_t position(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "missing: " << needle;
  return at;
}

// Runs `command` and returns what it wrote to stdout.
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes)
      : path_(std::filesystem::temp_directory_path() /
              ("rx_report_" + std::to_string(::getpid()) + "_" + std::to_string(++counter_) +
               ".pdf")) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~PdfFile() { std::filesystem::remove(path_); }
  std::string text() const { return run("pdftotext -layout '" + path_.string() + "' -"); }
  std::string info() const { return run("pdfinfo '" + path_.string() + "'"); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(RenderHtml, HasEverySectionInOrder) {
  const std::string html = render_report_html(sample_report());
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(html.find("上海市融资信用服务平台 · 企业信用报告"), std::string::npos);
  size_t last = 0;
  for (const char* title : {"1 登记信息", "2 综合信用评价", "3 评分卡", "4 指标及趋势",
                            "5 分类记录汇总", "6 不良记录", "7 自报信息", "8 说明"}) {
    const size_t at = position(html, title);
    EXPECT_GT(at, last) << title;
    last = at;
  }
  for (const char* text :
       {"RXR-20261130-0F3A9C2B71", "2026-11-30 09:02:03", "示例银行上海分行", "贷款申请",
        "授权查询", "7K3M-9QXA-2P4D", "在平台 /verify 页面输入报告编号与校验码核验",
        "上海某某科技有限公司", "712.4", "近12个月纳税额", "120,000", "2026-09", "<svg",
        "国家税务总局上海市税务局", "企业自报（已作信用承诺）", "ab12cd34ef56", "已脱敏",
        "本报告仅限用于融资用途"})
    position(html, text);
}

TEST(RenderHtml, NullScorecardShowsItsWithheldReasonAndNullValuesADash) {
  json r = sample_report();
  const std::string html = render_report_html(r);
  const size_t scorecard = position(html, "3 评分卡");
  EXPECT_LT(html.find("未获授权", scorecard), html.find("4 指标及趋势"));
  EXPECT_NE(html.find("<td class=\"n\">—</td>"), std::string::npos);
  r.erase("withheld");
  EXPECT_NE(render_report_html(r).find("未授权/无评分卡"), std::string::npos);
  r["adverse_records"] = json::array();
  EXPECT_NE(render_report_html(r).find("<p class=\"empty\">无</p>"), std::string::npos);
}

TEST(RenderHtml, EscapesEveryStringAndHasNoScripts) {
  json r = sample_report();
  r["enterprise"]["name"] = "坏<script>alert('x')</script>&公司";
  r["institution"]["name"] = "\"><b>银行";
  const std::string html = render_report_html(r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  position(html, "坏&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;公司");
  position(html, "&quot;&gt;&lt;b&gt;银行");
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
}

TEST(RenderHtml, MarksDisputedRecordsAndWatermarksTheInstitution) {
  const std::string html = render_report_html(sample_report());
  const size_t adverse = position(html, "6 不良记录");
  const size_t badge =
      position(html, "<span class=\"badge dispute\">异议处理中 under dispute</span>");
  EXPECT_GT(badge, adverse);
  const size_t wm = position(html, "<div class=\"wm\"");
  EXPECT_LT(wm, html.find("<main>"));
  EXPECT_NE(html.find("<span>示例银行上海分行</span><span>示例银行上海分行</span>"),
            std::string::npos);
  EXPECT_NE(html.find("rotate(-30deg)"), std::string::npos);
}

TEST(RenderHtml, IsDeterministicAndNeverFails) {
  EXPECT_EQ(render_report_html(sample_report()), render_report_html(sample_report()));
  EXPECT_NE(render_report_html(sample_report(), "en").find("<html lang=\"en\">"),
            std::string::npos);
  for (const json& odd : {json::object(), json::array(), json(nullptr), json(42),
                          json{{"enterprise", "x"}, {"indicators", {1, 2}}, {"notes", {{1}}}},
                          json{{"evaluation", {{"factors", "x"}}}, {"issued_at", "yesterday"}}}) {
    const std::string html = render_report_html(odd);
    EXPECT_NE(html.find("</html>"), std::string::npos) << odd.dump();
  }
}

TEST(RenderPdf, HasTheReportsContent) {
  Result<std::string> pdf = render_report_pdf(sample_report());
  ASSERT_TRUE(pdf.is_ok()) << pdf.status().to_string();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const PdfFile file(*pdf);
  const std::string text = file.text();
  for (const char* needle : {"RXR-20261130-0F3A9C2B71", "上海某某科技有限公司", "综合信用评价",
                             "712.4", "异议", "7K3M-9QXA-2P4D", "示例银行上海分行", "未获授权",
                             "企业自报（已作信用承诺）", "第 1 页", "2026-11-30 09:02:03"})
    EXPECT_NE(text.find(needle), std::string::npos) << "missing: " << needle << "\n" << text;
  // The grade, on the line of its label.
  const size_t grade = text.find("信用等级");
  ASSERT_NE(grade, std::string::npos);
  const std::string line = text.substr(grade, text.find('\n', grade) - grade);
  EXPECT_NE(line.find(" B"), std::string::npos) << line;
  EXPECT_NE(file.info().find("RXR-20261130-0F3A9C2B71"), std::string::npos) << file.info();
}

TEST(RenderPdf, PaginatesLongReports) {
  Result<std::string> pdf = render_report_pdf(long_report());
  ASSERT_TRUE(pdf.is_ok()) << pdf.status().to_string();
  const std::string text = PdfFile(*pdf).text();
  EXPECT_NE(text.find("第 2 页"), std::string::npos) << text;
  EXPECT_NE(text.find("第40期"), std::string::npos);
  EXPECT_NE(text.find("8 说明"), std::string::npos);
  // Every page carries the header, the footer and the watermark.
  size_t pages = 0;
  for (size_t at = text.find('\f'); at != std::string::npos; at = text.find('\f', at + 1)) ++pages;
  ASSERT_GE(pages, 2u);
  size_t numbers = 0;
  for (size_t at = text.find("RXR-20261130-0F3A9C2B71"); at != std::string::npos;
       at = text.find("RXR-20261130-0F3A9C2B71", at + 1))
    ++numbers;
  EXPECT_GE(numbers, 2 * pages);
}

TEST(RenderPdf, SameReportSameBytesAcrossThreads) {
  const json report = long_report();
  Result<std::string> first = render_report_pdf(report);
  ASSERT_TRUE(first.is_ok());
  Result<std::string> second = render_report_pdf(report);
  ASSERT_TRUE(second.is_ok());
  EXPECT_TRUE(*first == *second);
  std::vector<std::string> outputs(4);
  std::vector<std::thread> threads;
  for (std::string& out : outputs)
    threads.emplace_back([&report, &out] {
      Result<std::string> pdf = render_report_pdf(report);
      if (pdf.is_ok()) out = *pdf;
    });
  for (std::thread& t : threads) t.join();
  for (const std::string& out : outputs) EXPECT_TRUE(out == *first);
}

TEST(RenderPdf, RejectsAReportMissingARequiredKey) {
  json r = sample_report();
  r.erase("enterprise");
  Result<std::string> pdf = render_report_pdf(r);
  ASSERT_FALSE(pdf.is_ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(pdf.status().message().find("enterprise"), std::string::npos);

  r = sample_report();
  r["enterprise"].erase("name");
  pdf = render_report_pdf(r);
  ASSERT_FALSE(pdf.is_ok());
  EXPECT_NE(pdf.status().message().find("enterprise.name"), std::string::npos);

  for (const json& odd : {json(nullptr), json::array(), json{{"report_number", 7}}}) {
    pdf = render_report_pdf(odd);
    ASSERT_FALSE(pdf.is_ok());
    EXPECT_EQ(pdf.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(RenderPdf, RendersEmptySectionsAndOddValues) {
  json r = sample_report();
  for (const char* key : {"evaluation", "indicators", "records_summary", "adverse_records",
                          "self_reported", "notes", "withheld"})
    r[key] = nullptr;
  r["issued_at"] = "not a time";
  Result<std::string> pdf = render_report_pdf(r);
  ASSERT_TRUE(pdf.is_ok()) << pdf.status().to_string();
  const std::string text = PdfFile(*pdf).text();
  EXPECT_NE(text.find("未授权/无评分卡"), std::string::npos);
}

}  // namespace
}  // namespace rx::report
