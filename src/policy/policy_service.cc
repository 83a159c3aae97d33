#include "policy/policy_service.h"

#include <algorithm>

#include "core/text.h"
#include "inbox/inbox_repository.h"
#include "policy/internal/run_state.h"
#include "registry/enterprise_repository.h"

namespace rx::policy {
namespace {

std::string file_of(const std::string& id) {
  return id + ".toml";
}

std::string condition_reason(const rules::ConditionResult& c) {
  std::string values;
  for (const rules::ShownValue& v : c.values)
    values += (values.empty() ? "" : ", ") + v.name + " = " + v.value.value_or("无数据");
  return std::string(c.truth == rules::Truth::kFalse ? "not met" : "no data") +
         (values.empty() ? "" : " (" + values + ")");
}

}  // namespace

PolicyService::PolicyService(store::Database& db, const market::EnterpriseAttributes& attributes,
                             const Clock& clock, Random& random)
    : db_(db),
      attributes_(attributes),
      clock_(clock),
      random_(random),
      policies_(std::make_shared<const std::vector<StoredPolicy>>()) {}

PolicyService::~PolicyService() = default;

Status PolicyService::load() {
  std::vector<StoredDocument> documents;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(documents, list_documents(s));
    return Status::ok();
  }));
  auto loaded = std::make_shared<std::vector<StoredPolicy>>();
  std::vector<std::string> problems;
  for (StoredDocument& d : documents) {
    auto p = parse_policy(d.source, file_of(d.id), attributes_.schema());
    if (!p.is_ok()) {
      problems.push_back(d.id + ": " + p.status().message());
      continue;
    }
    loaded->push_back({std::move(p).value(), std::move(d.source), d.revision, d.updated_at,
                       std::move(d.updated_by)});
  }
  std::lock_guard lock(mutex_);
  policies_ = std::move(loaded);
  load_problems_ = std::move(problems);
  ++generation_;
  return Status::ok();
}

std::vector<std::string> PolicyService::load_problems() const {
  std::lock_guard lock(mutex_);
  return load_problems_;
}

std::shared_ptr<const std::vector<StoredPolicy>> PolicyService::policies() const {
  std::lock_guard lock(mutex_);
  return policies_;
}

Result<StoredPolicy> PolicyService::get(const std::string& id) const {
  auto all = policies();
  for (const StoredPolicy& p : *all)
    if (p.policy.id == id) return p;
  return not_found("no policy " + id);
}

Result<Policy> PolicyService::parse_next(const std::string& id, const std::string& source,
                                         const StoredPolicy* current) const {
  if (!valid_policy_id(id))
    return invalid_argument("invalid policy id '" + id + "'",
                            {{"id",
                              "must be 3 to 64 of a-z, 0-9 and '-', and not check, run, "
                              "runs or stats"}});
  RX_ASSIGN_OR_RETURN(Policy next, parse_policy(source, file_of(id), attributes_.schema()));
  if (current)
    RX_RETURN_IF_ERROR(
        check_revision(current->policy, next, file_of(id), shanghai_date(clock_.now())));
  return next;
}

Result<Policy> PolicyService::check(const std::string& id, const std::string& source) const {
  auto current = get(id);
  return parse_next(id, source, current.is_ok() ? &current.value() : nullptr);
}

