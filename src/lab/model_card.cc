#include "lab/model_card.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/time.h"
#include "lab/scorecard.h"

namespace rx::lab {
namespace {

std::string fixed(double v, int digits = 3) {
  if (!std::isfinite(v)) return "—";
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

std::string metric(const nlohmann::json& report, const char* key) {
  return report.contains(key) && report[key].is_number() ? fixed(report[key].get<double>()) : "—";
}

std::string row(std::initializer_list<std::string> cells, const char* tag = "td") {
  std::string out = "<tr>";
  for (const std::string& c : cells) out += std::string("<") + tag + ">" + c + "</" + tag + ">";
  return out + "</tr>\n";
}

std::string scorecard_section(const Scorecard& card) {
  std::string out =
      "<h2>评分卡 / Scorecard</h2>\n<p>基础分 / base score " + fixed(card.scaling.base_score, 0) +
      "，基础优劣比 / base odds " + fixed(card.scaling.base_odds, 0) +
      ":1（好:坏 / good:bad），翻倍分 / points to double the odds " + fixed(card.scaling.pdo, 0) +
      "。截距 / intercept " + fixed(card.intercept, 4) + "。</p>\n";
  for (const ScorecardVariable& v : card.variables) {
    out += "<h3>" + xml_escape(v.binning.name) + "</h3>\n<p>IV " + fixed(v.binning.iv) +
           "，系数 / coefficient " + fixed(v.coefficient, 4) + "</p>\n<table>\n" +
           row({"分箱 / bin", "好 / good", "坏 / bad", "WOE", "分值 / points"}, "th");
    for (size_t b = 0; b < v.binning.bins.size(); ++b) {
      const Bin& bin = v.binning.bins[b];
      out += row({xml_escape(bin.label(v.binning.type)), fixed(bin.good, 0), fixed(bin.bad, 0),
                  fixed(bin.woe), fixed(v.points[b], 1)});
    }
    out += "</table>\n";
  }
  return out;
}

}  // namespace

std::string model_card_html(const ModelRecord& record, const Model& model,
                            const SampleRecord& sample) {
  const nlohmann::json report = nlohmann::json::parse(record.report);
  const std::string title = xml_escape(record.name) + " v" + std::to_string(record.version);
  const std::string created = format_instant(instant_from_micros(record.created_at));
  std::string html =
      "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>模型卡 / "
      "Model card — " +
      title +
      "</title>\n<style>body{font-family:'WenQuanYi Micro Hei',sans-serif;max-width:60rem;"
      "margin:2rem auto;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem}"
      "td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}"
      "th{background:#f3f5f8}td:first-child,th:first-child{text-align:left}</style></head>"
      "<body>\n<h1>模型卡 / Model card — " +
      title + "</h1>\n<table>\n" + row({"场景 / scenario", xml_escape(record.scenario)}) +
      row({"角色 / role", xml_escape(record.role)}) +
      row({"算法 / algorithm", xml_escape(record.algorithm)}) +
      row({"作者 / author", xml_escape(record.author)}) + row({"创建时间 / created", created}) +
      row({"优劣比约定 / odds convention",
           "好:坏 good:bad — 分数越高风险越低 / a higher score "
           "means lower risk"}) +
      row({"样本 / sample", xml_escape(sample.name) + " v" + std::to_string(sample.version) + " (" +
                                xml_escape(sample.source) + ")"}) +
      row({"样本 SHA-256", xml_escape(sample.sha256)}) +
      row({"目标 / target",
           xml_escape(sample.target) + " = " + xml_escape(sample.bad_value) + " 为坏 / is bad"}) +
      row({"行数 / rows",
           std::to_string(sample.rows) + "（坏 / bad " + std::to_string(sample.bad) + "）"}) +
      "</table>\n<h2>样本内表现 / Performance on the sample</h2>\n<table>\n" +
      row({"AUC", "KS", "Gini", "交叉验证 AUC / CV AUC"}, "th") +
      row({metric(report, "auc"), metric(report, "ks"), metric(report, "gini"),
           record.cv_auc ? fixed(*record.cv_auc) : "—"}) +
      "</table>\n";
  if (model.algorithm == Algorithm::kScorecard)
    html += scorecard_section(model.scorecard);
  else
    html += "<h2>梯度提升树 / Gradient-boosted trees</h2>\n<p>" +
            std::to_string(model.xgboost.params.rounds) + " rounds, depth " +
            std::to_string(model.xgboost.params.max_depth) + "</p>\n";
  return html + "</body></html>\n";
}

}  // namespace rx::lab
