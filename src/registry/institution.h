// Financial institutions that receive credit data: banks, insurers, guarantee companies,
// small-loan companies, leasing companies, investors. Keys of role institution name one by id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"

namespace rx::registry {

struct Institution {
  std::string id;  // 1-64 of [A-Za-z0-9_-], the id institution keys are bound to
  std::string name;
  std::string kind;  // one of institution_kinds()
  Instant created_at;
};

const std::vector<std::string>& institution_kinds();

// Every problem as a field error.
Status validate_institution(const Institution& institution);

class InstitutionRepository {
 public:
  InstitutionRepository(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // kAlreadyExists for a taken id.
  Result<Institution> create(Institution institution);
  Result<std::vector<Institution>> list();

 private:
  store::Database& db_;
  const Clock& clock_;
};

// nullopt when unknown.
Result<std::optional<Institution>> find_institution(store::Session& s, std::string_view id);

}  // namespace rx::registry