Result<std::pair<StoredPolicy, bool>> PolicyService::save(const std::string& id,
                                                          const std::string& source,
                                                          const std::string& by) {
  std::optional<StoredPolicy> saved;
  bool created = false;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    // The stored revision, not this server's snapshot: another server may have saved since.
    RX_ASSIGN_OR_RETURN(auto current, find_document(s, id));
    std::optional<StoredPolicy> before;
    if (current) {
      auto parsed = parse_policy(current->source, file_of(id), attributes_.schema());
      if (parsed.is_ok()) before = StoredPolicy{std::move(parsed).value(), current->source};
    }
    RX_ASSIGN_OR_RETURN(Policy next, parse_next(id, source, before ? &*before : nullptr));
    const Instant now = clock_.now();
    RX_ASSIGN_OR_RETURN(int64_t revision, save_document(s, id, source, now, by));
    saved = StoredPolicy{std::move(next), source, revision, now, by};
    created = !current;
    return Status::ok();
  }));
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<std::vector<StoredPolicy>>(*policies_);
  auto it = std::find_if(next->begin(), next->end(),
                         [&](const StoredPolicy& p) { return p.policy.id == id; });
  if (it != next->end())
    *it = *saved;
  else
    next->insert(std::upper_bound(
                     next->begin(), next->end(), id,
                     [](const std::string& k, const StoredPolicy& p) { return k < p.policy.id; }),
                 *saved);
  policies_ = std::move(next);
  ++generation_;
  return std::pair{std::move(*saved), created};
}

Result<std::vector<Revision>> PolicyService::revisions(const std::string& id) {
  RX_RETURN_IF_ERROR(get(id).status());
  std::vector<Revision> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, list_revisions(s, id));
    return Status::ok();
  }));
  return out;
}

Result<EnterpriseMap> PolicyService::map(const std::string& uscc) {
  EnterpriseMap out;
  out.uscc = uscc;
  out.snapshot = policies();
  const Instant now = clock_.now();
  out.as_of = shanghai_date(now);
  std::vector<double> row;
  std::map<std::string, Instant> notified;
  std::vector<Grant> grants;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(row, market::load_profile(s, attributes_, uscc, now));
    RX_ASSIGN_OR_RETURN(notified, notifications_of(s, uscc));
    RX_ASSIGN_OR_RETURN(grants, grants_of(s, uscc));
    return Status::ok();
  }));
  std::vector<Assessment> assessments;
  for (const StoredPolicy& p : *out.snapshot)
    assessments.push_back(assess(p.policy, row, out.as_of));
  order_for_reading(assessments);
  for (Assessment& a : assessments) {
    MapEntry e{.assessment = std::move(a), .notified_at = std::nullopt, .granted_at = std::nullopt};
    const Policy& p = *e.assessment.policy;
    if (auto it = notified.find(p.id); it != notified.end()) e.notified_at = it->second;
    for (const Grant& g : grants)
      if (g.policy_id == p.id && e.assessment.version && g.version == e.assessment.version->version)
        e.granted_at = g.granted_at;
    out.entries.push_back(std::move(e));
  }
  return out;
}

Result<Grant> PolicyService::confirm(const std::string& uscc, const std::string& policy_id,
                                     const std::string& by) {
  RX_ASSIGN_OR_RETURN(StoredPolicy stored, get(policy_id));
  const Policy& p = stored.policy;
  if (p.apply.mode != ApplyMode::kNoApplication)
    return failed_precondition("policy " + policy_id +
                               " needs an application (快申快享); apply through item " +
                               p.apply.item_code);
  Grant grant;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    const Instant now = clock_.now();
    RX_ASSIGN_OR_RETURN(auto profiles, market::load_profiles(s, attributes_, {&uscc, 1}, now));
    if (profiles.empty()) return not_found("enterprise " + uscc + " is not registered");
    if (!profiles[0].operating)
      return failed_precondition("enterprise " + uscc + " is revoked or cancelled");
    const Assessment a = assess(p, profiles[0].row, shanghai_date(now));
    if (!a.version) return failed_precondition("policy " + policy_id + " is not in force");
    if (a.standing != Standing::kEligible) {
      std::vector<FieldError> failing;
      for (const rules::ConditionResult& c : a.explanation.conditions)
        if (c.truth != rules::Truth::kTrue) failing.push_back({c.text, condition_reason(c)});
      return Status(StatusCode::kFailedPrecondition,
                    "enterprise " + uscc + " does not meet policy " + policy_id + " today",
                    std::move(failing));
    }
    grant = Grant{.uscc = uscc,
                  .policy_id = policy_id,
                  .version = a.version->version,
                  .estimate_wan = a.estimate,
                  .granted_at = now,
                  .granted_by = by};
    Status inserted = insert_grant(s, grant);
    if (inserted.code() == StatusCode::kAlreadyExists)
      return already_exists("policy " + policy_id + " version " + std::to_string(grant.version) +
                            " was already confirmed");
    RX_RETURN_IF_ERROR(inserted);
    const inbox::Recipient recipient{inbox::RecipientKind::kEnterprise, uscc};
    const inbox::NewMessage message{
        recipient, "policy_granted", "免申即享已确认：" + p.title,
        "已记录您对「" + p.title + "」的确认。" + a.version->benefit.text,
        "/policies?focus=" + policy_id};
    return inbox::notify(s, clock_, random_, message).status();
  }));
  return grant;
}

