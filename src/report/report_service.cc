#include "report/report_service.h"

#include <algorithm>

#include "consent/authorization_repository.h"
#include "credit/evaluation_repository.h"
#include "crypto/crypto.h"
#include "ingest/records.h"
#include "registry/enterprise_repository.h"
#include "registry/institution.h"
#include "registry/reference.h"
#include "report/report_content.h"

namespace rx::report {
namespace {

using consent::Deny;
using nlohmann::json;

constexpr int kTrendMonths = 6, kTopFactors = 10;

std::string size_label(registry::SizeClass s) {
  switch (s) {
    case registry::SizeClass::kMicro:
      return "微型";
    case registry::SizeClass::kSmall:
      return "小型";
    case registry::SizeClass::kMedium:
      return "中型";
    case registry::SizeClass::kLarge:
      return "大型";
  }
  return "";
}

std::string status_label(registry::EnterpriseStatus s) {
  switch (s) {
    case registry::EnterpriseStatus::kActive:
      return "存续";
    case registry::EnterpriseStatus::kRevoked:
      return "吊销";
    case registry::EnterpriseStatus::kCancelled:
      return "注销";
  }
  return "";
}

// Characters that cannot be mistaken for one another when read aloud or typed.
std::string random_code(Random& random, size_t n) {
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(kAlphabet[random.uniform(kAlphabet.size())]);
  return out;
}

json enterprise_json(const registry::Enterprise& e) {
  const registry::District* d = registry::find_district(e.district);
  const registry::IndustrySection* section =
      e.industry.empty() ? nullptr : registry::find_section(e.industry[0]);
  return {{"uscc", e.uscc.str()},
          {"name", e.name},
          {"district", e.district},
          {"district_name", d ? std::string(d->name_zh) : e.district},
          {"industry", e.industry},
          {"industry_name", section ? std::string(section->name_zh) : ""},
          {"size", registry::to_string(e.size)},
          {"size_label", size_label(e.size)},
          {"registration_date", e.registration_date.to_string()},
          {"registered_capital", yuan(e.registered_capital.fen()) + "元"},
          {"status", registry::to_string(e.status)},
          {"status_label", status_label(e.status)}};
}

// Display fields of a presented record (see consent::present_record).
json display_fields(const catalog::Category& c, const json& presented) {
  json out = json::array();
  for (const catalog::Field& f : c.fields) {
    if (f.name == "uscc" || !presented["fields"].contains(f.name)) continue;
    out.push_back({{"name", f.name},
                   {"label", f.label},
                   {"value", display_value(f, presented["fields"][f.name])},
                   {"masked", presented["desensitized"].contains(f.name)}});
  }
  return out;
}

// Every stored category and the evaluation: a report covers the whole enterprise.
std::vector<std::string> report_categories(const catalog::Catalog& catalog) {
  std::vector<std::string> out;
  for (const catalog::Category& c : catalog.categories)
    if (c.mode == catalog::Mode::kStored) out.push_back(c.id);
  out.emplace_back(consent::kEvaluationScope);
  return out;
}

}  // namespace

json ReportService::header(const std::string& institution_id, const std::string& institution_name,
                           consent::Purpose purpose, const std::string& view,
                           const std::optional<std::string>& authorization_id) {
  const Instant now = disclosure_.clock().now();
  Random& random = disclosure_.random();
  const std::string day = shanghai_date(now).to_string();
  const std::string number = "RXR-" + day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) + "-" +
                             random_code(random, 10);
  const std::string code =
      random_code(random, 4) + "-" + random_code(random, 4) + "-" + random_code(random, 4);
  return {{"format_version", 1},
          {"report_number", number},
          {"issued_at", format_instant(now)},
          {"valid_until", format_instant(now + std::chrono::days(kReportValidityDays))},
          {"verification_code", code},
          {"view", view},
          {"institution", {{"id", institution_id}, {"name", institution_name}}},
          {"purpose", consent::to_string(purpose)},
          {"purpose_label", consent::purpose_label(purpose)},
          {"purpose_label_en", consent::purpose_label_en(purpose)},
          {"authorization_id", authorization_id ? json(*authorization_id) : json(nullptr)}};
}

