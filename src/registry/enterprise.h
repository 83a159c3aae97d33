// The enterprise registry's domain object and its validation. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "core/time.h"
#include "core/uscc.h"

namespace rx::registry {

enum class SizeClass { kLarge, kMedium, kSmall, kMicro };
enum class EnterpriseStatus { kActive, kRevoked, kCancelled };

std::string_view to_string(SizeClass size);
std::string_view to_string(EnterpriseStatus status);
std::optional<SizeClass> parse_size_class(std::string_view text);
std::optional<EnterpriseStatus> parse_enterprise_status(std::string_view text);

struct Enterprise {
  Uscc uscc;
  std::string name;
  std::string district;  // a registry::districts() code
  std::string industry;  // GB/T 4754-2017 section + division, e.g. "C39"
  SizeClass size;
  Date registration_date;
  Money registered_capital;
  EnterpriseStatus status;
  Instant created_at;
  Instant updated_at;
};

// Untrusted input for a create or a partial update; absent fields are std::nullopt.
struct EnterpriseInput {
  std::optional<std::string> uscc;
  std::optional<std::string> name;
  std::optional<std::string> district;
  std::optional<std::string> industry;
  std::optional<std::string> size;
  std::optional<std::string> registration_date;
  std::optional<int64_t> registered_capital_fen;
  std::optional<std::string> status;
};

inline constexpr size_t kMaxNameChars = 100;

// Validates a complete new enterprise (status defaults to active). Reports every field that
// fails, not only the first, as invalid_argument details.
Result<Enterprise> validate_new(const EnterpriseInput& input, Instant now);

// A registry entry for an enterprise known only by its USCC (ingestion may register unknown
// enterprises): named "待核实企业（USCC）", district from the code's division when it is one of
// ours, industry L72 (business services) until the registration data arrives and replaces it.
Enterprise placeholder_enterprise(const Uscc& uscc, Instant now);

// Applies a partial update to `current`. The USCC cannot change.
Result<Enterprise> apply_update(Enterprise current, const EnterpriseInput& input, Instant now);

}  // namespace rx::registry
