// The single export over HTTP: information queries (single and batch), credit reports in JSON,
// HTML and PDF with public verification, and each enterprise's view of who accessed its data.
#include "api/json_input.h"
#include "api/routes.h"
#include "consent/access_log.h"
#include "objection/display_rules.h"
#include "objection/objection_repository.h"
#include "objection/record_key.h"
#include "report/render_html.h"
#include "report/render_pdf.h"

namespace rx::api {
namespace {

using auth::Role;

struct Common {
  consent::Purpose purpose = consent::Purpose::kLoanApplication;
  bool authorized = true;
  std::optional<std::string> authorization_id, application_id;
};

// purpose, view, authorization_id and application_id, shared by queries and reports.
Common read_common(BodyReader& r) {
  Common c;
  const std::string purpose = r.string("purpose").value_or("");
  if (auto p = consent::parse_purpose(purpose))
    c.purpose = *p;
  else
    r.fail("purpose",
           purpose.empty() ? "is required" : "'" + purpose + "' is not a financing purpose");
  const std::string view = r.string("view").value_or("authorized");
  if (view == "desensitized")
    c.authorized = false;
  else if (view != "authorized")
    r.fail("view", "must be authorized or desensitized");
  c.authorization_id = r.string("authorization_id");
  c.application_id = r.string("application_id");
  return c;
}

report::Requester requester(const RequestContext& c) {
  return {*c.principal->institution_id, c.principal->key_id, c.request_id};
}

Json item_error(const report::QueryItem& item) {
  Json e = {{"code", status_code_name(item.status.code())}, {"message", item.status.message()}};
  if (item.deny != consent::Deny::kNone) e["reason"] = consent::to_string(item.deny);
  return e;
}

std::string_view item_status(const report::QueryItem& item) {
  switch (item.status.code()) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid";
    case StatusCode::kNotFound:
      return "not_found";
    default:
      return "denied";
  }
}

// Who may read a stored report: the institution it was issued to, the enterprise it is about,
// and the operator.
Result<report::StoredReport> readable_report(Services& s, const RequestContext& c) {
  auto r = s.reports->get(c.path_param("id"));
  const auth::Principal& p = *c.principal;
  if (r.is_ok() && ((p.role == Role::kInstitution && p.institution_id != r->institution_id) ||
                    (p.role == Role::kEnterprise && p.uscc != r->uscc)))
    return not_found("no report " + c.path_param("id"));
  return r;
}

// JSON already serialized.
HttpResponse text_response(std::string body, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse bytes_response(std::string body, std::string content_type, std::string filename) {
  HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  if (!filename.empty())
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

}  // namespace

report::DisclosureRules disclosure_rules(const objection::DisplayRules* display) {
  report::DisclosureRules rules;
  rules.record_key = objection::record_key;
  rules.flags = [](store::Session& s, std::string_view uscc) -> Result<report::RecordFlags> {
    RX_ASSIGN_OR_RETURN(objection::RecordFlags f, objection::record_flags(s, uscc));
    report::RecordFlags out;
    for (const auto& r : f.hidden) out.hidden.emplace(r.category, r.record_key);
    for (const auto& r : f.disputed) out.disputed.emplace(r.category, r.record_key);
    return out;
  };
  if (display)
    rules.displayed = [display](const catalog::Category& c, const Json& payload, Date today,
                                bool repaired) {
      if (c.id != display->category()) return true;
      const auto severity =
          objection::parse_severity(payload.value(display->severity_field(), std::string()));
      const auto decided = Date::parse(payload.value(display->date_field(), std::string()));
      if (!severity || !decided.is_ok()) return true;
      return display->displayed(*severity, *decided, repaired, today);
    };
  return rules;
}

void add_disclosure_routes(Router& router, Services& s) {
  router.add({"POST",
              "/api/v1/queries",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                report::QueryRequest q;
                const auto one = r.string("uscc");
                const auto many = r.strings("usccs");
                if (one && many) r.fail("usccs", "give uscc (one) or usccs (a batch), not both");
                if (!one && !many) r.fail("uscc", "is required (or usccs for a batch)");
                q.usccs = one ? std::vector<std::string>{*one}
                              : many.value_or(std::vector<std::string>{});
                q.categories = r.strings("categories").value_or(std::vector<std::string>{});
                q.period_from = r.string("period_from");
                q.period_to = r.string("period_to");
                const Common common = read_common(r);
                RX_RETURN_IF_ERROR(r.finish("query"));
                q.purpose = common.purpose;
                q.authorized = common.authorized;
                q.authorization_id = common.authorization_id;
                q.application_id = common.application_id;
                RX_ASSIGN_OR_RETURN(auto items, s.disclosure->query(q, requester(c)));
                if (one) {  // a single query answers with the data or the precise refusal
                  const report::QueryItem& item = items.at(0);
                  if (!item.status.is_ok()) {
                    if (item.deny == consent::Deny::kNone) return item.status;
                    return Status(StatusCode::kPermissionDenied, item.status.message(),
                                  {{"authorization", std::string(consent::to_string(item.deny))}});
                  }
                  return json_response(item.data);
                }
                Json out = Json::array();
                for (const report::QueryItem& item : items) {
                  Json j = {{"uscc", item.uscc}, {"status", item_status(item)}};
                  if (item.status.is_ok())
                    j["data"] = item.data;
                  else
                    j["error"] = item_error(item);
                  out.push_back(std::move(j));
                }
                return json_response({{"items", out}});
              }});
  router.add({"POST",
              "/api/v1/reports",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                report::ReportRequest q;
                q.uscc = r.string("uscc").value_or("");
                if (q.uscc.empty()) r.fail("uscc", "is required");
                const Common common = read_common(r);
                RX_RETURN_IF_ERROR(r.finish("report request"));
                q.purpose = common.purpose;
                q.authorized = common.authorized;
                q.authorization_id = common.authorization_id;
                q.application_id = common.application_id;
                RX_ASSIGN_OR_RETURN(report::IssuedReport report, s.reports->issue(q, requester(c)));
                return text_response(std::move(report.text), 201);
              }});
  router.add({"GET",
              "/api/v1/reports",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const int limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                RX_RETURN_IF_ERROR(q.finish());
                const auth::Principal& p = *c.principal;
                RX_ASSIGN_OR_RETURN(Json items, s.reports->list(p.institution_id, p.uscc, limit));
                return json_response({{"items", items}});
              }});
  router.add({"GET",
              "/api/v1/reports/{id}",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto r, readable_report(s, c));
                return json_response(r.content);
              }});
  router.add({"GET",
              "/api/v1/reports/{id}/html",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto r, readable_report(s, c));
                return bytes_response(report::render_report_html(r.content),
                                      "text/html; charset=utf-8", "");
              }});
  router.add({"GET",
              "/api/v1/reports/{id}/pdf",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto r, readable_report(s, c));
                RX_ASSIGN_OR_RETURN(std::string pdf, report::render_report_pdf(r.content));
                return bytes_response(std::move(pdf), "application/pdf", r.number + ".pdf");
              }});
  // Public on purpose: whoever holds a report (a guarantor, a court) can check it is genuine.
  // Without the code nothing about the report is revealed.
  router.add({"GET",
              "/api/v1/report-verifications",
              {},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const auto number = q.string("number"), code = q.string("code");
                if (!number) q.fail("number", "is required");
                if (!code) q.fail("code", "is required");
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(Json out, s.reports->verify(*number, *code));
                return json_response(out);
              }});
  router.add({"POST",
              "/api/v1/enterprises/{uscc}/reports",
              {Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                if (c.principal->uscc != uscc.str())
                  return permission_denied("an enterprise key may only see its own report");
                RX_ASSIGN_OR_RETURN(report::IssuedReport report, s.reports->issue_self(uscc.str()));
                return text_response(std::move(report.text), 201);
              }});
  router.add(
      {"GET",
       "/api/v1/enterprises/{uscc}/accesses",
       {Role::kAdmin, Role::kEnterprise},
       false,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
         if (c.principal->role == Role::kEnterprise && c.principal->uscc != uscc.str())
           return permission_denied("an enterprise key may only see accesses to its own data");
         QueryReader q(c.query);
         const int limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
         const auto before = q.integer("before", 1, INT64_MAX);
         RX_RETURN_IF_ERROR(q.finish());
         RX_ASSIGN_OR_RETURN(auto page,
                             consent::list_accesses(s.db, uscc.str(), std::nullopt, before, limit));
         Json items = Json::array();
         for (const consent::Access& a : page.items)
           items.push_back({{"id", a.id},
                            {"at", format_instant(a.at)},
                            {"institution_id", a.institution_id},
                            {"action", a.action},
                            {"purpose", a.purpose},
                            {"view", a.view},
                            {"authorization_id",
                             a.authorization_id ? Json(*a.authorization_id) : Json(nullptr)},
                            {"categories", a.categories},
                            {"outcome", a.outcome},
                            {"reason", a.reason}});
         return json_response(
             {{"items", items},
              {"next_before", page.next_before ? Json(*page.next_before) : Json(nullptr)}});
       }});
}

}  // namespace rx::api