Result<IssuedReport> ReportService::issue(const ReportRequest& r, const Requester& who) {
  auto uscc = Uscc::parse(r.uscc);
  if (!uscc.is_ok())
    return invalid_argument("not a valid unified social credit code",
                            {{"uscc", uscc.status().message()}});
  const std::vector<std::string> categories = report_categories(disclosure_.catalog());
  consent::AccessAsk ask{.uscc = r.uscc,
                         .institution_id = who.institution_id,
                         .purpose = r.purpose,
                         .categories = {},
                         .period_from = std::nullopt,
                         .period_to = std::nullopt,
                         .application_id = r.application_id,
                         .now = disclosure_.clock().now()};
  // Built from one read snapshot; admitted, recorded and stored in one short write transaction.
  Admission admission;
  IssuedReport out;
  RX_RETURN_IF_ERROR(disclosure_.db().read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(registry::Enterprise e, registry::find_enterprise(s, *uscc));
    RX_ASSIGN_OR_RETURN(auto institution, registry::find_institution(s, who.institution_id));
    if (r.authorized) {
      RX_ASSIGN_OR_RETURN(admission, disclosure_.choose(s, ask, r.authorization_id));
    }
    if (admission.deny != Deny::kNone) return Status::ok();
    const consent::Authorization* auth =
        admission.authorization ? &*admission.authorization : nullptr;
    out.content =
        header(who.institution_id, institution ? institution->name : who.institution_id, r.purpose,
               auth ? "authorized" : "desensitized", auth ? std::optional(auth->id) : std::nullopt);
    RX_ASSIGN_OR_RETURN(json body, build(s, e, auth, false, categories));
    out.content.update(body);
    out.text = out.content.dump(-1, ' ', false, json::error_handler_t::replace);
    return Status::ok();
  }));
  RX_RETURN_IF_ERROR(disclosure_.db().write([&](store::Session& s) -> Status {
    Admission a = admission;
    if (a.deny == Deny::kNone && a.authorization) {
      RX_ASSIGN_OR_RETURN(a.deny, disclosure_.confirm(s, ask, *a.authorization));
    }
    const bool allowed = a.deny == Deny::kNone;
    RX_RETURN_IF_ERROR(disclosure_.record(s, who, ask, "report", r.authorized, a, categories,
                                          allowed ? crypto::sha256_hex(out.text) : ""));
    admission.deny = a.deny;
    if (!allowed) return Status::ok();  // commit the record of the refusal
    return store(s, out, r.uscc, who.institution_id, std::string(consent::to_string(r.purpose)),
                 a.authorization ? std::optional(a.authorization->id) : std::nullopt);
  }));
  if (admission.deny != Deny::kNone)
    return Status(StatusCode::kPermissionDenied, std::string(consent::explain(admission.deny)),
                  {{"authorization", std::string(consent::to_string(admission.deny))}});
  return out;
}

Result<IssuedReport> ReportService::issue_self(const std::string& text) {
  RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(text));
  IssuedReport out;
  RX_RETURN_IF_ERROR(disclosure_.db().read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(registry::Enterprise e, registry::find_enterprise(s, uscc));
    out.content =
        header("", "企业自查 Self-inquiry", consent::Purpose::kCreditReview, "self", std::nullopt);
    RX_ASSIGN_OR_RETURN(json body,
                        build(s, e, nullptr, true, report_categories(disclosure_.catalog())));
    out.content.update(body);
    out.text = out.content.dump(-1, ' ', false, json::error_handler_t::replace);
    return Status::ok();
  }));
  RX_RETURN_IF_ERROR(disclosure_.db().write([&](store::Session& s) -> Status {
    return store(s, out, text, "", "self_inquiry", std::nullopt);
  }));
  return out;
}