Result<std::set<std::string>> PolicyService::opt_outs(const std::string& uscc) {
  std::set<std::string> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(bool registered, registry::is_registered(s, uscc));
    if (!registered) return not_found("enterprise " + uscc + " is not registered");
    RX_ASSIGN_OR_RETURN(out, opted_out_kinds(s, uscc));
    return Status::ok();
  }));
  return out;
}

Status PolicyService::set_opt_outs(const std::string& uscc, const std::vector<std::string>& kinds) {
  std::vector<FieldError> errors;
  for (size_t i = 0; i < kinds.size(); ++i)
    if (std::find(policy::kinds().begin(), policy::kinds().end(), kinds[i]) ==
        policy::kinds().end())
      errors.push_back({"opted_out_kinds[" + std::to_string(i) + "]",
                        "'" + kinds[i] + "' is not one of " + join(policy::kinds(), ", ")});
  if (!errors.empty()) return invalid_argument("unknown policy kind", std::move(errors));
  std::vector<std::string> unique(kinds);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  return db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(bool registered, registry::is_registered(s, uscc));
    if (!registered) return not_found("enterprise " + uscc + " is not registered");
    return replace_opt_outs(s, uscc, unique, clock_.now());
  });
}

Result<std::vector<PolicyCounts>> PolicyService::stats() {
  std::map<std::string, TakeUp> take;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(take, take_up(s));
    return Status::ok();
  }));
  std::shared_ptr<const Counts> counts;
  {
    std::lock_guard lock(mutex_);
    counts = counts_;
  }
  std::vector<PolicyCounts> out;
  for (const StoredPolicy& sp : *policies()) {
    PolicyCounts c{.policy_id = sp.policy.id,
                   .title = sp.policy.title,
                   .title_en = sp.policy.title_en,
                   .kind = sp.policy.kind,
                   .level = sp.policy.level,
                   .version = std::nullopt,
                   .eligible = 0,
                   .take_up = {}};
    if (counts)
      if (auto it = counts->by_policy.find(sp.policy.id); it != counts->by_policy.end()) {
        c.version = it->second.version;
        c.eligible = it->second.eligible;
      }
    if (auto it = take.find(sp.policy.id); it != take.end()) c.take_up = it->second;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<GroupCounts>> PolicyService::stats_by(const std::string& policy_id,
                                                         bool by_district) {
  if (!get(policy_id).is_ok())
    return invalid_argument("no policy " + policy_id,
                            {{"policy", "'" + policy_id + "' is unknown"}});
  std::map<std::string, TakeUp> take;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(take, take_up_by(s, policy_id, by_district));
    return Status::ok();
  }));
  std::map<std::string, GroupCounts> groups;
  {
    std::lock_guard lock(mutex_);
    if (counts_)
      if (auto it = counts_->by_policy.find(policy_id); it != counts_->by_policy.end())
        for (const auto& [key, n] : by_district ? it->second.by_district : it->second.by_section)
          groups[key] = {key, n, {}};
  }
  for (const auto& [key, t] : take) {
    GroupCounts& g = groups[key];
    g.key = key;
    g.take_up = t;
  }
  std::vector<GroupCounts> out;
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

}  // namespace rx::policy
