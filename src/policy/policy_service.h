// Support policies as a service: the stored policy documents (edited as TOML, each save a
// revision), every enterprise's navigation map, 免申即享 confirmations, opt-outs, and the
// "policy finds people" batch: a full run screens every enterprise against every version in
// force; an incremental run screens only the enterprises whose data changed since the last
// run. Newly eligible enterprises are notified once per policy version (inbox, and the inbox
// webhook), unless they opted out of the policy's kind.
//
// Thread safety: every member may be called from any thread. Runs are serialized; maps and
// statistics read immutable snapshots and never wait for a run.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "market/profile_loader.h"
#include "policy/enterprise_index.h"
#include "policy/navigation.h"
#include "policy/policy.h"
#include "policy/policy_file.h"
#include "policy/policy_repository.h"
#include "policy/screening.h"
#include "store/database.h"

namespace rx::policy {

struct StoredPolicy {
  Policy policy;
  std::string source{};
  int64_t revision = 0;
  Instant updated_at{};
  std::string updated_by{};
};

// What an enterprise sees for one policy.
struct MapEntry {
  Assessment assessment;  // points into the snapshot kept alive by EnterpriseMap
  std::optional<Instant> notified_at;
  std::optional<Instant> granted_at;
};

struct EnterpriseMap {
  std::string uscc;
  Date as_of;
  std::vector<MapEntry> entries;  // in navigation_map() order
  std::shared_ptr<const std::vector<StoredPolicy>> snapshot;
};

enum class RunMode { kFull, kIncremental };

struct PolicyCounts {
  std::string policy_id;
  std::string title, title_en, kind;
  Level level = Level::kMunicipal;
  std::optional<int> version;  // in force at the last run
  int64_t eligible = 0;        // at the last run
  TakeUp take_up;
};

struct GroupCounts {
  std::string key;  // district code or industry section letter
  int64_t eligible = 0;
  TakeUp take_up;
};

class PolicyService {
 public:
  // Everything referenced must outlive this object.
  PolicyService(store::Database& db, const market::EnterpriseAttributes& attributes,
                const Clock& clock, Random& random);
  ~PolicyService();

  // Reads the stored documents. A stored document that no longer parses (the attribute set
  // changed) is left out and reported in load_problems().
  Status load();
  std::vector<std::string> load_problems() const;

  std::shared_ptr<const std::vector<StoredPolicy>> policies() const;
  Result<StoredPolicy> get(const std::string& id) const;

  // Parses and checks `source` as the next revision of `id` without storing it.
  Result<Policy> check(const std::string& id, const std::string& source) const;
  // Stores it: on any problem nothing is stored and the current revision stays in force.
  // Returns the stored policy and whether it is new.
  Result<std::pair<StoredPolicy, bool>> save(const std::string& id, const std::string& source,
                                             const std::string& by);
  Result<std::vector<Revision>> revisions(const std::string& id);

  Result<EnterpriseMap> map(const std::string& uscc);
  // 免申即享: records the grant of the version in force. failed_precondition when the policy
  // needs an application or the enterprise is not eligible today (details: failing
  // conditions); kAlreadyExists when granted before.
  Result<Grant> confirm(const std::string& uscc, const std::string& policy_id,
                        const std::string& by);

  Result<std::set<std::string>> opt_outs(const std::string& uscc);
  // invalid_argument naming an unknown kind.
  Status set_opt_outs(const std::string& uscc, const std::vector<std::string>& kinds);

  // An incremental run becomes a full one when there is no state yet, the policies changed or
  // the day changed since the last full run.
  Result<RunSummary> run(RunMode mode);
  Result<std::vector<RunSummary>> runs(int limit);

  Result<std::vector<PolicyCounts>> stats();
  // invalid_argument for an unknown policy.
  Result<std::vector<GroupCounts>> stats_by(const std::string& policy_id, bool by_district);

 private:
  struct State;  // the screening of the last full run, updated by incremental runs
  struct Counts;

  Result<Policy> parse_next(const std::string& id, const std::string& source,
                            const StoredPolicy* current) const;
  // Both leave eligible and finished_at to run().
  Result<RunSummary> run_full(Instant started,
                              std::shared_ptr<const std::vector<StoredPolicy>> snapshot,
                              int64_t generation);
  Result<RunSummary> run_incremental(Instant started);
  // Screens profiles, notifies the hits and updates the run's counts.
  Status screen(State& state, const std::vector<market::Profile>& profiles, bool contiguous,
                RunSummary& run);
  Status notify(State& state, const std::vector<Hit>& hits, RunSummary& run);
  void publish_counts(const State& state);

  store::Database& db_;
  const market::EnterpriseAttributes& attributes_;
  const Clock& clock_;
  Random& random_;

  mutable std::mutex mutex_;  // guards the members below it, held briefly
  std::shared_ptr<const std::vector<StoredPolicy>> policies_;
  std::vector<std::string> load_problems_;
  int64_t generation_ = 0;  // bumped by every save
  std::shared_ptr<const Counts> counts_;

  std::mutex run_mutex_;  // serializes runs; guards state_
  std::unique_ptr<State> state_;
};

}  // namespace rx::policy
