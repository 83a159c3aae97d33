#include "catalog/loader.h"

#include <algorithm>
#include <filesystem>

#include "config/toml_reader.h"

namespace rx::catalog {
namespace {

using config::TableReader;

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

template <typename E>
bool parse_enum(TableReader& r, const char* key, E& out,
                std::initializer_list<std::pair<std::string_view, E>> options) {
  std::string text;
  if (!r.string(key, text)) return false;
  for (const auto& [name, value] : options)
    if (text == name) {
      out = value;
      return true;
    }
  std::string allowed;
  for (const auto& [name, value] : options)
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  r.fail(key, "'" + text + "' is not one of: " + allowed);
  return true;
}

Field parse_field(const toml::table& t, const std::string& prefix, std::string_view source,
                  std::vector<FieldError>& errors) {
  Field f;
  TableReader r(t, prefix, source, errors);
  if (!r.string("name", f.name))
    r.fail("name", "is required");
  else if (!is_identifier(f.name))
    r.fail("name", "must match [a-z][a-z0-9_]* (at most 63 characters)");
  if (!r.string("label", f.label)) r.fail("label", "is required (the Chinese label)");
  r.string("label_en", f.label_en);
  if (!parse_enum(r, "type", f.type,
                  {{"string", FieldType::kString},
                   {"integer", FieldType::kInteger},
                   {"decimal", FieldType::kDecimal},
                   {"money", FieldType::kMoney},
                   {"date", FieldType::kDate},
                   {"period", FieldType::kPeriod},
                   {"enum", FieldType::kEnum},
                   {"uscc", FieldType::kUscc},
                   {"boolean", FieldType::kBoolean}}))
    r.fail("type", "is required");
  r.string("unit", f.unit);
  r.boolean("required", f.required);
  bool numeric =
      f.type == FieldType::kInteger || f.type == FieldType::kDecimal || f.type == FieldType::kMoney;
  if (r.number("min", f.min) && !numeric)
    r.fail("min", "only integer, decimal and money fields have a range");
  if (r.number("max", f.max) && !numeric)
    r.fail("max", "only integer, decimal and money fields have a range");
  if (f.min && f.max && *f.min > *f.max) r.fail("max", "is below min");
  if (r.string_list("values", f.values)) {
    if (f.type != FieldType::kEnum)
      r.fail("values", "only enum fields have values");
    else if (f.values.empty())
      r.fail("values", "must not be empty");
    std::vector<std::string> sorted = f.values;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      r.fail("values", "repeats a value");
  } else if (f.type == FieldType::kEnum) {
    r.fail("type", "an enum field needs values = [...]");
  }
  if (r.integer("max_length", f.max_length, 1, 100'000) && f.type != FieldType::kString)
    r.fail("max_length", "only string fields have a max_length");
  if (r.integer("scale", f.scale, 0, 12) && f.type != FieldType::kDecimal)
    r.fail("scale", "only decimal fields have a scale");
  parse_enum(r, "sensitivity", f.sensitivity,
             {{"public", Sensitivity::kPublic},
              {"restricted", Sensitivity::kRestricted},
              {"sensitive_personal", Sensitivity::kSensitivePersonal},
              {"trade_secret", Sensitivity::kTradeSecret}});
  if (parse_enum(r, "mask", f.mask,
                 {{"default", MaskPattern::kDefault},
                  {"name", MaskPattern::kName},
                  {"id_number", MaskPattern::kIdNumber},
                  {"phone", MaskPattern::kPhone}}) &&
      f.type != FieldType::kString)
    r.fail("mask", "only string fields have a mask pattern");
  r.string("description", f.description);
  r.reject_unknown();
  return f;
}

void check_category(const Category& c, TableReader& r) {
  std::vector<std::string> names;
  for (const Field& f : c.fields) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  if (auto d = std::adjacent_find(names.begin(), names.end()); d != names.end())
    r.fail("fields", "field '" + *d + "' is declared twice");
  const Field* uscc = c.field("uscc");
  if (!uscc || uscc->type != FieldType::kUscc || !uscc->required)
    r.fail("fields", "every category needs a required field 'uscc' of type uscc");
  if (std::find(c.key.begin(), c.key.end(), "uscc") == c.key.end())
    r.fail("key", "must include \"uscc\"");
  for (const std::string& k : c.key) {
    const Field* f = c.field(k);
    if (!f)
      r.fail("key", "names '" + k + "', which is not a field");
    else if (!f->required)
      r.fail("key", "field '" + k + "' is part of the key and must be required");
  }
  if (!c.time_field.empty()) {
    const Field* t = c.field(c.time_field);
    if (!t || (t->type != FieldType::kDate && t->type != FieldType::kPeriod &&
               t->type != FieldType::kInteger))
      r.fail("time_field", "must name a date, period or integer (year) field");
  }
  if (c.mode == Mode::kInterface && !c.source)
    r.fail("mode", "an interface category needs a [source] table with its url");
  if (c.mode == Mode::kStored && c.source)
    r.fail("source", "only interface categories have a source");
}

std::optional<InterfaceSource> parse_source(TableReader& parent, std::string_view source,
                                            std::vector<FieldError>& errors) {
  const toml::table* t = parent.table("source");
  if (!t) return std::nullopt;
  InterfaceSource s;
  TableReader r(*t, parent.prefix() + "source.", source, errors);
  if (!r.string("url", s.url))
    r.fail("url", "is required");
  else if (s.url.rfind("http://", 0) != 0 || s.url.find("{uscc}") == std::string::npos)
    r.fail("url", "must start with http:// and contain {uscc}");
  r.integer("timeout_ms", s.timeout_ms, 10, 60'000);
  r.integer("retries", s.retries, 0, 10);
  r.integer("cache_seconds", s.cache_seconds, 0, 86'400);
  r.reject_unknown();
  return s;
}

}  // namespace

Result<Category> parse_category(std::string_view text, std::string_view source) {
  auto parsed = config::parse_toml(text, source, "catalogue");
  if (!parsed.is_ok()) return parsed.status();
  std::vector<FieldError> errors;
  Category c;
  TableReader r(*parsed, "", source, errors);
  if (!r.string("id", c.id))
    r.fail("id", "is required");
  else if (!is_identifier(c.id))
    r.fail("id", "must match [a-z][a-z0-9_]* (at most 63 characters)");
  if (!r.string("name", c.name)) r.fail("name", "is required");
  r.string("name_en", c.name_en);
  if (!r.string("department", c.department)) r.fail("department", "is required");
  r.string("department_en", c.department_en);
  parse_enum(r, "frequency", c.frequency,
             {{"daily", Frequency::kDaily},
              {"weekly", Frequency::kWeekly},
              {"monthly", Frequency::kMonthly},
              {"quarterly", Frequency::kQuarterly},
              {"yearly", Frequency::kYearly},
              {"on_event", Frequency::kOnEvent}});
  parse_enum(r, "mode", c.mode, {{"stored", Mode::kStored}, {"interface", Mode::kInterface}});
  if (!r.string_list("key", c.key) || c.key.empty())
    r.fail("key", "is required: the fields identifying one record");
  r.string("time_field", c.time_field);
  r.integer("retention_years", c.retention_years, 1, 100);
  r.boolean("self_reported", c.self_reported);
  r.string("description", c.description);
  c.source = parse_source(r, source, errors);
  if (const toml::array* fields = r.table_array("fields")) {
    for (size_t i = 0; i < fields->size(); ++i)
      c.fields.push_back(parse_field(*(*fields)[i].as_table(), "fields[" + std::to_string(i) + "].",
                                     source, errors));
  } else {
    r.fail("fields", "is required: at least one [[fields]] table");
  }
  r.reject_unknown();
  if (errors.empty()) check_category(c, r);
  if (!errors.empty()) return config::errors_status(std::move(errors), "catalogue category");
  return c;
}

Result<Catalog> load_catalog(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    return invalid_argument("catalogue directory '" + directory + "' does not exist");
  Catalog catalog;
  std::vector<FieldError> errors;
  fs::path index = fs::path(directory) / "catalog.toml";
  RX_ASSIGN_OR_RETURN(std::string index_text,
                      config::read_text_file(index.string(), "catalogue file"));
  auto parsed = config::parse_toml(index_text, index.string(), "catalogue");
  if (!parsed.is_ok()) return parsed.status();
  TableReader r(*parsed, "", index.string(), errors);
  if (!r.string("name", catalog.name)) r.fail("name", "is required");
  r.string("name_en", catalog.name_en);
  r.string("description", catalog.description);
  const std::string index_name = index.string();
  if (const toml::table* masking = r.table("masking")) {
    TableReader m(*masking, "masking.", index_name, errors);
    const std::initializer_list<std::pair<std::string_view, Treatment>> treatments = {
        {"clear", Treatment::kClear},
        {"generalize", Treatment::kGeneralize},
        {"mask", Treatment::kMask},
        {"withhold", Treatment::kWithhold}};
    parse_enum(m, "public", catalog.masking.public_fields, treatments);
    parse_enum(m, "restricted", catalog.masking.restricted, treatments);
    parse_enum(m, "sensitive_personal", catalog.masking.sensitive_personal, treatments);
    parse_enum(m, "trade_secret", catalog.masking.trade_secret, treatments);
    m.reject_unknown();
    // Anything beyond public must not leave in clear without authorization.
    for (auto [level, t] : {std::pair{"restricted", catalog.masking.restricted},
                            {"sensitive_personal", catalog.masking.sensitive_personal},
                            {"trade_secret", catalog.masking.trade_secret}})
      if (t == Treatment::kClear)
        m.fail(level, "must not be 'clear': only public fields leave without authorization");
  }
  r.reject_unknown();

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory, ec))
    if (entry.path().extension() == ".toml" && entry.path().filename() != "catalog.toml")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(file.string(), "catalogue file"));
    auto category = parse_category(text, file.string());
    if (!category.is_ok()) {
      for (const FieldError& e : category.status().details()) errors.push_back(e);
      if (category.status().details().empty())
        errors.push_back({file.string(), category.status().message()});
      continue;
    }
    if (category->id != file.stem().string()) {
      errors.push_back({file.string(), "id '" + category->id + "' must equal the file name '" +
                                           file.stem().string() + "'"});
      continue;
    }
    catalog.categories.push_back(std::move(*category));
  }
  if (files.empty() && errors.empty())
    errors.push_back({directory, "holds no category file (<id>.toml)"});
  if (!errors.empty()) return config::errors_status(std::move(errors), "catalogue");
  std::sort(catalog.categories.begin(), catalog.categories.end(),
            [](const Category& a, const Category& b) { return a.id < b.id; });
  return catalog;
}

}  // namespace rx::catalog
