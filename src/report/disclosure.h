// The single export (唯一出口): everything an institution receives about an enterprise passes
// here. Each access is admitted against the enterprise's authorization (or takes the
// desensitized view), counted against fair use, and recorded with a hash of what it returned,
// all in one transaction: nothing leaves unchecked or unrecorded.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "consent/authorization.h"
#include "core/clock.h"
#include "store/database.h"

namespace rx::report {

// (category, record key) pairs.
using RecordRefs = std::set<std::pair<std::string, std::string>>;

struct RecordFlags {
  RecordRefs hidden;    // removed after an objection, repaired or revoked: never shown
  RecordRefs disputed;  // under objection: shown, marked
};

// What the objection and repair rules contribute; any member may be empty (no effect).
struct DisclosureRules {
  std::function<Result<RecordFlags>(store::Session&, std::string_view uscc)> flags;
  std::function<std::string(const catalog::Category&, const nlohmann::json& payload)> record_key;
  // Whether a record is still displayed today (display periods of penalties by severity).
  std::function<bool(const catalog::Category&, const nlohmann::json& payload, Date today,
                     bool repaired)>
      displayed;
};

// Who asks: an institution's key, within one HTTP request.
struct Requester {
  std::string institution_id, key_id, request_id;
};

inline constexpr size_t kMaxBatch = 1000;

struct QueryRequest {
  std::vector<std::string> usccs;       // 1..kMaxBatch
  std::vector<std::string> categories;  // empty: every category (or the authorization's)
  std::optional<std::string> period_from, period_to;
  consent::Purpose purpose = consent::Purpose::kLoanApplication;
  bool authorized = true;  // false: the desensitized view, open to any institution
  std::optional<std::string> authorization_id;
  std::optional<std::string> application_id;
};

struct QueryItem {
  std::string uscc;
  Status status;  // ok; invalid_argument (malformed USCC); not_found; permission_denied
  consent::Deny deny = consent::Deny::kNone;
  nlohmann::json data;  // when ok
  std::string body;     // data serialized once: what is sent and what the access record hashes
};

// The outcome of admitting one access: the authorization used (authorized view), or why not.
struct Admission {
  consent::Deny deny = consent::Deny::kNone;
  std::optional<consent::Authorization> authorization;
};

class Disclosure {
 public:
  Disclosure(store::Database& db, const catalog::Catalog& catalog, const Clock& clock,
             Random& random, DisclosureRules rules)
      : db_(db), catalog_(catalog), clock_(clock), random_(random), rules_(std::move(rules)) {}

  // Checks the request as a whole (kInvalidArgument: unknown categories, bad or reversed
  // months, too many or no USCCs), then answers each USCC on its own.
  Result<std::vector<QueryItem>> query(const QueryRequest& request, const Requester& who);

  // Two steps, so that the answer is built in a read snapshot and the write transaction stays
  // short: choose() finds the authorization to answer under (the named one, or the newest that
  // allows the ask and has fair use left) without counting; confirm(), in the write transaction
  // that records the access, checks that same authorization again (it may have been revoked
  // meanwhile) and takes one fair-use count. Nothing is sent unless confirm() allowed it.
  Result<Admission> choose(store::Session& s, const consent::AccessAsk& ask,
                           const std::optional<std::string>& authorization_id);
  Result<consent::Deny> confirm(store::Session& s, const consent::AccessAsk& ask,
                                const consent::Authorization& chosen);

  // Lets a caller add to a presented record what it derives from the stored one (the report
  // marks adverse records); it must not copy stored values the presentation withheld.
  using Annotate = std::function<void(const catalog::Category&, const nlohmann::json& stored,
                                      nlohmann::json& presented)>;
  // Which visible records to present; the others only count in the category's "count" and
  // "latest" (a report summarizes most records and shows a few).
  using Keep = std::function<bool(const catalog::Category&, const nlohmann::json& stored)>;

  // The records of the asked categories as they may leave under `authorization` (nullopt:
  // desensitized), without hidden records and with disputed ones marked.
  Result<nlohmann::json> records(store::Session& s, const std::string& uscc,
                                 const std::vector<std::string>& categories,
                                 const std::optional<std::string>& period_from,
                                 const std::optional<std::string>& period_to,
                                 const consent::Authorization* authorization, int limit,
                                 const Annotate& annotate = {}, const Keep& keep = {});

  // Writes the access record of one admitted or refused access.
  Status record(store::Session& s, const Requester& who, const consent::AccessAsk& ask,
                std::string_view action, bool authorized_view, const Admission& admission,
                const std::vector<std::string>& categories, std::string_view result_sha256);

  const catalog::Catalog& catalog() const { return catalog_; }
  const DisclosureRules& rules() const { return rules_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  store::Database& db() { return db_; }

 private:
  struct Prepared;
  Result<Prepared> prepare(store::Session& s, const QueryRequest& request, const std::string& uscc,
                           const Requester& who);

  store::Database& db_;
  const catalog::Catalog& catalog_;
  const Clock& clock_;
  Random& random_;
  DisclosureRules rules_;
};

}  // namespace rx::report