Result<json> ReportService::build(store::Session& s, const registry::Enterprise& e,
                                  const consent::Authorization* auth, bool self,
                                  const std::vector<std::string>& categories) {
  const catalog::Catalog& catalog = disclosure_.catalog();
  const std::string uscc = e.uscc.str();
  const Date today = shanghai_date(disclosure_.clock().now());
  // The enterprise's own report is in clear: an authorization over everything.
  consent::Authorization everything;
  if (self)
    for (const std::string& c : categories) everything.grant.scopes.push_back({c, {}});
  const consent::Authorization* view = self ? &everything : auth;
  const Disclosure::Annotate mark_adverse = [&](const catalog::Category& c, const json& stored,
                                                json& item) {
    auto a = classify_adverse(c, stored, item["fields"]);
    if (a && within_retention(c, a->date, today))
      item["adverse"] = {{"kind", a->kind},
                         {"kind_label", a->kind_label},
                         {"date", a->date},
                         {"summary", a->summary}};
  };
  // Most records only count in the summary; adverse and self-reported ones are shown.
  const Disclosure::Keep shown = [&](const catalog::Category& c, const json& stored) {
    return c.self_reported || classify_adverse(c, stored, json::object()).has_value();
  };
  RX_ASSIGN_OR_RETURN(
      json records, disclosure_.records(s, uscc, categories, std::nullopt, std::nullopt, view, 1000,
                                        mark_adverse, shown));
  json out = {{"enterprise", enterprise_json(e)},
              {"evaluation", nullptr},
              {"scorecard", nullptr},
              {"withheld", json::object()},
              {"indicators", json::array()},
              {"records_summary", json::array()},
              {"adverse_records", json::array()},
              {"self_reported", json::array()},
              {"notes", json::array()}};

  // Evaluation, scorecard and indicator trends: in clear only when authorized.
  const bool evaluation_clear = view && view->covers_category(consent::kEvaluationScope);
  RX_ASSIGN_OR_RETURN(auto latest, credit::find_evaluation(s, uscc, ""));
  if (latest && evaluation_clear) {
    const json detail = json::parse(latest->detail);
    json factors = json::array();
    for (const auto& [id, f] : detail["factors"].items()) {
      const int i = library_.indicator_index(id);
      const auto& spec = library_.indicators[static_cast<size_t>(std::max(i, 0))];
      const json value = detail["indicators"].value(id, json());
      double weight = 0;
      for (const credit::Factor& factor : model_.factors)
        if (factor.indicator == id) weight = factor.weight;
      factors.push_back(
          {{"indicator", id},
           {"name", i >= 0 ? spec.name : id},
           {"value", value.is_number() ? std::to_string(value.get<double>()).substr(0, 10) +
                                             (i >= 0 ? spec.unit : "")
                                       : "—"},
           {"points", f["points"]},
           {"weight", weight},
           {"contribution", f["score"]},
           {"shortfall", f["max"].get<double>() - f["score"].get<double>()}});
    }
    std::stable_sort(factors.begin(), factors.end(), [](const json& a, const json& b) {
      return a["shortfall"].get<double>() > b["shortfall"].get<double>();
    });
    if (factors.size() > kTopFactors) factors.erase(factors.begin() + kTopFactors, factors.end());
    out["evaluation"] = {{"as_of", latest->as_of},
                         {"score", latest->score},
                         {"grade", latest->grade},
                         {"model_version", detail.value("model_version", "")},
                         {"factors", factors}};
    if (detail.contains("scorecard")) {
      json reasons = json::array();
      int n = 0;
      for (const json& reason : detail["scorecard"]["reasons"]) {
        const std::string var = reason.value("variable", "");
        const int i = library_.indicator_index(var);
        reasons.push_back(
            {{"code", "R" + std::string(n < 9 ? "0" : "") + std::to_string(n + 1)},
             {"indicator", var},
             {"name", i >= 0 ? library_.indicators[static_cast<size_t>(i)].name : var},
             {"text", "扣" + std::to_string(static_cast<int>(reason.value("points_lost", 0.0))) +
                          "分：" + reason.value("bin", "")}});
        ++n;
      }
      out["scorecard"] = {{"model", detail["scorecard"].value("model", "")},
                          {"score", detail["scorecard"]["score"]},
                          {"odds", "good:bad"},
                          {"reasons", reasons}};
    } else {
      out["withheld"]["scorecard"] = "无评分卡 No scorecard applied";
    }
    // Indicator trends over the last evaluated months, for the model's factors.
    RX_ASSIGN_OR_RETURN(auto trend, credit::evaluation_trend(s, uscc));
    std::vector<std::pair<std::string, json>> months;
    for (size_t i = trend.size() > kTrendMonths ? trend.size() - kTrendMonths : 0; i < trend.size();
         ++i) {
      RX_ASSIGN_OR_RETURN(auto m, credit::find_evaluation(s, uscc, trend[i].as_of));
      if (m) months.emplace_back(m->as_of, json::parse(m->detail)["indicators"]);
    }
    for (const credit::Factor& factor : model_.factors) {
      const auto& spec = library_.indicators[factor.indicator_index];
      json values = json::array();
      for (const auto& [as_of, indicators] : months) {
        const json v = indicators.value(spec.id, json());
        values.push_back({{"as_of", as_of}, {"value", v.is_number() ? v : json(nullptr)}});
      }
      out["indicators"].push_back(
          {{"id", spec.id}, {"name", spec.name}, {"unit", spec.unit}, {"values", values}});
    }
  } else if (latest) {
    out["evaluation"] = {{"as_of", latest->as_of},
                         {"score", nullptr},
                         {"grade", latest->grade},
                         {"model_version", ""},
                         {"factors", json::array()}};
    out["withheld"]["scorecard"] = "未获企业授权 Not authorized by the enterprise";
    out["withheld"]["indicators"] = "未获企业授权 Not authorized by the enterprise";
  } else {
    out["withheld"]["evaluation"] = "尚无评价 Not evaluated yet";
  }

  // Records by category: summary, adverse records within retention, self-reported data.
  RX_ASSIGN_OR_RETURN(store::Rows commitments,
                      s.query("SELECT batch_id, text_sha256, signed_at FROM commitments "
                              "WHERE uscc = ?",
                              {uscc}));
  for (const json& group : records["categories"]) {
    const catalog::Category* c = catalog.category(group["category"].get<std::string>());
    for (const json& r : group["records"]) {
      const json& fields = r["fields"];
      if (r.contains("adverse")) {
        json adverse = r["adverse"];
        adverse.update({{"category", c->id},
                        {"category_name", c->name},
                        {"under_dispute", r["under_dispute"]},
                        {"record_key", r["record_key"]},
                        {"fields", display_fields(*c, r)}});
        out["adverse_records"].push_back(std::move(adverse));
      }
      if (r["self_reported"].get<bool>()) {
        json commitment = nullptr;
        for (const store::Row& row : commitments)
          if (row.text(0) == r["batch_id"])
            commitment = {{"text_sha256", row.text(1)},
                          {"signed_at", format_instant(instant_from_micros(row.integer(2)))}};
        out["self_reported"].push_back({{"category", c->id},
                                        {"period", fields.value(c->time_field, json("")).is_string()
                                                       ? fields.value(c->time_field, json(""))
                                                       : json("")},
                                        {"fields", display_fields(*c, r)},
                                        {"commitment", commitment}});
      }
    }
    out["records_summary"].push_back(
        {{"category", c->id},
         {"name", c->name},
         {"department", c->department},
         {"records", group["count"]},
         // The month of the newest record (a summary need not say the day).
         {"latest", group["latest"].is_string()
                        ? json(group["latest"].get<std::string>().substr(0, 7))
                        : group["latest"]},
         {"self_reported", c->self_reported},
         {"view", self ? "self" : group["view"].get<std::string>()}});
  }
  out["notes"] = {
      "本报告仅限用于融资用途，不得用于其他目的。This report may be used for financing only.",
      "不良记录自不良行为或事件终止之日起保存5年（共享清单另有规定的从其规定），期满不再提供。",
      "标注“异议处理中”的记录正在核查，结论作出前仅供参考。",
      "企业自报信息由企业作出信用承诺，平台未核实其真实性。"};
  if (!self && !auth)
    out["notes"].push_back("未获企业授权：受限信息已泛化，个人信息已掩码，商业秘密不予提供。");
  return out;
}

