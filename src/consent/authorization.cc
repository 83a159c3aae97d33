#include "consent/authorization.h"

#include <algorithm>
#include <array>

namespace rx::consent {
namespace {

struct PurposeInfo {
  Purpose purpose;
  std::string_view code, zh, en;
};

constexpr std::array<PurposeInfo, 5> kPurposes = {{
    {Purpose::kLoanApplication, "loan_application", "贷款申请", "Loan application"},
    {Purpose::kCreditReview, "credit_review", "授信审查", "Credit review"},
    {Purpose::kPostLoan, "post_loan", "贷后管理", "Post-loan management"},
    {Purpose::kGuarantee, "guarantee", "融资担保", "Financing guarantee"},
    {Purpose::kInsurance, "insurance_underwriting", "保险承保", "Insurance underwriting"},
}};

const PurposeInfo& info(Purpose p) {
  for (const PurposeInfo& i : kPurposes)
    if (i.purpose == p) return i;
  return kPurposes[0];
}

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string_view to_string(Purpose p) {
  return info(p).code;
}
std::string_view purpose_label(Purpose p) {
  return info(p).zh;
}
std::string_view purpose_label_en(Purpose p) {
  return info(p).en;
}

std::optional<Purpose> parse_purpose(std::string_view text) {
  for (const PurposeInfo& i : kPurposes)
    if (i.code == text) return i.purpose;
  return std::nullopt;
}

std::vector<Purpose> all_purposes() {
  std::vector<Purpose> out;
  for (const PurposeInfo& i : kPurposes) out.push_back(i.purpose);
  return out;
}

std::string_view to_string(State s) {
  switch (s) {
    case State::kActive:
      return "active";
    case State::kPaused:
      return "paused";
    case State::kRevoked:
      return "revoked";
    case State::kExpired:
      return "expired";
  }
  return "?";
}

bool is_period(std::string_view t) {
  auto digit = [&](size_t i) { return t[i] >= '0' && t[i] <= '9'; };
  if (t.size() != 7 || t[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6})
    if (!digit(i)) return false;
  const int month = (t[5] - '0') * 10 + (t[6] - '0');
  return month >= 1 && month <= 12;
}

Status validate_grant(const Grant& g, const catalog::Catalog& catalog, Instant now) {
  std::vector<FieldError> errors;
  if (g.institution_id.empty()) errors.push_back({"institution_id", "is required"});
  if (g.scopes.empty())
    errors.push_back({"scopes", "name at least one category (or \"evaluation\")"});
  std::vector<std::string> seen;
  for (size_t i = 0; i < g.scopes.size(); ++i) {
    const Scope& s = g.scopes[i];
    const std::string at = "scopes[" + std::to_string(i) + "]";
    if (contains(seen, s.category)) errors.push_back({at + ".category", "is named twice"});
    seen.push_back(s.category);
    if (s.category == kEvaluationScope) {
      if (!s.fields.empty())
        errors.push_back({at + ".fields", "the evaluation is granted whole, without fields"});
      continue;
    }
    const catalog::Category* c = catalog.category(s.category);
    if (!c) {
      errors.push_back({at + ".category", "'" + s.category + "' is not in the shared catalogue"});
      continue;
    }
    for (const std::string& f : s.fields)
      if (!c->field(f))
        errors.push_back({at + ".fields", "'" + f + "' is not a field of " + s.category});
  }
  if (g.valid_until <= g.valid_from)
    errors.push_back({"valid_until", "must be after valid_from"});
  else if (g.valid_until <= now)
    errors.push_back({"valid_until", "is in the past"});
  else if (g.valid_until - g.valid_from > std::chrono::days(kMaxValidityDays))
    errors.push_back({"valid_until", "an authorization lasts at most " +
                                         std::to_string(kMaxValidityDays) +
                                         " days; grant again when it ends"});
  const bool from_ok = is_period(g.period_from), to_ok = is_period(g.period_to);
  if (!from_ok) errors.push_back({"period_from", "must be a month YYYY-MM"});
  if (!to_ok) errors.push_back({"period_to", "must be a month YYYY-MM"});
  if (from_ok && to_ok && g.period_to < g.period_from)
    errors.push_back({"period_to", "is before period_from"});
  if (g.max_queries < 1 || g.max_queries > kMaxQueriesPerWindow)
    errors.push_back(
        {"max_queries", "must be between 1 and " + std::to_string(kMaxQueriesPerWindow)});
  if (g.retention_days < 1 || g.retention_days > 3660)
    errors.push_back({"retention_days", "must be between 1 and 3660"});
  if (g.application_id && (g.application_id->empty() || g.application_id->size() > 64))
    errors.push_back({"application_id", "must be 1-64 characters"});
  if (!errors.empty()) return invalid_argument("the authorization is not valid", std::move(errors));
  return Status::ok();
}

State Authorization::state_at(Instant now) const {
  if (state == State::kRevoked) return State::kRevoked;
  if (now >= grant.valid_until) return State::kExpired;
  return state;
}

bool Authorization::covers_category(std::string_view category) const {
  return std::any_of(grant.scopes.begin(), grant.scopes.end(),
                     [&](const Scope& s) { return s.category == category; });
}

bool Authorization::covers(std::string_view category, std::string_view field) const {
  for (const Scope& s : grant.scopes)
    if (s.category == category) return s.fields.empty() || contains(s.fields, field);
  return false;
}

nlohmann::json artefact_json(const Authorization& a) {
  const Grant& g = a.grant;
  nlohmann::json scopes = nlohmann::json::array();
  for (const Scope& s : g.scopes)
    scopes.push_back({{"category", s.category}, {"fields", s.fields}});
  return {{"version", 1},
          {"id", a.id},
          {"issuer", "rongxin"},
          {"uscc", g.uscc},
          {"institution_id", g.institution_id},
          {"purpose", to_string(g.purpose)},
          {"scopes", scopes},
          {"valid_from", format_instant(g.valid_from)},
          {"valid_until", format_instant(g.valid_until)},
          {"period_from", g.period_from},
          {"period_to", g.period_to},
          {"max_queries", g.max_queries},
          {"per", g.per == Per::kDay ? "day" : "month"},
          {"retention_days", g.retention_days},
          {"application_id", g.application_id ? nlohmann::json(*g.application_id) : nullptr},
          {"granted_at", format_instant(a.granted_at)}};
}

std::string artefact(const Authorization& a) {
  return artefact_json(a).dump();  // nlohmann objects keep keys sorted: canonical
}

std::string_view to_string(Deny d) {
  switch (d) {
    case Deny::kNone:
      return "allowed";
    case Deny::kNoAuthorization:
      return "authorization_missing";
    case Deny::kNotYetValid:
      return "authorization_not_yet_valid";
    case Deny::kExpired:
      return "authorization_expired";
    case Deny::kRevoked:
      return "authorization_revoked";
    case Deny::kPaused:
      return "authorization_paused";
    case Deny::kWrongInstitution:
      return "wrong_institution";
    case Deny::kWrongEnterprise:
      return "wrong_enterprise";
    case Deny::kWrongPurpose:
      return "wrong_purpose";
    case Deny::kWrongApplication:
      return "wrong_application";
    case Deny::kCategoryNotCovered:
      return "category_not_covered";
    case Deny::kPeriodOutOfRange:
      return "period_out_of_range";
    case Deny::kLimitReached:
      return "limit_reached";
  }
  return "?";
}

std::string_view explain(Deny d) {
  switch (d) {
    case Deny::kNone:
      return "allowed";
    case Deny::kNoAuthorization:
      return "the enterprise has not authorized this institution for this purpose";
    case Deny::kNotYetValid:
      return "the authorization is not valid yet";
    case Deny::kExpired:
      return "the authorization has expired";
    case Deny::kRevoked:
      return "the enterprise has revoked the authorization";
    case Deny::kPaused:
      return "the enterprise has paused the authorization";
    case Deny::kWrongInstitution:
      return "the authorization was given to another institution";
    case Deny::kWrongEnterprise:
      return "the authorization was given by another enterprise";
    case Deny::kWrongPurpose:
      return "the authorization was given for another purpose";
    case Deny::kWrongApplication:
      return "the authorization is bound to another application";
    case Deny::kCategoryNotCovered:
      return "a requested category is not covered by the authorization";
    case Deny::kPeriodOutOfRange:
      return "the requested months lie outside the authorized period range";
    case Deny::kLimitReached:
      return "the authorization's query limit for this period is used up";
  }
  return "?";
}

Deny check(const Authorization& a, const AccessAsk& ask) {
  const Grant& g = a.grant;
  if (g.institution_id != ask.institution_id) return Deny::kWrongInstitution;
  if (g.uscc != ask.uscc) return Deny::kWrongEnterprise;
  switch (a.state_at(ask.now)) {
    case State::kRevoked:
      return Deny::kRevoked;
    case State::kExpired:
      return Deny::kExpired;
    case State::kPaused:
      return Deny::kPaused;
    case State::kActive:
      break;
  }
  if (ask.now < g.valid_from) return Deny::kNotYetValid;
  if (g.purpose != ask.purpose) return Deny::kWrongPurpose;
  if (g.application_id && ask.application_id && *g.application_id != *ask.application_id)
    return Deny::kWrongApplication;
  for (const std::string& c : ask.categories)
    if (!a.covers_category(c)) return Deny::kCategoryNotCovered;
  if ((ask.period_from && *ask.period_from < g.period_from) ||
      (ask.period_to && *ask.period_to > g.period_to))
    return Deny::kPeriodOutOfRange;
  return Deny::kNone;
}

std::string usage_window(Per per, Instant now) {
  const std::string day = shanghai_date(now).to_string();
  return per == Per::kDay ? day : day.substr(0, 7);
}

}  // namespace rx::consent
