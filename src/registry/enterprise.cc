#include "registry/enterprise.h"

#include "core/text.h"
#include "registry/reference.h"

namespace rx::registry {
namespace {

// Strips ASCII spaces and tabs and the ideographic space U+3000 from both ends.
std::string trim_spaces(std::string_view s) {
  constexpr std::string_view kIdeographic = "\xE3\x80\x80";
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view space : {std::string_view(" "), std::string_view("\t"), kIdeographic}) {
      if (s.starts_with(space)) s.remove_prefix(space.size()), changed = true;
      if (s.ends_with(space)) s.remove_suffix(space.size()), changed = true;
    }
  }
  return std::string(s);
}

class Validator {
 public:
  explicit Validator(Instant now) : today_(date_of(now)) {}

  void name(const std::string& given, std::string& out) {
    if (!utf8_length(given)) return fail("name", "not valid UTF-8");
    std::string v = trim_spaces(given);
    if (v.empty()) return fail("name", "must not be empty");
    auto len = utf8_length(v);
    if (*len > kMaxNameChars)
      return fail("name", "longer than " + std::to_string(kMaxNameChars) + " characters");
    for (char c : v)
      if (static_cast<unsigned char>(c) < 0x20) return fail("name", "contains a control character");
    out = v;
  }
  void district(const std::string& v, std::string& out) {
    if (!find_district(v)) return fail("district", "unknown district code '" + v + "'");
    out = v;
  }
  void industry(const std::string& v, std::string& out) {
    if (!is_valid_industry(v))
      return fail("industry", "'" + v + "' is not a GB/T 4754-2017 section letter and division");
    out = v;
  }
  void size(const std::string& v, SizeClass& out) {
    auto s = parse_size_class(v);
    if (!s) return fail("size", "must be one of large, medium, small, micro");
    out = *s;
  }
  void status(const std::string& v, EnterpriseStatus& out) {
    auto s = parse_enterprise_status(v);
    if (!s) return fail("status", "must be one of active, revoked, cancelled");
    out = *s;
  }
  void registration_date(const std::string& v, Date& out) {
    auto d = Date::parse(v);
    if (!d.is_ok()) return fail("registration_date", "must be a real date YYYY-MM-DD");
    if (*d > today_) return fail("registration_date", "is in the future");
    if (d->year() < 1900) return fail("registration_date", "is before 1900");
    out = *d;
  }
  void capital(int64_t fen, Money& out) {
    if (fen < 0) return fail("registered_capital_fen", "must not be negative");
    out = Money::from_fen(fen);
  }
  void fail(std::string field, std::string reason) {
    errors_.push_back({std::move(field), std::move(reason)});
  }
  void missing(const char* field) { fail(field, "is required"); }

  Status result() const {
    if (errors_.empty()) return Status::ok();
    return invalid_argument("enterprise is invalid: " + errors_[0].field + " " + errors_[0].reason,
                            errors_);
  }

 private:
  Date today_;
  std::vector<FieldError> errors_;
};

// Applies every present field of input to e through v.
void apply_fields(Validator& v, const EnterpriseInput& in, Enterprise& e) {
  if (in.name) v.name(*in.name, e.name);
  if (in.district) v.district(*in.district, e.district);
  if (in.industry) v.industry(*in.industry, e.industry);
  if (in.size) v.size(*in.size, e.size);
  if (in.registration_date) v.registration_date(*in.registration_date, e.registration_date);
  if (in.registered_capital_fen) v.capital(*in.registered_capital_fen, e.registered_capital);
  if (in.status) v.status(*in.status, e.status);
}

}  // namespace

std::string_view to_string(SizeClass size) {
  switch (size) {
    case SizeClass::kLarge:
      return "large";
    case SizeClass::kMedium:
      return "medium";
    case SizeClass::kSmall:
      return "small";
    case SizeClass::kMicro:
      return "micro";
  }
  return "micro";
}

std::string_view to_string(EnterpriseStatus status) {
  switch (status) {
    case EnterpriseStatus::kActive:
      return "active";
    case EnterpriseStatus::kRevoked:
      return "revoked";
    case EnterpriseStatus::kCancelled:
      return "cancelled";
  }
  return "active";
}

std::optional<SizeClass> parse_size_class(std::string_view t) {
  for (auto s : {SizeClass::kLarge, SizeClass::kMedium, SizeClass::kSmall, SizeClass::kMicro})
    if (to_string(s) == t) return s;
  return std::nullopt;
}

std::optional<EnterpriseStatus> parse_enterprise_status(std::string_view t) {
  for (auto s :
       {EnterpriseStatus::kActive, EnterpriseStatus::kRevoked, EnterpriseStatus::kCancelled})
    if (to_string(s) == t) return s;
  return std::nullopt;
}

Result<Enterprise> validate_new(const EnterpriseInput& in, Instant now) {
  Validator v(now);
  std::optional<Uscc> uscc;
  if (!in.uscc) {
    v.missing("uscc");
  } else if (auto parsed = Uscc::parse(*in.uscc); parsed.is_ok()) {
    uscc = *parsed;
  } else {
    for (const auto& d : parsed.status().details()) v.fail(d.field, d.reason);
  }
  for (auto [present, field] : {std::pair{in.name.has_value(), "name"},
                                {in.district.has_value(), "district"},
                                {in.industry.has_value(), "industry"},
                                {in.size.has_value(), "size"},
                                {in.registration_date.has_value(), "registration_date"},
                                {in.registered_capital_fen.has_value(), "registered_capital_fen"}})
    if (!present) v.missing(field);
  // Placeholder USCC so that the struct can be filled; never escapes when uscc is invalid.
  Enterprise e{uscc ? *uscc : *Uscc::parse("914403001922038216"),
               "",
               "",
               "",
               SizeClass::kMicro,
               Date(),
               Money(),
               EnterpriseStatus::kActive,
               now,
               now};
  apply_fields(v, in, e);
  RX_RETURN_IF_ERROR(v.result());
  return e;
}

Result<Enterprise> apply_update(Enterprise current, const EnterpriseInput& in, Instant now) {
  Validator v(now);
  if (in.uscc && *in.uscc != current.uscc.str()) v.fail("uscc", "cannot be changed");
  apply_fields(v, in, current);
  RX_RETURN_IF_ERROR(v.result());
  current.updated_at = now;
  return current;
}

}  // namespace rx::registry

namespace rx::registry {

Enterprise placeholder_enterprise(const Uscc& uscc, Instant now) {
  std::string district(uscc.division());
  if (!find_district(district)) district = "other";
  return Enterprise{
      uscc,    "待核实企业（" + uscc.str() + "）", district, "L72", SizeClass::kMicro, date_of(now),
      Money(), EnterpriseStatus::kActive,          now,      now};
}

}  // namespace rx::registry
