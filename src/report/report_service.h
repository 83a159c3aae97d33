// Credit reports (信用报告): one document per enterprise and request, numbered, stored as
// issued so that the same number always returns the same content, and checkable by anyone
// with its number and verification code. An institution's report is admitted like a query
// (authorization, fair use, access record); the enterprise's own report shows everything.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "credit/composite.h"
#include "credit/indicator_library.h"
#include "registry/enterprise.h"
#include "report/disclosure.h"

namespace rx::report {

struct ReportRequest {
  std::string uscc;
  consent::Purpose purpose = consent::Purpose::kLoanApplication;
  bool authorized = true;
  std::optional<std::string> authorization_id;
  std::optional<std::string> application_id;
};

// An issued report and its JSON text, serialized once: stored, hashed and sent as it is.
struct IssuedReport {
  nlohmann::json content;
  std::string text;
};

struct StoredReport {
  std::string number, uscc, institution_id;  // institution_id empty for a self-report
  nlohmann::json content;
};

// How long an issued report stays valid for its purpose.
inline constexpr int kReportValidityDays = 30;

class ReportService {
 public:
  ReportService(Disclosure& disclosure, const credit::IndicatorLibrary& library,
                const credit::CompositeModel& model)
      : disclosure_(disclosure), library_(library), model_(model) {}

  // kNotFound for an unknown enterprise; kPermissionDenied with detail {"authorization":
  // <reason code>} when refused (the refusal is recorded too).
  Result<IssuedReport> issue(const ReportRequest& request, const Requester& who);
  // The enterprise's own full report.
  Result<IssuedReport> issue_self(const std::string& uscc);
  // kNotFound when unknown.
  Result<StoredReport> get(const std::string& number);
  // Newest first, at most `limit`: number, uscc, enterprise, purpose, view, issued_at.
  Result<nlohmann::json> list(const std::optional<std::string>& institution_id,
                              const std::optional<std::string>& uscc, int limit);
  // {"valid": bool, ...}: for a matching number and code, the report's number, enterprise,
  // institution, issue time, validity and content hash; otherwise only valid=false.
  Result<nlohmann::json> verify(const std::string& number, const std::string& code);

 private:
  Result<nlohmann::json> build(store::Session& s, const registry::Enterprise& e,
                               const consent::Authorization* auth, bool self,
                               const std::vector<std::string>& categories);
  Status store(store::Session& s, const IssuedReport& report, const std::string& uscc,
               const std::string& institution_id, const std::string& purpose,
               const std::optional<std::string>& authorization_id);
  nlohmann::json header(const std::string& institution_id, const std::string& institution_name,
                        consent::Purpose purpose, const std::string& view,
                        const std::optional<std::string>& authorization_id);

  Disclosure& disclosure_;
  const credit::IndicatorLibrary& library_;
  const credit::CompositeModel& model_;
};

}  // namespace rx::report
