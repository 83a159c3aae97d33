#include "auth/principal.h"

namespace rx::auth {

namespace {
constexpr Role kRoles[] = {Role::kAdmin,       Role::kDataProvider,  Role::kEnterprise,
                           Role::kInstitution, Role::kServiceAgency, Role::kNode};
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kDataProvider:
      return "data_provider";
    case Role::kEnterprise:
      return "enterprise";
    case Role::kInstitution:
      return "institution";
    case Role::kServiceAgency:
      return "service_agency";
    case Role::kNode:
      return "node";
  }
  return "node";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : kRoles)
    if (to_string(r) == text) return r;
  return std::nullopt;
}

}  // namespace rx::auth
