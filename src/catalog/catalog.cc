#include "catalog/catalog.h"

#include <algorithm>

namespace rx::catalog {

std::string_view to_string(FieldType t) {
  switch (t) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kDecimal:
      return "decimal";
    case FieldType::kMoney:
      return "money";
    case FieldType::kDate:
      return "date";
    case FieldType::kPeriod:
      return "period";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kUscc:
      return "uscc";
    case FieldType::kBoolean:
      return "boolean";
  }
  return "?";
}

std::string_view to_string(Sensitivity s) {
  switch (s) {
    case Sensitivity::kPublic:
      return "public";
    case Sensitivity::kRestricted:
      return "restricted";
    case Sensitivity::kSensitivePersonal:
      return "sensitive_personal";
    case Sensitivity::kTradeSecret:
      return "trade_secret";
  }
  return "?";
}

std::string_view to_string(Mode m) {
  return m == Mode::kStored ? "stored" : "interface";
}

std::string_view to_string(Frequency f) {
  switch (f) {
    case Frequency::kDaily:
      return "daily";
    case Frequency::kWeekly:
      return "weekly";
    case Frequency::kMonthly:
      return "monthly";
    case Frequency::kQuarterly:
      return "quarterly";
    case Frequency::kYearly:
      return "yearly";
    case Frequency::kOnEvent:
      return "on_event";
  }
  return "?";
}

std::string_view to_string(Treatment t) {
  switch (t) {
    case Treatment::kClear:
      return "clear";
    case Treatment::kGeneralize:
      return "generalize";
    case Treatment::kMask:
      return "mask";
    case Treatment::kWithhold:
      return "withhold";
  }
  return "?";
}

std::string_view to_string(MaskPattern p) {
  switch (p) {
    case MaskPattern::kDefault:
      return "default";
    case MaskPattern::kName:
      return "name";
    case MaskPattern::kIdNumber:
      return "id_number";
    case MaskPattern::kPhone:
      return "phone";
  }
  return "?";
}

Treatment MaskingRules::treatment(Sensitivity s) const {
  switch (s) {
    case Sensitivity::kPublic:
      return public_fields;
    case Sensitivity::kRestricted:
      return restricted;
    case Sensitivity::kSensitivePersonal:
      return sensitive_personal;
    case Sensitivity::kTradeSecret:
      return trade_secret;
  }
  return Treatment::kWithhold;
}

const Field* Category::field(std::string_view field_name) const {
  int i = field_index(field_name);
  return i < 0 ? nullptr : &fields[static_cast<size_t>(i)];
}

int Category::field_index(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return static_cast<int>(i);
  return -1;
}

const Category* Catalog::category(std::string_view id) const {
  auto it = std::lower_bound(categories.begin(), categories.end(), id,
                             [](const Category& c, std::string_view v) { return c.id < v; });
  return it != categories.end() && it->id == id ? &*it : nullptr;
}

}  // namespace rx::catalog
