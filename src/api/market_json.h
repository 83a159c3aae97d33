// JSON representations of the marketplace's resources (docs/openapi.yaml: Product, Demand,
// Match, Application, Loan, IpPledge, Lead, MarketStats).
#pragma once

#include "api/router.h"
#include "market/ip_pledge.h"
#include "market/marketplace.h"
#include "market/statistics.h"

namespace rx::api {

// The caller as the marketplace sees it, and as whom it moves applications (none for the
// operator).
market::Actor market_actor(const RequestContext& c);
std::optional<market::Mover> viewer(const RequestContext& c);

Json demand_json(const market::Demand& d);
Json matches_json(const market::Marketplace::Matches& m);
// With the timeline and the moves open to `viewer` (a Mover code) from the current state.
Json application_json(const market::Application& a, std::optional<market::Mover> viewer);
Json loan_json(const market::Loan& l);
Json pledge_json(const market::IpPledge& p);
Json lead_json(const market::Lead& l);
Json stats_json(const std::vector<market::StatsRow>& rows);

// Reads a product body (create or revise); every field error at once.
Result<market::Product> product_input(const Json& body);
// Reads an IP pledge registration body.
Result<market::IpPledge> pledge_input(const Json& body);

}  // namespace rx::api
