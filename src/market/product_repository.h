// Products and demands in the database, inside the caller's transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "market/demand.h"
#include "market/product.h"
#include "store/database.h"

namespace rx::market {

Status insert_product(store::Session& s, const Product& p);
// Rewrites the product's body, status and updated_at.
Status update_product(store::Session& s, const Product& p);
Result<std::optional<Product>> find_product(store::Session& s, const std::string& id);

struct ProductFilter {
  std::optional<std::string> institution_id;
  std::optional<ProductStatus> status;
};
// Oldest first.
Result<std::vector<Product>> list_products(store::Session& s, const ProductFilter& f);

// The lender's past decisions on a product: the evidence for the estimated approval likelihood.
struct DecisionCounts {
  int64_t approved = 0;  // approved, and everything after it on the way to a loan
  int64_t declined = 0;
};
Result<std::map<std::string, DecisionCounts>> decision_counts(store::Session& s);

Status insert_demand(store::Session& s, const Demand& d);
Result<std::optional<Demand>> find_demand(store::Session& s, const std::string& id);
// Newest first.
Result<std::vector<Demand>> demands_of(store::Session& s, const std::string& uscc);
// Open demands, newest first, at most `limit`.
Result<std::vector<Demand>> open_demands(store::Session& s, int limit);
Status close_demand(store::Session& s, const std::string& id, Instant at);

}  // namespace rx::market
