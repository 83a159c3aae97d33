// Authorizations (授权): an enterprise's explicit, revocable consent that one institution may
// receive some of its credit data for one financing purpose, for a while, a limited number of
// times. Modelled on the consent artefact of India's account-aggregator framework: the
// artefact is canonical JSON signed by the platform (Ed25519), so its holder can prove it.
// Pure logic; persistence is in authorization_repository.h.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/status.h"
#include "core/time.h"

namespace rx::consent {

// Every purpose is a financing purpose: data leaves the platform for nothing else.
enum class Purpose { kLoanApplication, kCreditReview, kPostLoan, kGuarantee, kInsurance };

std::string_view to_string(Purpose p);
std::optional<Purpose> parse_purpose(std::string_view text);
std::string_view purpose_label(Purpose p);     // 贷款申请 ...
std::string_view purpose_label_en(Purpose p);  // Loan application ...
std::vector<Purpose> all_purposes();

enum class State { kActive, kPaused, kRevoked, kExpired };
std::string_view to_string(State s);

enum class Per { kDay, kMonth };  // the fair-use window, in Asia/Shanghai time

// Not a catalogue category: the composite evaluation, scorecard and indicators.
inline constexpr std::string_view kEvaluationScope = "evaluation";

struct Scope {
  std::string category;             // a catalogue category id, or kEvaluationScope
  std::vector<std::string> fields;  // empty: every field of the category
};

// What the enterprise grants.
struct Grant {
  std::string uscc;
  std::string institution_id;
  std::vector<Scope> scopes;
  Purpose purpose = Purpose::kLoanApplication;
  Instant valid_from, valid_until;     // [from, until)
  std::string period_from, period_to;  // YYYY-MM, inclusive: the months of data covered
  int max_queries = 10;                // per `per`
  Per per = Per::kDay;
  int retention_days = 365;  // how long the institution may keep what it received
  std::optional<std::string> application_id;
};

inline constexpr int kMaxValidityDays = 3 * 366, kMaxQueriesPerWindow = 10'000;

// Every problem as a field error: unknown categories or fields, until <= from, a validity
// ending in the past or longer than kMaxValidityDays, bad or reversed periods, limits.
Status validate_grant(const Grant& grant, const catalog::Catalog& catalog, Instant now);

struct Authorization {
  std::string id;  // UUIDv7
  Grant grant;
  State state = State::kActive;  // as stored: active, paused or revoked
  Instant granted_at;
  std::string granted_by;  // the API key id that granted it
  std::optional<Instant> revoked_at;
  std::string signature;  // base64url Ed25519 over artefact()

  // kExpired once valid_until has passed, unless revoked first.
  State state_at(Instant now) const;
  // Whether the scope gives `field` of `category` in clear.
  bool covers(std::string_view category, std::string_view field) const;
  bool covers_category(std::string_view category) const;
};

// The signed statement: every term of the grant with the id and grant time, as canonical
// JSON (keys sorted, no spaces). State changes are not part of it: a revocation does not
// invalidate the signature, it ends the authorization.
std::string artefact(const Authorization& a);
nlohmann::json artefact_json(const Authorization& a);

// Why an access is refused; kNone when allowed. The codes are part of the API.
enum class Deny {
  kNone,
  kNoAuthorization,
  kNotYetValid,
  kExpired,
  kRevoked,
  kPaused,
  kWrongInstitution,
  kWrongEnterprise,
  kWrongPurpose,
  kWrongApplication,
  kCategoryNotCovered,
  kPeriodOutOfRange,
  kLimitReached,
};
std::string_view to_string(Deny d);  // "authorization_revoked" ...
std::string_view explain(Deny d);    // one English sentence for the error message

struct AccessAsk {
  std::string uscc;
  std::string institution_id;
  Purpose purpose = Purpose::kLoanApplication;
  std::vector<std::string> categories;  // empty: whatever the authorization covers
  std::optional<std::string> period_from, period_to;
  std::optional<std::string> application_id;
  Instant now;
};

// Checks everything but the fair-use limit (counted atomically by the repository).
Deny check(const Authorization& a, const AccessAsk& ask);

// The fair-use window `now` falls in: "2026-11-30" (per day) or "2026-11" (per month).
std::string usage_window(Per per, Instant now);

// YYYY-MM with a month 01-12.
bool is_period(std::string_view text);

}  // namespace rx::consent
