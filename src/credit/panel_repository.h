// Builds Panels from the record tables of the shared catalogue (data_<category>): current
// records only (superseded ones never count), events within their category's retention.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/status.h"
#include "credit/indicator_library.h"
#include "credit/panel.h"
#include "store/database.h"

namespace rx::credit {

struct EnterpriseList {
  std::vector<std::string> usccs;       // ascending
  std::vector<std::string> industries;  // GB/T 4754 division of each, in the same order
};
// Every registered enterprise; with `registered_by`, only those registered on or before that
// day (days since 1970-01-01).
Result<EnterpriseList> list_enterprises(store::Session& session,
                                        std::optional<int32_t> registered_by = {});

// A Panel for `usccs` (ascending) as of month `as_of`, `months` long.
// REQUIRES: the catalogue's record tables exist (ingest::ensure_tables, which publishing the
// catalogue runs in every command); empty tables leave series missing and events empty.
Result<Panel> load_panel(store::Session& session, const catalog::Catalog& catalog,
                         const IndicatorLibrary& library, std::span<const std::string> usccs,
                         MonthIndex as_of, int months);

// "YYYY-MM" -> MonthIndex; invalid_argument naming the text otherwise.
Result<MonthIndex> parse_month(std::string_view text);

}  // namespace rx::credit
