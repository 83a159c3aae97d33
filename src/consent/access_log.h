// The record of every attempt to obtain an enterprise's data (查询记录): who, when, what,
// for which purpose, under which authorization, allowed or denied and why, and a hash of what
// was returned. Written in the same transaction that admits the access, so nothing leaves
// unrecorded; kept at least five years (never purged by the platform).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "store/database.h"

namespace rx::consent {

struct Access {
  std::string id;  // UUIDv7
  Instant at;
  std::string institution_id, key_id, uscc;
  std::string action;   // query, report, report_view, push
  std::string purpose;  // a Purpose code
  std::string view;     // authorized or desensitized
  std::optional<std::string> authorization_id;
  std::optional<std::string> application_id;  // the authorization's, when it names one
  std::vector<std::string> categories;
  std::string outcome;  // allowed or denied
  std::string reason;   // a Deny code; "allowed" when allowed
  std::string request_id;
  std::string result_sha256;  // of the body returned; empty when denied
  int64_t seq = 0;            // set when read back: the cursor
};

// Records the access and its audit ledger entry (same id) in the caller's transaction.
Status record_access(store::Session& s, const Access& access);

struct AccessPage {
  std::vector<Access> items;
  std::optional<int64_t> next_before;  // pass as `before` for the next page
};

// Newest first; `uscc` or `institution_id` filters (at least one should be set).
Result<AccessPage> list_accesses(store::Database& db, std::optional<std::string> uscc,
                                 std::optional<std::string> institution_id,
                                 std::optional<int64_t> before, int limit);

// Institutions that received `category` of the enterprise (allowed accesses), for pushing
// corrections to everyone who holds the affected data.
Result<std::vector<std::string>> recipients_of(store::Session& s, std::string_view uscc,
                                               std::string_view category);

}  // namespace rx::consent
