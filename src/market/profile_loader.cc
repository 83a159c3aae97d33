#include "market/profile_loader.h"

#include <chrono>
#include <unordered_map>

#include "credit/evaluation_repository.h"
#include "registry/enterprise_repository.h"
#include "store/sql_batch.h"

namespace rx::market {
namespace {

using store::Rows;
using store::Value;

using FactsByUscc = std::unordered_map<std::string, FinancingFacts>;

// Runs `sql` (with "IN (#)" for the USCC list, `extra` bound after the list) per chunk; each
// row starts with the USCC and `apply` copies the rest into that enterprise's facts.
Status aggregate(store::Session& s, const std::vector<Value>& keys, const std::string& sql,
                 const std::vector<Value>& extra, FactsByUscc& facts,
                 void (*apply)(const store::Row&, FinancingFacts&)) {
  return store::for_chunks(keys, [&](const std::string& marks, const std::vector<Value>& chunk) {
    std::string text = sql;
    text.replace(text.find('#'), 1, marks);
    std::vector<Value> params = chunk;
    params.insert(params.end(), extra.begin(), extra.end());
    RX_ASSIGN_OR_RETURN(Rows rows, s.query(text, params));
    for (const store::Row& r : rows) apply(r, facts[r.text(0)]);
    return Status::ok();
  });
}

Result<FactsByUscc> financing_facts(store::Session& s, const std::vector<Value>& keys,
                                    Instant now) {
  FactsByUscc facts;
  RX_RETURN_IF_ERROR(aggregate(
      s, keys,
      // PostgreSQL sums BIGINTs as NUMERIC: cast back to integers.
      "SELECT uscc, count(*), CAST(sum(outstanding) AS BIGINT), max(overdue_days), "
      "CAST(sum(outstanding * annual_rate_bp) AS BIGINT) FROM market_loans WHERE uscc IN (#) "
      "GROUP BY uscc",
      {}, facts, [](const store::Row& r, FinancingFacts& f) {
        f.loan_count = r.integer(1);
        f.loan_balance_fen = r.integer(2);
        f.max_overdue_days = r.integer(3);
        f.annual_interest_fen = r.integer(4) / 10'000;
      }));
  const Instant year_ago = now - std::chrono::days(365);
  RX_RETURN_IF_ERROR(
      aggregate(s, keys,
                "SELECT uscc, count(*) FROM market_applications WHERE uscc IN (#) "
                "AND submitted_at >= ? GROUP BY uscc",
                {micros(year_ago)}, facts,
                [](const store::Row& r, FinancingFacts& f) { f.applications_12m = r.integer(1); }));
  RX_RETURN_IF_ERROR(aggregate(
      s, keys,
      "SELECT uscc, count(*) FROM ip_pledges WHERE uscc IN (#) "
      "AND status = 'registered' GROUP BY uscc",
      {}, facts, [](const store::Row& r, FinancingFacts& f) { f.ip_pledges = r.integer(1); }));
  return facts;
}

Result<std::vector<Profile>> build(store::Session& s, const EnterpriseAttributes& attributes,
                                   std::vector<registry::Enterprise> enterprises, Instant now) {
  std::vector<std::string> usccs;
  usccs.reserve(enterprises.size());
  for (const registry::Enterprise& e : enterprises) usccs.push_back(e.uscc.str());
  const std::vector<Value> keys(usccs.begin(), usccs.end());
  RX_ASSIGN_OR_RETURN(auto evaluations, credit::latest_evaluations(s, usccs));
  std::unordered_map<std::string, credit::StoredEvaluation*> evaluation_of;
  for (credit::StoredEvaluation& e : evaluations) evaluation_of[e.uscc] = &e;
  RX_ASSIGN_OR_RETURN(FactsByUscc facts, financing_facts(s, keys, now));

  const Date today = shanghai_date(now);
  std::vector<Profile> out;
  out.reserve(enterprises.size());
  for (size_t i = 0; i < enterprises.size(); ++i) {
    const registry::Enterprise& e = enterprises[i];
    std::optional<credit::StoredEvaluation> evaluation;
    if (auto it = evaluation_of.find(usccs[i]); it != evaluation_of.end())
      evaluation = std::move(*it->second);
    auto f = facts.find(usccs[i]);
    out.push_back({.uscc = usccs[i],
                   .district = e.district,
                   .industry = e.industry,
                   .size = std::string(registry::to_string(e.size)),
                   .grade = evaluation ? evaluation->grade : "",
                   .operating = e.status == registry::EnterpriseStatus::kActive,
                   .row = attributes.row(e, evaluation,
                                         f == facts.end() ? FinancingFacts{} : f->second, today)});
  }
  return out;
}

}  // namespace

Result<std::vector<Profile>> load_profile_page(store::Session& s,
                                               const EnterpriseAttributes& attributes,
                                               std::string_view after, int limit, Instant now) {
  RX_ASSIGN_OR_RETURN(auto enterprises, registry::enterprises_after(s, after, limit));
  return build(s, attributes, std::move(enterprises), now);
}

Result<std::vector<Profile>> load_profiles(store::Session& s,
                                           const EnterpriseAttributes& attributes,
                                           std::span<const std::string> usccs, Instant now) {
  RX_ASSIGN_OR_RETURN(auto enterprises, registry::find_enterprises(s, usccs));
  return build(s, attributes, std::move(enterprises), now);
}

Result<std::vector<double>> load_profile(store::Session& s, const EnterpriseAttributes& attributes,
                                         const std::string& uscc, Instant now) {
  RX_ASSIGN_OR_RETURN(Uscc code, Uscc::parse(uscc));
  RX_ASSIGN_OR_RETURN(auto profiles, load_profiles(s, attributes, {&uscc, 1}, now));
  if (profiles.empty()) return not_found("enterprise " + code.str() + " is not registered");
  return std::move(profiles.front().row);
}

}  // namespace rx::market