Status ReportService::store(store::Session& s, const IssuedReport& report, const std::string& uscc,
                            const std::string& institution_id, const std::string& purpose,
                            const std::optional<std::string>& authorization_id) {
  const json& c = report.content;
  return s
      .execute(
          "INSERT INTO credit_reports (number, uscc, institution_id, purpose, view, "
          "authorization_id, issued_at, valid_until, verification_code, content, content_sha256) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {c["report_number"].get<std::string>(), uscc, institution_id, purpose,
           c["view"].get<std::string>(), store::nullable(authorization_id),
           micros(disclosure_.clock().now()),
           micros(disclosure_.clock().now() + std::chrono::days(kReportValidityDays)),
           c["verification_code"].get<std::string>(), report.text, crypto::sha256_hex(report.text)})
      .status();
}

Result<StoredReport> ReportService::get(const std::string& number) {
  std::optional<StoredReport> found;
  RX_RETURN_IF_ERROR(disclosure_.db().read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(store::Rows rows,
                        s.query("SELECT number, uscc, institution_id, content FROM credit_reports "
                                "WHERE number = ?",
                                {number}));
    if (!rows.empty())
      found = StoredReport{rows[0].text(0), rows[0].text(1), rows[0].text(2),
                           json::parse(rows[0].text(3))};
    return Status::ok();
  }));
  if (!found) return not_found("no report " + number);
  return *found;
}

