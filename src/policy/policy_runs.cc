// PolicyService's runs: full and incremental screening, notifying the newly eligible, and the
// counts the statistics read.
#include <chrono>
#include <unordered_map>

#include "core/id.h"
#include "inbox/inbox_repository.h"
#include "policy/internal/run_state.h"
#include "policy/policy_service.h"
#include "registry/reference.h"

namespace rx::policy {
namespace {

constexpr int kPage = 2000;
// Changes committed just before the previous run started may not have been visible to it.
constexpr auto kOverlap = std::chrono::seconds(5);

}  // namespace

Result<RunSummary> PolicyService::run(RunMode mode) {
  std::lock_guard lock(run_mutex_);
  const Instant started = clock_.now();
  // The policies and their generation together: a save between two reads would pair them wrong.
  std::shared_ptr<const std::vector<StoredPolicy>> snapshot;
  int64_t generation = 0;
  {
    std::lock_guard l(mutex_);
    snapshot = policies_;
    generation = generation_;
  }
  const bool stale =
      !state_ || state_->generation != generation || state_->day != shanghai_date(started);
  auto result = mode == RunMode::kFull || stale ? run_full(started, std::move(snapshot), generation)
                                                : run_incremental(started);
  if (!result.is_ok()) return result;
  for (uint32_t t = 0; t < state_->screening.size(); ++t)
    result->eligible += static_cast<int64_t>(state_->screening.eligible_count(t));
  result->finished_at = clock_.now();
  // An incremental pass that found nothing changed changes no count and is not worth a row in
  // the run list.
  if (result->mode == "full" || result->enterprises > 0) {
    RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) { return insert_run(s, *result); }));
    publish_counts(*state_);
  }
  return result;
}

Result<RunSummary> PolicyService::run_full(
    Instant started, std::shared_ptr<const std::vector<StoredPolicy>> snapshot,
    int64_t generation) {
  const Date today = shanghai_date(started);
  std::vector<Target> targets;
  for (const StoredPolicy& sp : *snapshot)
    if (const PolicyVersion* v = in_force(sp.policy, today))
      targets.push_back({sp.policy.id, v->version, sp.policy.kind, v->rule});
  auto state = std::make_unique<State>(snapshot, std::move(targets), generation, today);
  RunSummary run{.id = new_uuid_v7(clock_, random_),
                 .mode = "full",
                 .started_at = started,
                 .finished_at = started,
                 .policies = static_cast<int64_t>(state->screening.size())};
  for (std::string after;;) {
    std::vector<market::Profile> page;
    RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
      RX_ASSIGN_OR_RETURN(page, market::load_profile_page(s, attributes_, after, kPage, started));
      return Status::ok();
    }));
    if (page.empty()) break;
    after = page.back().uscc;
    RX_RETURN_IF_ERROR(screen(*state, page, true, run));
  }
  state->last_started = started;
  state_ = std::move(state);
  return run;
}

Result<RunSummary> PolicyService::run_incremental(Instant started) {
  RunSummary run{.id = new_uuid_v7(clock_, random_),
                 .mode = "incremental",
                 .started_at = started,
                 .finished_at = started,
                 .policies = static_cast<int64_t>(state_->screening.size())};
  std::vector<market::Profile> profiles;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto changed, changed_since(s, state_->last_started - kOverlap));
    RX_ASSIGN_OR_RETURN(profiles, market::load_profiles(s, attributes_, changed, started));
    return Status::ok();
  }));
  RX_RETURN_IF_ERROR(screen(*state_, profiles, false, run));
  state_->last_started = started;
  return run;
}

