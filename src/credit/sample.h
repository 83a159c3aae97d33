// Labelled samples from platform data for the model lab (样本库): every enterprise registered
// by the observation month, its indicators as of that month, and whether it turned bad in the
// `horizon` months after. Bad (1) means, within the horizon: a new dishonest-debtor or
// enforcement record, or three or more months of tax or social-insurance arrears. The outcome
// reads the library's series and events named below, so the library must define them.
#pragma once

#include <functional>
#include <string_view>

#include "catalog/catalog.h"
#include "credit/indicator_library.h"
#include "credit/panel.h"
#include "store/database.h"

namespace rx::credit {

inline constexpr std::string_view kOutcomeEvents[] = {"dishonest_debtor", "enforcement"};
inline constexpr std::string_view kOutcomeArrears[] = {"tax_arrears", "social_insurance_arrears"};
inline constexpr int kBadArrearsMonths = 3;

struct SampleOptions {
  MonthIndex as_of{};  // the observation month
  int horizon = 12;    // months of outcome after it
  int64_t chunk_size = 20000;
};

struct SampleSummary {
  int64_t rows = 0;
  int64_t bad = 0;
};

// Writes CSV (header: uscc, every indicator id, bad; missing values empty) to `write` in
// chunks. The caller picks an observation month whose horizon has ended.
Result<SampleSummary> build_sample(store::Database& db, const catalog::Catalog& catalog,
                                   const IndicatorLibrary& library, const SampleOptions& options,
                                   const std::function<Status(std::string_view)>& write);

}  // namespace rx::credit
