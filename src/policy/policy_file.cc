#include "policy/policy_file.h"

#include <algorithm>
#include <charconv>

#include "config/toml_reader.h"
#include "core/text.h"
#include "registry/reference.h"
#include "rules/diagnostic.h"

namespace rx::policy {
namespace {

using config::TableReader;

constexpr size_t kMaxText = 2000;

bool is_district_name(std::string_view name) {
  const auto all = registry::districts();
  return std::any_of(all.begin(), all.end(),
                     [&](const registry::District& d) { return d.name_zh == name; });
}

// Collects errors as "file:line:column: reason" under a field name.
class Errors {
 public:
  explicit Errors(std::string_view file) : file_(file) {}
  void add(std::string field, int line, int column, const std::string& reason) {
    list.push_back({std::move(field), std::string(file_) + ":" + std::to_string(line) + ":" +
                                          std::to_string(column) + ": " + reason});
  }
  void add(std::string field, const toml::source_region& at, const std::string& reason) {
    add(std::move(field), static_cast<int>(at.begin.line), static_cast<int>(at.begin.column),
        reason);
  }
  std::string_view file() const { return file_; }
  std::vector<FieldError> list;

 private:
  std::string_view file_;
};

// The byte offset of a 1-based line and column (columns in code points) in `text`.
size_t offset_of(std::string_view text, int line, int column) {
  size_t at = 0;
  for (int l = 1; l < line && at < text.size(); ++l) {
    const size_t nl = text.find('\n', at);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  for (int c = 1; c < column && at < text.size(); ++c) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return at;
}

// Where the content of a string value starts in the file: after its opening delimiter, and on
// the next line when a multi-line string starts with a newline (TOML drops that newline).
// Exact for literal strings and for basic strings without escapes.
std::pair<int, int> content_start(std::string_view text, const toml::source_region& at) {
  int line = static_cast<int>(at.begin.line);
  int column = static_cast<int>(at.begin.column);
  const std::string_view rest = text.substr(offset_of(text, line, column));
  const bool multi = rest.starts_with("'''") || rest.starts_with("\"\"\"");
  const size_t delimiter = multi ? 3 : 1;
  const std::string_view after = rest.substr(std::min(delimiter, rest.size()));
  if (multi && (after.starts_with("\n") || after.starts_with("\r\n"))) return {line + 1, 1};
  return {line, column + static_cast<int>(delimiter)};
}

std::optional<Date> read_date(TableReader& r, Errors& errors, const char* key, bool required) {
  const toml::node* n = r.node(key);
  const std::string field = r.prefix() + key;
  if (!n) {
    if (required) r.fail(key, "is required (a date such as 2026-01-01)");
    return std::nullopt;
  }
  if (const auto* d = n->as_date()) {
    auto date = Date::from_ymd(d->get().year, d->get().month, d->get().day);
    if (date.is_ok()) return *date;
  } else if (const auto* s = n->as_string()) {
    auto date = Date::parse(s->get());
    if (date.is_ok()) return *date;
    errors.add(field, n->source(), "'" + s->get() + "' is not a valid date (YYYY-MM-DD)");
    return std::nullopt;
  }
  errors.add(field, n->source(), "must be a date such as 2026-01-01");
  return std::nullopt;
}

void require_text(TableReader& r, const char* key, std::string& out, bool required) {
  const bool present = r.string(key, out);
  if (!present && required) r.fail(key, "is required");
  if (present && required && trim(out).empty()) r.fail(key, "must not be empty");
  if (out.size() > kMaxText) r.fail(key, "is longer than " + std::to_string(kMaxText) + " bytes");
}

void read_benefit(const toml::table& t, const std::string& prefix, const rules::Schema& schema,
                  Errors& errors, Benefit& b) {
  TableReader r(t, prefix, errors.file(), errors.list);
  require_text(r, "text", b.text, true);
  r.number("fixed", b.fixed);
  r.number("rate", b.rate);
  r.number("cap", b.cap);
  for (auto [key, value] : {std::pair{"fixed", b.fixed}, {"rate", b.rate}, {"cap", b.cap}})
    if (value && *value < 0) r.fail(key, "must not be negative");
  const bool has_of = r.string("of", b.of);
  if (b.rate && !has_of) r.fail("rate", "needs `of`, the number attribute the rate applies to");
  if (has_of && !b.rate) r.fail("of", "needs `rate`");
  if (has_of) {
    const auto slot = schema.slot(b.of);
    if (!slot)
      r.fail("of", "unknown attribute '" + b.of + "'");
    else if (schema.attribute(*slot).type != rules::AttributeType::kNumber)
      r.fail("of", "type mismatch: '" + b.of + "' is a " +
                       std::string(rules::type_name(schema.attribute(*slot).type)) +
                       ", a benefit formula needs a number");
    else
      b.of_slot = slot;
  }
  r.reject_unknown();
}

void read_rule(TableReader& r, std::string_view text, const rules::Schema& schema, Errors& errors,
               PolicyVersion& v) {
  const toml::node* n = r.node("eligibility");
  const std::string field = r.prefix() + "eligibility";
  if (!n || !n->is_string()) {
    r.fail("eligibility", n ? "must be a string (a rule, see docs/rules.md)" : "is required");
    return;
  }
  v.eligibility = n->as_string()->get();
  std::vector<rules::Diagnostic> diagnostics;
  auto rule = rules::compile(v.eligibility, schema, &diagnostics);
  if (rule.is_ok()) {
    v.rule = std::move(rule).value();
    return;
  }
  if (diagnostics.empty()) {
    errors.add(field, n->source(), rule.status().message());
    return;
  }
  const auto [line, column] = content_start(text, n->source());
  for (const rules::Diagnostic& d : diagnostics)
    errors.add(field, line + d.line - 1, d.line == 1 ? column + d.column - 1 : d.column, d.message);
}

void read_version(const toml::table& t, size_t index, std::string_view text,
                  const rules::Schema& schema, Errors& errors, PolicyVersion& v) {
  const std::string prefix = "versions[" + std::to_string(index) + "].";
  TableReader r(t, prefix, errors.file(), errors.list);
  if (!r.integer("version", v.version, 1, 10'000)) r.fail("version", "is required");
  const toml::node* at = t.get("version");
  const toml::source_region& where = at ? at->source() : t.source();
  v.line = static_cast<int>(where.begin.line);
  v.column = static_cast<int>(where.begin.column);
  const auto from = read_date(r, errors, "valid_from", true);
  if (const toml::node* f = t.get("valid_from")) {
    v.from_line = static_cast<int>(f->source().begin.line);
    v.from_column = static_cast<int>(f->source().begin.column);
  }
  const auto to = read_date(r, errors, "valid_to", false);
  if (from) v.valid_from = *from;
  v.valid_to = to;
  if (from && to && *to < *from)
    r.fail("valid_to",
           "ends (" + to->to_string() + ") before valid_from (" + from->to_string() + ")");
  read_rule(r, text, schema, errors, v);
  if (const toml::table* b = r.table("benefit"))
    read_benefit(*b, prefix + "benefit.", schema, errors, v.benefit);
  else if (!t.get("benefit"))
    r.fail("benefit", "is required ([versions.benefit] with at least `text`)");
  r.reject_unknown();
}

// Versions must be numbered upwards and follow each other in time without overlapping.
void check_sequence(const std::vector<PolicyVersion>& versions, Errors& errors) {
  for (size_t i = 1; i < versions.size(); ++i) {
    const PolicyVersion& a = versions[i - 1];
    const PolicyVersion& b = versions[i];
    const std::string field = "versions[" + std::to_string(i) + "]";
    if (b.version <= a.version) {
      errors.add(field + ".version", b.line, b.column,
                 "version " + std::to_string(b.version) + " must be greater than version " +
                     std::to_string(a.version) + " before it");
    } else if (!a.valid_to || a.valid_to >= b.valid_from) {
      errors.add(
          field + ".valid_from", b.line, b.column,
          "version " + std::to_string(b.version) + " (from " + b.valid_from.to_string() +
              ") overlaps version " + std::to_string(a.version) + " (" + a.valid_from.to_string() +
              " to " + (a.valid_to ? a.valid_to->to_string() : "open-ended") + "); end version " +
              std::to_string(a.version) + " with a valid_to before " + b.valid_from.to_string());
    }
  }
}

void read_apply(TableReader& top, Errors& errors, Apply& apply) {
  const toml::table* t = top.table("apply");
  if (!t) {
    if (!top.node("apply")) top.fail("apply", "is required ([apply] with mode, item_code, link)");
    return;
  }
  TableReader r(*t, "apply.", errors.file(), errors.list);
  std::string mode;
  if (!r.string("mode", mode))
    r.fail("mode", "is required: no_application or quick_apply");
  else if (auto m = parse_apply_mode(mode))
    apply.mode = *m;
  else
    r.fail("mode", "'" + mode + "' is not no_application (免申即享) or quick_apply (快申快享)");
  // 免申即享 needs no application, so an 一网通办 item is optional there.
  const bool needed = apply.mode == ApplyMode::kQuickApply;
  require_text(r, "item_code", apply.item_code, needed);
  require_text(r, "link", apply.link, needed);
  if (!apply.link.empty() && !apply.link.starts_with("https://"))
    r.fail("link", "must be an https:// address");
  r.reject_unknown();
}

std::string file_stem(std::string_view file) {
  const size_t slash = file.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? file : file.substr(slash + 1);
  return name.ends_with(".toml") ? std::string(name.substr(0, name.size() - 5)) : std::string();
}

void read_identity(TableReader& r, std::string_view file, Policy& p) {
  if (!r.string("id", p.id))
    r.fail("id", "is required");
  else if (!valid_policy_id(p.id))
    r.fail("id", "must be 3 to 64 of a-z, 0-9 and '-', and not check, run, runs or stats");
  else if (const std::string stem = file_stem(file); !stem.empty() && stem != p.id)
    r.fail("id", "'" + p.id + "' does not match the file name '" + std::string(file) + "'");
  if (!r.boolean("example", p.example))
    r.fail("example", "is required: true for an example, false for a policy in force");
  require_text(r, "title", p.title, true);
  require_text(r, "title_en", p.title_en, false);
  require_text(r, "issuer", p.issuer, true);
  std::string level;
  if (!r.string("level", level))
    r.fail("level", "is required: national, municipal, district or park");
  else if (auto l = parse_level(level))
    p.level = *l;
  else
    r.fail("level", "'" + level + "' is not national, municipal, district or park");
  const bool local = p.level == Level::kDistrict || p.level == Level::kPark;
  if (r.string("district", p.district)) {
    if (!local) r.fail("district", "is only for district and park policies");
    if (!is_district_name(p.district))
      r.fail("district", "'" + p.district + "' is not a district (e.g. 普陀区, 浦东新区)");
  } else if (local) {
    r.fail("district", "is required for a " + level + " policy");
  }
  if (r.string("park", p.park)) {
    if (p.level != Level::kPark) r.fail("park", "is only for park policies");
  } else if (p.level == Level::kPark) {
    r.fail("park", "is required for a park policy");
  }
  if (!r.string("kind", p.kind))
    r.fail("kind", "is required: one of " + join(kinds(), ", "));
  else if (std::find(kinds().begin(), kinds().end(), p.kind) == kinds().end())
    r.fail("kind", "'" + p.kind + "' is not one of " + join(kinds(), ", "));
}

}  // namespace

Result<Policy> parse_policy(std::string_view text, std::string_view file,
                            const rules::Schema& schema) {
  RX_ASSIGN_OR_RETURN(toml::table root, config::parse_toml(text, file, "policy"));
  Errors errors(file);
  TableReader r(root, "", file, errors.list);
  Policy p;
  read_identity(r, file, p);
  require_text(r, "summary", p.summary, true);
  require_text(r, "summary_en", p.summary_en, false);
  r.string_list("materials", p.materials);
  require_text(r, "contact", p.contact, true);
  read_apply(r, errors, p.apply);
  if (const toml::array* versions = r.table_array("versions")) {
    const rules::Rule always = rules::compile("", schema).value();
    for (size_t i = 0; i < versions->size(); ++i)
      read_version(*versions->get(i)->as_table(), i, text, schema, errors,
                   p.versions.emplace_back(always));
    if (errors.list.empty()) check_sequence(p.versions, errors);
  }
  if (p.versions.empty() && !root.get("versions"))
    r.fail("versions", "at least one [[versions]] is required");
  r.reject_unknown();
  if (!errors.list.empty()) return config::errors_status(std::move(errors.list), "policy");
  return p;
}

Status check_revision(const Policy& stored, const Policy& next, std::string_view file, Date today) {
  Errors errors(file);
  for (const PolicyVersion& old : stored.versions) {
    if (today < old.valid_from) continue;  // not yet published: free to change or drop
    const std::string n = std::to_string(old.version);
    auto it = std::find_if(next.versions.begin(), next.versions.end(),
                           [&](const PolicyVersion& v) { return v.version == old.version; });
    if (it == next.versions.end()) {
      errors.add("versions", 1, 1,
                 "version " + n + " has been in force since " + old.valid_from.to_string() +
                     " and cannot be removed; end it with valid_to instead");
      continue;
    }
    const size_t index = static_cast<size_t>(it - next.versions.begin());
    const std::string field = "versions[" + std::to_string(index) + "]";
    auto changed = [&](const char* what) {
      errors.add(field + "." + what, it->line, it->column,
                 "version " + n + " has been in force since " + old.valid_from.to_string() +
                     "; its " + what + " cannot change. Add version " +
                     std::to_string(next.versions.back().version + 1) + " instead");
    };
    if (it->valid_from != old.valid_from) changed("valid_from");
    if (trim(it->eligibility) != trim(old.eligibility)) changed("eligibility");
    const Benefit &a = old.benefit, &b = it->benefit;
    if (a.text != b.text || a.fixed != b.fixed || a.rate != b.rate || a.of != b.of ||
        a.cap != b.cap)
      changed("benefit");
    if (it->valid_to && *it->valid_to < today && (!old.valid_to || *old.valid_to >= today))
      errors.add(field + ".valid_to", it->line, it->column,
                 "version " + n + " cannot end in the past (" + it->valid_to->to_string() +
                     "); it can end today, " + today.to_string() + ", at the earliest");
  }
  if (!errors.list.empty()) return config::errors_status(std::move(errors.list), "policy");
  return Status::ok();
}

std::optional<std::string> declared_id(std::string_view text) {
  auto root = config::parse_toml(text, "policy", "policy");
  if (!root.is_ok()) return std::nullopt;
  auto id = (*root)["id"].value<std::string>();
  return id ? std::optional(*id) : std::nullopt;
}

std::vector<SourceError> source_errors(const Status& status) {
  std::vector<SourceError> out;
  for (const FieldError& e : status.details()) {
    SourceError s{.field = e.field, .line = 0, .column = 0, .message = e.reason};
    // "file:line:column: message"
    const size_t c1 = e.reason.find(':');
    const size_t c2 = c1 == std::string::npos ? c1 : e.reason.find(':', c1 + 1);
    const size_t c3 = c2 == std::string::npos ? c2 : e.reason.find(':', c2 + 1);
    if (c3 != std::string::npos) {
      int line = 0, column = 0;
      const char* b = e.reason.data();
      if (std::from_chars(b + c1 + 1, b + c2, line).ec == std::errc() &&
          std::from_chars(b + c2 + 1, b + c3, column).ec == std::errc()) {
        s.line = line;
        s.column = column;
        s.message = std::string(trim(std::string_view(e.reason).substr(c3 + 1)));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace rx::policy
