#include "registry/institution.h"

#include <algorithm>

#include "core/text.h"
#include "ledger/ledger.h"

namespace rx::registry {
namespace {

Institution from_row(const store::Row& r) {
  return {r.text(0), r.text(1), r.text(2), instant_from_micros(r.integer(3))};
}

}  // namespace

const std::vector<std::string>& institution_kinds() {
  static const std::vector<std::string> kKinds = {"bank",    "insurer",  "guarantee", "small_loan",
                                                  "leasing", "investor", "other"};
  return kKinds;
}

Status validate_institution(const Institution& i) {
  std::vector<FieldError> errors;
  const bool id_ok =
      !i.id.empty() && i.id.size() <= 64 && std::all_of(i.id.begin(), i.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
      });
  if (!id_ok) errors.push_back({"id", "must be 1-64 of A-Z, a-z, 0-9, '_' and '-'"});
  if (i.name.empty() || i.name.size() > 300) errors.push_back({"name", "must be 1-300 bytes"});
  const auto& kinds = institution_kinds();
  if (std::find(kinds.begin(), kinds.end(), i.kind) == kinds.end())
    errors.push_back({"kind",
                      "must be one of bank, insurer, guarantee, small_loan, leasing, "
                      "investor, other"});
  if (!errors.empty()) return invalid_argument("the institution is not valid", std::move(errors));
  return Status::ok();
}

Result<Institution> InstitutionRepository::create(Institution i) {
  RX_RETURN_IF_ERROR(validate_institution(i));
  i.created_at = clock_.now();
  Status st = db_.write([&](store::Session& s) -> Status {
    ledger::Entry e;
    e.id = "institution/" + i.id;
    e.at = i.created_at;
    e.actor = {"admin", "", "", ""};
    e.action = std::string(ledger::action::kAdminChange);
    e.outcome = "done";
    e.reason = "institution registered: kind=" + i.kind;
    e.ref = i.id;
    RX_RETURN_IF_ERROR(ledger::append(s, e));
    return s
        .execute("INSERT INTO institutions (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
                 {i.id, i.name, i.kind, micros(i.created_at)})
        .status();
  });
  if (st.code() == StatusCode::kAlreadyExists)
    return already_exists("institution '" + i.id + "' already exists");
  RX_RETURN_IF_ERROR(st);
  return i;
}

Result<std::vector<Institution>> InstitutionRepository::list() {
  std::vector<Institution> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(store::Rows rows,
                        s.query("SELECT id, name, kind, created_at FROM institutions ORDER BY id"));
    for (const store::Row& r : rows) out.push_back(from_row(r));
    return Status::ok();
  }));
  return out;
}

Result<std::optional<Institution>> find_institution(store::Session& s, std::string_view id) {
  RX_ASSIGN_OR_RETURN(store::Rows rows,
                      s.query("SELECT id, name, kind, created_at FROM institutions WHERE id = ?",
                              {std::string(id)}));
  if (rows.empty()) return std::optional<Institution>();
  return std::optional<Institution>(from_row(rows[0]));
}

}  // namespace rx::registry
