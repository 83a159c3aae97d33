#include "catalog/versions.h"

#include "crypto/crypto.h"
#include "ledger/ledger.h"

namespace rx::catalog {
namespace {

using nlohmann::json;

json field_json(const Field& f) {
  json j = {{"name", f.name},
            {"label", f.label},
            {"label_en", f.label_en},
            {"type", to_string(f.type)},
            {"unit", f.unit},
            {"required", f.required},
            {"sensitivity", to_string(f.sensitivity)},
            {"description", f.description}};
  if (f.min) j["min"] = *f.min;
  if (f.max) j["max"] = *f.max;
  if (f.type == FieldType::kEnum) j["values"] = f.values;
  if (f.type == FieldType::kString) j["max_length"] = f.max_length;
  if (f.type == FieldType::kDecimal) j["scale"] = f.scale;
  if (f.mask != MaskPattern::kDefault) j["mask"] = to_string(f.mask);
  return j;
}

// Objects keyed by `name` (or `id`) from an array, for comparing by identity, not position.
std::map<std::string, json> by_key(const json& array, const char* key) {
  std::map<std::string, json> out;
  for (const json& item : array) out[item.at(key).get<std::string>()] = item;
  return out;
}

json changed_attributes(const json& a, const json& b, const char* skip) {
  json changes = json::object();
  for (const auto& [k, v] : b.items())
    if (k != skip && (!a.contains(k) || a.at(k) != v))
      changes[k] = {{"from", a.contains(k) ? a.at(k) : json()}, {"to", v}};
  for (const auto& [k, v] : a.items())
    if (k != skip && !b.contains(k)) changes[k] = {{"from", v}, {"to", json()}};
  return changes;
}

json diff_category(const json& a, const json& b) {
  json out = {{"id", b.at("id")},
              {"attributes_changed", changed_attributes(a, b, "fields")},
              {"fields_added", json::array()},
              {"fields_removed", json::array()},
              {"fields_changed", json::array()}};
  auto fa = by_key(a.at("fields"), "name");
  auto fb = by_key(b.at("fields"), "name");
  for (const auto& [name, f] : fb) {
    auto it = fa.find(name);
    if (it == fa.end()) {
      out["fields_added"].push_back(f);
    } else if (it->second != f) {
      out["fields_changed"].push_back(
          {{"name", name}, {"changes", changed_attributes(it->second, f, "")}});
    }
  }
  for (const auto& [name, f] : fa)
    if (!fb.count(name)) out["fields_removed"].push_back(f);
  return out;
}

}  // namespace

json to_json(const Category& c) {
  json fields = json::array();
  for (const Field& f : c.fields) fields.push_back(field_json(f));
  json j = {{"id", c.id},
            {"name", c.name},
            {"name_en", c.name_en},
            {"department", c.department},
            {"department_en", c.department_en},
            {"frequency", to_string(c.frequency)},
            {"mode", to_string(c.mode)},
            {"key", c.key},
            {"time_field", c.time_field},
            {"retention_years", c.retention_years},
            {"self_reported", c.self_reported},
            {"description", c.description},
            {"fields", fields}};
  if (c.source)
    j["source"] = {{"url", c.source->url},
                   {"timeout_ms", c.source->timeout_ms},
                   {"retries", c.source->retries},
                   {"cache_seconds", c.source->cache_seconds}};
  return j;
}

json to_json(const Catalog& catalog) {
  json categories = json::array();
  for (const Category& c : catalog.categories) categories.push_back(to_json(c));
  return {{"name", catalog.name},
          {"name_en", catalog.name_en},
          {"description", catalog.description},
          {"masking",
           {{"public", to_string(catalog.masking.public_fields)},
            {"restricted", to_string(catalog.masking.restricted)},
            {"sensitive_personal", to_string(catalog.masking.sensitive_personal)},
            {"trade_secret", to_string(catalog.masking.trade_secret)}}},
          {"categories", categories}};
}

json diff_catalogs(const json& a, const json& b) {
  json out = {{"categories_added", json::array()},
              {"categories_removed", json::array()},
              {"categories_changed", json::array()}};
  auto ca = by_key(a.at("categories"), "id");
  auto cb = by_key(b.at("categories"), "id");
  for (const auto& [id, c] : cb) {
    auto it = ca.find(id);
    if (it == ca.end())
      out["categories_added"].push_back(id);
    else if (it->second != c)
      out["categories_changed"].push_back(diff_category(it->second, c));
  }
  for (const auto& [id, c] : ca)
    if (!cb.count(id)) out["categories_removed"].push_back(id);
  return out;
}

Result<int64_t> CatalogVersions::publish(const Catalog& catalog, Instant now) {
  json snapshot = to_json(catalog);
  std::string text = snapshot.dump();
  std::string hash = crypto::sha256_hex(text);
  int64_t fields = 0;
  for (const Category& c : catalog.categories) fields += static_cast<int64_t>(c.fields.size());
  int64_t version = 0;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(
        store::Rows same,
        s.query("SELECT version FROM catalog_versions WHERE content_hash = ?", {hash}));
    if (!same.empty()) {
      version = same[0].integer(0);
      return Status::ok();
    }
    RX_ASSIGN_OR_RETURN(store::Rows last,
                        s.query("SELECT COALESCE(MAX(version), 0) FROM catalog_versions"));
    version = last[0].integer(0) + 1;
    ledger::Entry e;
    e.id = "catalog/" + std::to_string(version);
    e.at = now;
    e.actor = {"admin", "", "", ""};
    e.action = std::string(ledger::action::kAdminChange);
    e.outcome = "done";
    e.reason = "shared catalogue version " + std::to_string(version) + " published";
    e.result_sha256 = hash;
    e.ref = std::to_string(version);
    RX_RETURN_IF_ERROR(ledger::append(s, e));
    return s
        .execute(
            "INSERT INTO catalog_versions (version, content_hash, snapshot, categories, fields, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            {version, hash, text, static_cast<int64_t>(catalog.categories.size()), fields,
             int64_t{now.time_since_epoch().count()}})
        .status();
  }));
  return version;
}

Result<std::vector<CatalogVersion>> CatalogVersions::list() {
  std::vector<CatalogVersion> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(store::Rows rows,
                        s.query("SELECT version, content_hash, created_at, categories, fields "
                                "FROM catalog_versions ORDER BY version"));
    for (const store::Row& r : rows)
      out.push_back(
          {r.integer(0), r.text(1), instant_from_micros(r.integer(2)), r.integer(3), r.integer(4)});
    return Status::ok();
  }));
  return out;
}

Result<json> CatalogVersions::snapshot(int64_t version) {
  std::string text;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(
        store::Rows rows,
        s.query("SELECT snapshot FROM catalog_versions WHERE version = ?", {version}));
    if (rows.empty()) return not_found("catalogue version " + std::to_string(version));
    text = rows[0].text(0);
    return Status::ok();
  }));
  return json::parse(text);
}

}  // namespace rx::catalog
