#include "credit/sample.h"

#include <cmath>
#include <cstdio>

#include "credit/indicators.h"
#include "credit/panel_repository.h"

namespace rx::credit {
namespace {

template <typename Spec>
Result<std::vector<size_t>> indices_of(const std::vector<Spec>& specs,
                                       std::span<const std::string_view> ids, const char* what) {
  std::vector<size_t> out;
  for (std::string_view id : ids) {
    size_t i = 0;
    while (i < specs.size() && specs[i].id != id) ++i;
    if (i == specs.size())
      return failed_precondition("the indicator library has no " + std::string(what) + " '" +
                                 std::string(id) + "', which the sample outcome needs");
    out.push_back(i);
  }
  return out;
}

void append_number(std::string& out, float v) {
  if (std::isnan(v)) return;
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", static_cast<double>(v));
  out += text;
}

}  // namespace

Result<SampleSummary> build_sample(store::Database& db, const catalog::Catalog& catalog,
                                   const IndicatorLibrary& library, const SampleOptions& options,
                                   const std::function<Status(std::string_view)>& write) {
  if (options.horizon < 1 || options.horizon > 36)
    return invalid_argument("the outcome horizon must be 1 to 36 months");
  RX_ASSIGN_OR_RETURN(auto events, indices_of(library.events, kOutcomeEvents, "event"));
  RX_ASSIGN_OR_RETURN(auto arrears, indices_of(library.series, kOutcomeArrears, "series"));
  const int32_t observed_end = last_day_of(options.as_of);
  std::vector<std::string> usccs;
  RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(EnterpriseList list, list_enterprises(s, observed_end));
    usccs = std::move(list.usccs);
    return Status::ok();
  }));
  std::string header = "uscc";
  for (const IndicatorSpec& s : library.indicators) header += "," + s.id;
  RX_RETURN_IF_ERROR(write(header + ",bad\n"));
  const MonthIndex outcome_month = options.as_of + options.horizon;
  SampleSummary summary;
  const int64_t total = static_cast<int64_t>(usccs.size());
  for (int64_t start = 0; start < total; start += options.chunk_size) {
    const auto chunk = std::span<const std::string>(usccs).subspan(
        static_cast<size_t>(start),
        static_cast<size_t>(std::min(options.chunk_size, total - start)));
    std::optional<Panel> observed, outcome;
    RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
      RX_ASSIGN_OR_RETURN(
          observed, load_panel(s, catalog, library, chunk, options.as_of, library.months_needed()));
      RX_ASSIGN_OR_RETURN(outcome,
                          load_panel(s, catalog, library, chunk, outcome_month, options.horizon));
      return Status::ok();
    }));
    const IndicatorTable x = compute_indicators(library, *observed);
    std::string text;
    for (size_t i = 0; i < chunk.size(); ++i) {
      const auto row = x.row(static_cast<int64_t>(i));
      bool bad = false;
      for (size_t k : events) {
        const EventColumn& c = outcome->events(k);
        for (int64_t j = c.offsets[i]; j < c.offsets[i + 1] && !bad; ++j)
          bad = c.day[static_cast<size_t>(j)] > observed_end;
      }
      for (size_t k : arrears) {
        int months = 0;
        for (float v : outcome->series(k, static_cast<int64_t>(i))) months += v > 0;
        bad = bad || months >= kBadArrearsMonths;
      }
      text += chunk[i];
      for (float v : row) {
        text += ',';
        append_number(text, v);
      }
      text += bad ? ",1\n" : ",0\n";
      ++summary.rows;
      summary.bad += bad;
    }
    RX_RETURN_IF_ERROR(write(text));
  }
  return summary;
}

}  // namespace rx::credit
