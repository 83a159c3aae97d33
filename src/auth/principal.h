// Who is calling: the role an API key is bound to, and what it is bound to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rx::auth {

enum class Role { kAdmin, kDataProvider, kEnterprise, kInstitution, kServiceAgency, kNode };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct Principal {
  std::string key_id;
  Role role;
  std::optional<std::string> uscc;            // set for, and only for, kEnterprise
  std::optional<std::string> institution_id;  // set for, and only for, kInstitution
};

}  // namespace rx::auth
