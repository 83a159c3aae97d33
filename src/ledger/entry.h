// One audit entry: a single action that granted or used credit information, or changed who
// may. Entries are what the Merkle log hashes, so their encoding is a contract with every
// outside verifier (docs/ledger.md, "Entry encoding"): change it only by adding a version.
// No personal data in clear: enterprises appear by USCC, people only by key id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace rx::ledger {

// What was done. Stable strings: they are hashed into the log.
namespace action {
inline constexpr std::string_view kQuery = "query";
inline constexpr std::string_view kReport = "report";
inline constexpr std::string_view kReportView = "report_view";
inline constexpr std::string_view kPush = "push";  // an event queued for an institution
inline constexpr std::string_view kPushDelivery = "push_delivery";  // a webhook delivered or ended
inline constexpr std::string_view kAuthorizationGrant = "authorization_grant";
inline constexpr std::string_view kAuthorizationChange = "authorization_change";
inline constexpr std::string_view kAuthorizationRevoke = "authorization_revoke";
inline constexpr std::string_view kIngestBatch = "ingest_batch";
inline constexpr std::string_view kKeyCreate = "key_create";
inline constexpr std::string_view kKeyRevoke = "key_revoke";
inline constexpr std::string_view kKeySuspend = "key_suspend";
inline constexpr std::string_view kAdminChange = "admin_change";
inline constexpr std::string_view kOperatorRead =
    "operator_read";                                         // the operator read a firm's data
inline constexpr std::string_view kObjection = "objection";  // a step of an objection (异议)
inline constexpr std::string_view kRecordHidden = "record_hidden";  // repaired or removed record
}  // namespace action

struct Actor {
  std::string role;            // admin, institution, enterprise, provider, node, system
  std::string key_id;          // the API key that acted; empty for the platform itself
  std::string institution_id;  // when the actor is (or acts for) an institution
  std::string uscc;            // when the actor is an enterprise
  bool operator==(const Actor&) const = default;
};

struct Entry {
  std::string id;  // UUIDv7; unique across the log
  Instant at;
  Actor actor;
  std::string action;   // one of `action::`
  std::string outcome;  // allowed, denied, or done (for changes)
  std::string reason;   // a refusal code, or what changed; empty when there is nothing to say
  std::string subject;  // the enterprise's USCC the action concerns; empty when none
  std::vector<std::string> categories;  // catalogue categories or category.field names
  std::string purpose;                  // financing purpose code, when data was used
  std::string authorization_id;
  std::string application_id;
  std::string request_id;
  std::string result_sha256;  // lowercase hex SHA-256 of what was returned; empty if nothing
  std::string ref;            // id of the row the action wrote (access, batch, key...)
  bool operator==(const Entry&) const = default;
};

// The canonical bytes of version 1: RFC 8785 (JCS) JSON with every field present, keys in
// code-point order, integers only. Equal entries encode to equal bytes.
std::string encode(const Entry& entry);

// Parses bytes produced by encode(); anything else (unknown version, missing or extra
// fields, non-canonical text) is kInvalidArgument naming the field.
Result<Entry> decode(std::string_view bytes);

}  // namespace rx::ledger
