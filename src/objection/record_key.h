// The identity of one record of an enterprise within a category, shared by objections, credit
// repair, and the query and report code that hides or flags records.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"

namespace rx::objection {

// The category's key fields other than "uscc", in catalogue key order, as `name=value` joined by
// `&`: e.g. "decision_number=沪市监罚〔2024〕12号" or "period=2024-03". Values are the canonical
// forms of the stored payload (catalog/value.h): strings as they are, numbers in decimal (money
// in fen), booleans true/false, null as empty. '%', '&' and '=' inside a value are written %25,
// %26 and %3D so that the key stays unambiguous. A key field missing from the payload counts as
// null. Pure; the same payload always gives the same key.
std::string record_key(const catalog::Category& category, const nlohmann::json& payload);

}  // namespace rx::objection
