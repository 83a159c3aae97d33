// Persistence of support policies (migration 10): documents and their revisions, the eligible
// pairs found by the batch (notified or suppressed), 免申即享 grants, opt-outs, runs, and the
// queries behind incremental runs and take-up statistics. Every function runs inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "store/database.h"

namespace rx::policy {

struct StoredDocument {
  std::string id;
  int64_t revision = 0;
  std::string source;
  Instant updated_at;
  std::string updated_by;
};

Result<std::vector<StoredDocument>> list_documents(store::Session& s);
Result<std::optional<StoredDocument>> find_document(store::Session& s, const std::string& id);
// Stores `source` as the next revision of `id` (1 for a new policy), keeping the history.
Result<int64_t> save_document(store::Session& s, const std::string& id, const std::string& source,
                              Instant now, const std::string& by);

struct Revision {
  int64_t revision = 0;
  Instant created_at;
  std::string created_by;
};
Result<std::vector<Revision>> list_revisions(store::Session& s, const std::string& id);

// An enterprise found eligible for a policy version.
struct Pair {
  std::string uscc, policy_id;
  int version = 0;
};
// The recorded pairs of these enterprises.
Result<std::vector<Pair>> recorded_pairs(store::Session& s, std::span<const std::string> usccs);
// Records a pair with its notification (none when suppressed by an opt-out); false when it was
// already recorded, by an earlier run or another server.
Result<bool> record_pair(store::Session& s, const Pair& pair, const std::string& kind, Instant now);
Status set_message(store::Session& s, const Pair& pair, const std::string& message_id);
// policy id -> when the enterprise was last notified of it.
Result<std::map<std::string, Instant>> notifications_of(store::Session& s, const std::string& uscc);

struct Grant {
  std::string uscc{}, policy_id{};
  int version = 0;
  std::optional<double> estimate_wan{};
  Instant granted_at{};
  std::string granted_by{};
};
// kAlreadyExists when the version was granted to the enterprise before.
Status insert_grant(store::Session& s, const Grant& g);
Result<std::vector<Grant>> grants_of(store::Session& s, const std::string& uscc);

Result<std::set<std::string>> opted_out_kinds(store::Session& s, const std::string& uscc);
// uscc -> kinds, for the enterprises among `usccs` that opted out of any.
Result<std::map<std::string, std::set<std::string>>> opt_outs_of(
    store::Session& s, std::span<const std::string> usccs);
Status replace_opt_outs(store::Session& s, const std::string& uscc,
                        const std::vector<std::string>& kinds, Instant now);

struct RunSummary {
  std::string id{};
  std::string mode{};  // full, incremental
  Instant started_at{}, finished_at{};
  int64_t enterprises = 0;     // evaluated
  int64_t policies = 0;        // versions in force
  int64_t eligible = 0;        // pairs eligible after the run
  int64_t newly_eligible = 0;  // pairs found for the first time
  int64_t notified = 0;
  int64_t suppressed = 0;  // opted out
};
Status insert_run(store::Session& s, const RunSummary& r);
Result<std::vector<RunSummary>> list_runs(store::Session& s, int limit);

// Enterprises whose policy attributes may have changed since `since`: registry updates,
// evaluation runs finished, applications, repayments, loan assessments and IP pledges.
Result<std::vector<std::string>> changed_since(store::Session& s, Instant since);

// Per policy id, over all its versions.
struct TakeUp {
  int64_t notified = 0;  // notifications sent
  int64_t applied = 0;   // found eligible, then applied for a product tagged with the kind
  int64_t granted = 0;   // 免申即享 confirmations
};
Result<std::map<std::string, TakeUp>> take_up(store::Session& s);
// The same for one policy, by registry district code or industry section letter.
Result<std::map<std::string, TakeUp>> take_up_by(store::Session& s, const std::string& policy_id,
                                                 bool by_district);

}  // namespace rx::policy