Status PolicyService::screen(State& state, const std::vector<market::Profile>& profiles,
                             bool contiguous, RunSummary& run) {
  if (profiles.empty()) return Status::ok();
  const uint32_t first = state.index.size();
  std::vector<uint32_t> ordinals;
  std::vector<std::string> usccs;
  for (const market::Profile& p : profiles) {
    ordinals.push_back(state.index.add(p.uscc, p.district, p.industry));
    usccs.push_back(p.uscc);
  }
  state.screening.reserve(state.index.size());
  // Pairs recorded before (by earlier runs of any server) are not reported again.
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto pairs, recorded_pairs(s, usccs));
    for (const Pair& p : pairs) {
      auto t = state.target_of.find(pair_key(p.policy_id, p.version));
      auto o = state.index.find(p.uscc);
      if (t != state.target_of.end() && o) state.screening.handle(*o, t->second);
    }
    return Status::ok();
  }));
  std::vector<Hit> hits;
  const size_t width = attributes_.width();
  // A revoked or cancelled enterprise fits nothing: an empty row is never eligible.
  const std::vector<double> closed = attributes_.empty_row();
  auto row_of = [&](const market::Profile& p) -> const std::vector<double>& {
    return p.operating ? p.row : closed;
  };
  if (contiguous && ordinals.back() == first + ordinals.size() - 1) {
    std::vector<double> rows;
    rows.reserve(profiles.size() * width);
    for (const market::Profile& p : profiles)
      rows.insert(rows.end(), row_of(p).begin(), row_of(p).end());
    state.screening.assess_rows(first, rows, width, hits);
  } else {
    for (size_t i = 0; i < profiles.size(); ++i)
      state.screening.assess(ordinals[i], row_of(profiles[i]), hits);
  }
  run.enterprises += static_cast<int64_t>(profiles.size());
  if (hits.empty()) return Status::ok();
  std::unordered_map<uint32_t, const std::string*> uscc_of;
  for (size_t i = 0; i < ordinals.size(); ++i) uscc_of[ordinals[i]] = &usccs[i];
  std::vector<std::pair<Pair, const Hit*>> pairs;
  for (const Hit& h : hits) {
    const Target& t = state.screening.target(h.target);
    pairs.push_back({Pair{*uscc_of.at(h.ordinal), t.policy_id, t.version}, &h});
  }
  std::unordered_map<std::string, const Policy*> policy_of;
  for (const StoredPolicy& sp : *state.snapshot) policy_of[sp.policy.id] = &sp.policy;

  int64_t newly = 0, notified = 0, suppressed = 0;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    newly = notified = suppressed = 0;
    std::vector<std::string> hit_usccs;
    for (const auto& [pair, hit] : pairs) hit_usccs.push_back(pair.uscc);
    RX_ASSIGN_OR_RETURN(auto opted_out, opt_outs_of(s, hit_usccs));
    const Instant now = clock_.now();
    for (const auto& [pair, hit] : pairs) {
      const Policy& p = *policy_of.at(pair.policy_id);
      RX_ASSIGN_OR_RETURN(bool recorded, record_pair(s, pair, p.kind, now));
      if (!recorded) continue;  // another server found it first
      ++newly;
      if (auto o = opted_out.find(pair.uscc); o != opted_out.end() && o->second.count(p.kind)) {
        ++suppressed;
        continue;
      }
      const PolicyVersion* v = in_force(p, state.day);
      const std::string how =
          p.apply.mode == ApplyMode::kNoApplication
              ? "免申即享：在「政策导航」中确认即可享受，无需提交申请。"
              : "快申快享：可通过融资服务快速申请，或在一网通办办理（事项编码 " +
                    p.apply.item_code + "）。";
      const inbox::Recipient recipient{inbox::RecipientKind::kEnterprise, pair.uscc};
      const inbox::NewMessage message{
          recipient, "policy_eligible", "政策找人：您可能符合「" + p.title + "」",
          (v ? v->benefit.text + "。" : "") + how, "/policies?focus=" + p.id};
      RX_ASSIGN_OR_RETURN(inbox::Message m, inbox::notify(s, clock_, random_, message));
      RX_RETURN_IF_ERROR(set_message(s, pair, m.id));
      ++notified;
    }
    return Status::ok();
  }));
  for (const Hit& h : hits) state.screening.handle(h.ordinal, h.target);
  run.newly_eligible += newly;
  run.notified += notified;
  run.suppressed += suppressed;
  return Status::ok();
}

void PolicyService::publish_counts(const State& state) {
  auto counts = std::make_shared<Counts>();
  const auto districts = registry::districts();
  for (uint32_t t = 0; t < state.screening.size(); ++t) {
    const Target& target = state.screening.target(t);
    Counts::Entry& e = counts->by_policy[target.policy_id];
    e.version = target.version;
    state.screening.for_each_eligible(t, [&](uint32_t ordinal) {
      ++e.eligible;
      const uint8_t d = state.index.district(ordinal);
      ++e.by_district[d < districts.size() ? std::string(districts[d].code) : "other"];
      ++e.by_section[std::string(1, state.index.section(ordinal))];
    });
  }
  std::lock_guard lock(mutex_);
  counts_ = std::move(counts);
}

Result<std::vector<RunSummary>> PolicyService::runs(int limit) {
  std::vector<RunSummary> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, list_runs(s, limit));
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::policy
