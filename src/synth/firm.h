// Internal to the generator: the latent state of one enterprise (health, distress, life span,
// scale) that every category's rows are derived from, and the per-category generators.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "registry/enterprise.h"
#include "synth/csv_table.h"
#include "synth/rng.h"

namespace rx::synth {

// Output tables in city_categories() order.
enum class Table {
  kRegistration,
  kTax,
  kTaxCreditGrade,
  kSocialInsurance,
  kProvidentFund,
  kUtilities,
  kPublicResourceTrading,
  kIntellectualProperty,
  kLogistics,
  kAdminLicense,
  kAdminPenalty,
  kJudicial,
  kCount,
};

struct Window {
  int first_month;    // month index of the first month covered
  int last_month;     // the month before `now`
  int32_t first_day;  // first day of first_month
  int32_t last_day;   // last day of last_month: no generated date is later
};
Window make_window(Instant now, int months);

// What an industry (GB/T 4754 division) means for the generated numbers.
struct IndustryProfile {
  double revenue_per_head;  // yuan per insured employee per month
  double vat_rate;          // VAT payable / revenue for general taxpayers
  double kwh_per_head;      // electricity per employee per month
  double water_per_head;    // m³ per employee per month
  double gas_share;         // share of firms with a gas account
  double gas_per_head;      // m³ per employee per month
  double ip_rate;           // IP rights per year of age for a small firm
  double logistics_share;   // share of firms reporting to the logistics category
  double penalty_factor;    // multiplier on the penalty rate
  double trading_factor;    // multiplier on public-resource awards
  bool tech;                // patents rather than trademarks dominate
};
const IndustryProfile& industry_profile(std::string_view code);

struct Firm {
  const registry::Enterprise* e;
  int64_t index;
  uint64_t seed;
  const IndustryProfile* industry;
  double health;    // [0, 1]
  double distress;  // [0, 1]: 0 for healthy firms
  int onset_month;  // distress shows fully from here on
  int32_t reg_day;
  int32_t end_day;   // the last day the firm operates (window end for active firms)
  int first_month;   // first and last month with monthly data in the window;
  int last_month;    // first_month > last_month when none
  double headcount;  // insured staff at first_month
  int max_headcount;
  int64_t wage_fen;  // average monthly contribution base per head

  Rng rng(Stream s) const { return Rng(seed, index, s); }
  // Distress felt in month `m`: a trace before the onset, building up over six months after.
  double distress_at(int m) const;
  bool active_on(int32_t day) const { return day >= reg_day && day <= end_day; }
  bool micro() const { return e->size == registry::SizeClass::kMicro; }
  // 1 (micro), 3 (small), 10 (medium) or 40 (large): how often things happen to a firm.
  double scale() const;
};

Firm make_firm(const registry::Enterprise& e, int64_t index, uint64_t seed, const Window& w);

using Tables = std::array<CsvTable*, static_cast<size_t>(Table::kCount)>;
inline CsvTable& table(const Tables& t, Table which) {
  return *t[static_cast<size_t>(which)];
}

// Each writes the rows of its categories for one firm.
void write_registration(const Firm& f, CsvTable& out);
// Tax, social insurance, provident fund, utilities and logistics, which share a headcount.
void write_monthly(const Firm& f, const Window& w, const Tables& out);
void write_tax_grades(const Firm& f, const Window& w, CsvTable& out);
void write_penalties_and_licenses(const Firm& f, const Window& w, const Tables& out);
void write_judicial(const Firm& f, const Window& w, CsvTable& out);
void write_trading(const Firm& f, const Window& w, CsvTable& out);
void write_intellectual_property(const Firm& f, const Window& w, CsvTable& out);

// Shared helpers.
std::string_view district_name(std::string_view code);  // "浦东新区"; "" for other
std::string_view district_abbr(std::string_view code);  // "浦" as in 沪浦; "" for other
int64_t to_fen(double yuan);                            // rounded, never negative
// Appends v in decimal, zero-padded to `width` digits.
void append_int(std::string& out, int64_t v, int width = 0);
// A random day of month `m` on which the firm operates and not after the window; -1 if none.
int32_t day_in_month(const Firm& f, const Window& w, Rng& r, int m);
// True the first time `id` is seen in `used` (identifiers must be unique per firm and key).
bool claim(std::vector<std::string>& used, const std::string& id);

}  // namespace rx::synth