Result<json> ReportService::list(const std::optional<std::string>& institution_id,
                                 const std::optional<std::string>& uscc, int limit) {
  std::string sql =
      "SELECT r.number, r.uscc, e.name, r.purpose, r.view, r.issued_at, r.valid_until "
      "FROM credit_reports r LEFT JOIN enterprises e ON e.uscc = r.uscc WHERE 1 = 1";
  std::vector<store::Value> params;
  if (institution_id) sql += " AND r.institution_id = ?", params.emplace_back(*institution_id);
  if (uscc) sql += " AND r.uscc = ?", params.emplace_back(*uscc);
  sql += " ORDER BY r.issued_at DESC, r.number DESC LIMIT " + std::to_string(limit);
  json items = json::array();
  RX_RETURN_IF_ERROR(disclosure_.db().read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(sql, params));
    for (const store::Row& r : rows)
      items.push_back({{"report_number", r.text(0)},
                       {"uscc", r.text(1)},
                       {"enterprise_name", r.is_null(2) ? json(nullptr) : json(r.text(2))},
                       {"purpose", r.text(3)},
                       {"view", r.text(4)},
                       {"issued_at", format_instant(instant_from_micros(r.integer(5)))},
                       {"valid_until", format_instant(instant_from_micros(r.integer(6)))}});
    return Status::ok();
  }));
  return items;
}

Result<json> ReportService::verify(const std::string& number, const std::string& code) {
  json out = {{"valid", false}};
  RX_RETURN_IF_ERROR(disclosure_.db().read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(
        store::Rows rows,
        s.query("SELECT verification_code, uscc, institution_id, issued_at, valid_until, "
                "content_sha256, content FROM credit_reports WHERE number = ?",
                {number}));
    if (rows.empty() || !crypto::constant_time_equal(rows[0].text(0), code)) return Status::ok();
    const json content = json::parse(rows[0].text(6));
    out = {{"valid", true},
           {"report_number", number},
           {"uscc", rows[0].text(1)},
           {"enterprise_name", content["enterprise"]["name"]},
           {"institution", content["institution"]["name"]},
           {"issued_at", format_instant(instant_from_micros(rows[0].integer(3)))},
           {"valid_until", format_instant(instant_from_micros(rows[0].integer(4)))},
           {"expired", instant_from_micros(rows[0].integer(4)) < disclosure_.clock().now()},
           {"content_sha256", rows[0].text(5)}};
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::report
