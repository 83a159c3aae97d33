// The financing marketplace (docs/marketplace.md): products, demands, matching, one-click
// apply under scoped authorizations, the tracked application, reminders, loans. Each call is
// one transaction: it happens whole, with its notifications and authorizations, or not at all.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "consent/authorization_repository.h"
#include "core/clock.h"
#include "market/application.h"
#include "market/application_repository.h"
#include "market/loan_repository.h"
#include "market/matching.h"
#include "market/product_repository.h"
#include "market/profile_loader.h"
#include "objection/calendar.h"
#include "store/database.h"

namespace rx::market {

// Who is acting: an enterprise (uscc), an institution (institution_id), the operator, or the
// platform's own jobs. Institutions and enterprises see only what is theirs.
struct Actor {
  std::string role{};  // "enterprise", "institution", "admin", "system"
  std::string key_id{};
  std::optional<std::string> uscc{}, institution_id{};
  static Actor system() { return {"system", "", std::nullopt, std::nullopt}; }
};

struct ApplyRequest {
  std::string uscc{};
  std::vector<std::string> product_ids{};  // 1..kMaxProductsPerApply distinct listed products
  std::optional<std::string> demand_id{};  // the enterprise's open demand, if any
  int64_t amount = 0;                      // fen; 0 takes the demand's
  int term_months = 0;                     // 0 takes the demand's
  std::string purpose{};                   // empty takes the demand's
  std::vector<consent::Scope> scopes{};    // empty: default_scopes()
  std::optional<std::string> referred_from{};
};
inline constexpr size_t kMaxProductsPerApply = 10;
inline constexpr int kAuthorizationDays = 90;

// What an application authorizes by default: the evaluation and the categories a credit
// review reads (those of them the catalogue has).
std::vector<consent::Scope> default_scopes(const catalog::Catalog& catalog);

struct MoveRequest {
  AppState to = AppState::kSubmitted;
  std::string note{};
  std::optional<std::string> decline_reason{};           // required to decline
  std::optional<Offer> offer{};                          // required to approve
  std::optional<Date> disbursed_on{}, first_due_date{};  // required to disburse
};
inline constexpr size_t kMaxNoteChars = 500;

// An open demand an institution's product matches, seen without the enterprise's identity.
struct Lead {
  Demand demand{};  // uscc cleared
  std::string size{}, district{}, industry{}, grade{};
  std::vector<std::string> product_ids{};
};

class Marketplace {
 public:
  Marketplace(store::Database& db, const Clock& clock, Random& random,
              const EnterpriseAttributes& attributes, const catalog::Catalog& catalog,
              consent::AuthorizationRepository* authorizations, const objection::Calendar* calendar)
      : db_(db),
        clock_(clock),
        random_(random),
        attributes_(attributes),
        catalog_(catalog),
        authorizations_(authorizations),
        calendar_(calendar) {}

  const EnterpriseAttributes& attributes() const { return attributes_; }

  // Products. Institutions manage their own; the operator may change any product's status.
  Result<Product> create_product(Product p);
  Result<Product> revise_product(const std::string& id, const Actor& actor, Product revised);
  Result<Product> set_product_status(const std::string& id, const Actor& actor, ProductStatus to);
  Result<Product> product(const std::string& id);
  Result<std::vector<Product>> products(const ProductFilter& f);

  // Demands.
  Result<Demand> publish_demand(Demand d);
  Result<Demand> close_demand(const std::string& id, const std::string& uscc);
  Result<std::vector<Demand>> demands_of(const std::string& uscc);

  struct Matches {
    std::shared_ptr<const ProductSet> products;
    MatchResult result;
  };
  // The enterprise's eligible products and near misses for `ask` (or its demand's).
  Result<Matches> match_enterprise(const std::string& uscc, const Ask& ask);
  // Open demands that a listed product of the institution matches, newest first.
  Result<std::vector<Lead>> leads(const std::string& institution_id, int limit);
  // The institution reaches out about one of its products: an inbox message to the enterprise.
  Status reach_out(const std::string& demand_id, const Actor& institution,
                   const std::string& product_id, const std::string& note);

  // One click: an application per product, each with its own authorization scoped to that
  // institution, purpose and application, all in one transaction.
  Result<std::vector<Application>> apply(const ApplyRequest& r, const Actor& actor);
  Result<Application> move(const std::string& id, const Actor& actor, const MoveRequest& r);
  // After a decline, with the enterprise's consent: applications to up to `max` other matching
  // lenders, referred from `id`.
  Result<std::vector<Application>> refer(const std::string& id, const Actor& actor, size_t max);
  // Visible to its enterprise, its institution and the operator; others get kNotFound.
  Result<Application> application(const std::string& id, const Actor& actor);
  Result<std::vector<Application>> applications(ApplicationFilter f, const Actor& actor);

  // Loans.
  Result<Loan> loan(const std::string& application_id, const Actor& actor);
  Result<std::vector<Loan>> loans(LoanFilter f, const Actor& actor);
  Result<Loan> record_repayment(const std::string& application_id, const Actor& actor,
                                const Repayment& r);

  // Background work (market/worker.h): SLA reminders due by now, and the daily assessment of
  // loans (overdue days, bucket, repaying <-> overdue, settled). Each returns how many it did.
  Result<int> send_due_reminders(Instant now);
  Result<int> assess_loans(Date today);

 private:
  // The listed products, compiled; recompiled only when a product changed.
  Result<std::shared_ptr<const ProductSet>> listed(store::Session& s);
  // Their past decisions, in the set's order.
  Result<std::vector<DecisionCounts>> decisions(store::Session& s, const ProductSet& set);
  // The enterprise's matches inside the caller's transaction (match_enterprise, refer).
  Result<Matches> matches_in(store::Session& s, const std::string& uscc, const Ask& ask);
  Result<Instant> sla_due(Instant submitted, int working_days) const;
  Result<std::vector<Application>> apply_in(store::Session& s, const ApplyRequest& r,
                                            const Actor& actor);
  Result<Application> apply_one(store::Session& s, const ApplyRequest& r, const Actor& actor,
                                const CompiledProduct& cp, std::span<const double> row,
                                const std::optional<Demand>& demand);
  Status transition(store::Session& s, Application& a, AppState to, const Actor& actor,
                    const std::string& note);
  Status assess(store::Session& s, Loan& loan, Date today);

  store::Database& db_;
  const Clock& clock_;
  Random& random_;
  const EnterpriseAttributes& attributes_;
  const catalog::Catalog& catalog_;
  consent::AuthorizationRepository* authorizations_;
  const objection::Calendar* calendar_;

  std::mutex cache_mu_;
  std::string cache_key_;
  std::shared_ptr<const ProductSet> cache_;
};

}  // namespace rx::market
