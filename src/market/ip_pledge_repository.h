// IP pledges in the database: registration (refused while any of its rights is in another
// registered pledge), release or enforcement by the pledgee, and queries by USCC or IP number.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "market/ip_pledge.h"
#include "store/database.h"

namespace rx::market {

class IpPledgeRepository {
 public:
  IpPledgeRepository(store::Database& db, const Clock& clock, Random& random)
      : db_(db), clock_(clock), random_(random) {}

  // Validates, checks the pledgee and (when given) that the application is the pledgor's with
  // that pledgee; kAlreadyExists naming the right when one is already pledged.
  Result<IpPledge> register_pledge(IpPledge p);
  // registered -> released | enforced, by the pledgee only (others: kNotFound).
  Result<IpPledge> change_status(const std::string& id, const std::string& pledgee_id,
                                 PledgeStatus to, const std::string& note);
  Result<std::optional<IpPledge>> find(const std::string& id);
  struct Query {
    std::optional<std::string> uscc{}, ip_number{}, pledgee_id{};
  };
  // Newest first.
  Result<std::vector<IpPledge>> search(const Query& q);

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace rx::market
