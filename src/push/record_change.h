// A change to a record an institution may already hold: corrected (an objection upheld), removed,
// repaired (a data-quality fix) or revoked (the provider withdrew it). Pushed to every institution
// that received the category of that enterprise (push_record_change in corrections.h). The same
// struct is defined by the objection module; the two are meant to be one type.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"

namespace rx::push {

struct RecordChange {
  std::string uscc;
  std::string category;
  std::string record_key;  // the record's key values, e.g. "2026-10,vat"
  std::string change;      // "corrected" | "removed" | "repaired" | "revoked"
  std::optional<std::string> objection_id;
  Instant at;
};

}  // namespace rx::push
