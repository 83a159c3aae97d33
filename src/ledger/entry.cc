#include "ledger/entry.h"

#include <nlohmann/json.hpp>

namespace rx::ledger {
namespace {

using nlohmann::json;

constexpr int kVersion = 1;

json to_json(const Entry& e) {
  // nlohmann::json keeps object keys in std::map order: byte order, which for these ASCII
  // keys is the code-point order RFC 8785 asks for.
  return json{{"v", kVersion},
              {"id", e.id},
              {"at", micros(e.at)},
              {"actor",
               {{"role", e.actor.role},
                {"key_id", e.actor.key_id},
                {"institution_id", e.actor.institution_id},
                {"uscc", e.actor.uscc}}},
              {"action", e.action},
              {"outcome", e.outcome},
              {"reason", e.reason},
              {"subject", e.subject},
              {"categories", e.categories},
              {"purpose", e.purpose},
              {"authorization_id", e.authorization_id},
              {"application_id", e.application_id},
              {"request_id", e.request_id},
              {"result_sha256", e.result_sha256},
              {"ref", e.ref}};
}

Status bad(std::string_view field, std::string_view why) {
  return invalid_argument("ledger entry: " + std::string(field) + ": " + std::string(why));
}

}  // namespace

std::string encode(const Entry& entry) {
  return to_json(entry).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Entry> decode(std::string_view bytes) {
  json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return bad("(entry)", "not a JSON object");
  if (!j.contains("v") || j["v"] != kVersion) return bad("v", "unknown entry version");
  Entry e;
  try {
    e.id = j.at("id").get<std::string>();
    e.at = instant_from_micros(j.at("at").get<int64_t>());
    const json& a = j.at("actor");
    e.actor = {a.at("role").get<std::string>(), a.at("key_id").get<std::string>(),
               a.at("institution_id").get<std::string>(), a.at("uscc").get<std::string>()};
    e.action = j.at("action").get<std::string>();
    e.outcome = j.at("outcome").get<std::string>();
    e.reason = j.at("reason").get<std::string>();
    e.subject = j.at("subject").get<std::string>();
    e.categories = j.at("categories").get<std::vector<std::string>>();
    e.purpose = j.at("purpose").get<std::string>();
    e.authorization_id = j.at("authorization_id").get<std::string>();
    e.application_id = j.at("application_id").get<std::string>();
    e.request_id = j.at("request_id").get<std::string>();
    e.result_sha256 = j.at("result_sha256").get<std::string>();
    e.ref = j.at("ref").get<std::string>();
  } catch (const json::exception& ex) {
    return bad("(field)", ex.what());
  }
  // Extra fields, other key order, whitespace or escapes all re-encode differently.
  if (encode(e) != bytes) return bad("(entry)", "not in canonical version 1 encoding");
  return e;
}

}  // namespace rx::ledger
