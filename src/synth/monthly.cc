// Monthly categories: tax, social insurance, provident fund, utilities and logistics. They are
// generated together because they share the firm's headcount and revenue month by month;
// each draws from its own stream where it has independent choices.
#include <algorithm>
#include <cmath>

#include "synth/firm.h"

namespace rx::synth {
namespace {

// Revenue seasonality (Spring Festival in February, year-end push in December).
constexpr double kRevenueSeason[12] = {1.05, 0.75, 1.0,  1.0,  1.0,  1.02,
                                       0.98, 0.97, 1.02, 0.95, 1.05, 1.21};
// Electricity: air conditioning in summer, heating in winter.
constexpr double kPowerSeason[12] = {1.1,  0.85, 0.95, 0.9,  0.95, 1.05,
                                     1.25, 1.3,  1.1,  0.95, 0.95, 1.05};
constexpr double kGasSeason[12] = {1.35, 1.2,  1.1, 0.95, 0.85, 0.8,
                                   0.75, 0.75, 0.8, 0.9,  1.05, 1.3};

constexpr double kSocialInsuranceRate = 0.373;  // employer + employee, Shanghai 2024
constexpr double kUrbanMaintenanceRate = 0.07;
constexpr double kSmallScaleVatExemptQuarter = 300000;  // yuan of quarterly sales
constexpr double kPrice[3] = {5.8, 0.85, 4.3};          // yuan per m³ water, kWh, m³ gas
constexpr std::string_view kUtility[3] = {"water", "electricity", "gas"};

// The probability that a firm at distress d misses a payment this month.
double miss_rate(double d, double scale) {
  return 0.002 + scale * std::pow(d, 1.5);
}

struct TaxRow {
  std::string_view type;
  double payable;
  double sales = -1;  // < 0: empty
};

void write_tax(CsvTable& out, Rng& r, const Firm& f, int m, double d, const TaxRow& t) {
  int64_t payable = to_fen(t.payable), paid = payable;
  if (payable > 0 && r.chance(miss_rate(d, 0.5)))
    paid = static_cast<int64_t>(static_cast<double>(payable) * r.uniform(0, 0.6));
  out.text(f.e->uscc.str()).period(m).text(t.type).money(payable).money(paid).money(payable - paid);
  if (t.sales >= 0)
    out.money(to_fen(t.sales));
  else
    out.empty();
  out.boolean(!r.chance(0.01 + 0.35 * d)).end();
}

struct UtilityState {
  bool present = false;
  double per_head = 0;  // usage per employee per month
  int64_t arrears = 0;  // fen
  int unpaid = 0;       // consecutive months unpaid
};

}  // namespace

void write_monthly(const Firm& f, const Window& w, const Tables& out) {
  if (f.first_month > f.last_month) return;
  const IndustryProfile& ind = *f.industry;
  const std::string& uscc = f.e->uscc.str();
  const bool small = f.e->size == registry::SizeClass::kSmall;
  Rng r = f.rng(Stream::kMonthly);

  // Accounts and firm-level factors, fixed for the firm.
  const bool has_si = !(f.micro() && r.chance(0.08));
  const bool has_pf = r.chance(f.micro() ? 0.45 : small ? 0.8 : 0.97);
  const double pf_cover = r.uniform(0.6, 1.0);
  const double pf_rate = 2 * static_cast<double>(r.range(5, 7)) / 100;  // both sides
  UtilityState util[3];
  util[0].present = r.chance(f.micro() ? 0.55 : 0.9);
  util[0].per_head = ind.water_per_head * r.lognormal(0, 0.3);
  util[1].present = r.chance(f.micro() ? 0.75 : 0.97);
  util[1].per_head = ind.kwh_per_head * r.lognormal(0, 0.3);
  util[2].present = r.chance(ind.gas_share);
  util[2].per_head = ind.gas_per_head * r.lognormal(0, 0.3);
  const double revenue_factor = r.lognormal(0, 0.35) * (0.8 + 0.4 * f.health);
  const double margin = 0.03 + 0.12 * (f.health - 0.4) + 0.03 * r.normal();
  const double vat_factor = r.lognormal(0, 0.25);
  const bool general_taxpayer = !f.micro() || r.chance(0.1);  // else small-scale, quarterly VAT
  const double cit_rate = f.micro() || small ? 0.05 : 0.25;
  const double trend = 0.004 * (f.health - 0.45);

  Rng lr = f.rng(Stream::kLogistics);
  const bool has_logistics = lr.chance(ind.logistics_share * (f.micro() ? 0.5 : 1.0));
  const double warehouse_area = f.headcount * lr.uniform(15, 120) + 50;
  const double yuan_per_tonne = lr.uniform(3000, 30000);
  const bool customs = lr.chance(f.e->industry[0] == 'G' ? 0.6 : 0.45);

  double hc = f.headcount;
  int prev = std::max(1, static_cast<int>(std::lround(hc)));
  int si_arrears = 0, pf_arrears = 0;
  bool pf_deferred = false;
  double quarter_revenue = 0;
  const bool closes = f.last_month < w.last_month;  // the firm stops inside the window

  for (int m = f.first_month; m <= f.last_month; ++m) {
    const double d = f.distress_at(m);
    const int moy = month_of_year(m);

    hc *= std::exp(trend - 0.06 * d + 0.02 * r.normal());
    hc = std::clamp(hc, 1.0, static_cast<double>(f.max_headcount));
    const int n = static_cast<int>(std::lround(hc));
    int churn = static_cast<int>(prev * r.uniform(0, 0.03)) + (prev > 1 && r.chance(0.15));
    int added = churn + std::max(0, n - prev), removed = churn + std::max(0, prev - n);
    if (m == month_of_day(f.reg_day)) added = n, removed = 0;
    prev = n;

    const double revenue = n * ind.revenue_per_head * revenue_factor * kRevenueSeason[moy - 1] *
                           (1 - 0.5 * d) * r.lognormal(0, 0.15);
    const double payroll = static_cast<double>(n) * static_cast<double>(f.wage_fen) / 100;
    quarter_revenue += revenue;

    // Tax: VAT and its surcharge, withheld income tax monthly; CIT, stamp duty and small-scale
    // VAT quarterly, and at the month a firm closes (清税申报).
    CsvTable& tax = table(out, Table::kTax);
    const bool quarter_end = moy % 3 == 0 || (closes && m == f.last_month);
    double vat = -1, vat_sales = 0;
    if (general_taxpayer) {
      vat = revenue * ind.vat_rate * vat_factor, vat_sales = revenue;
    } else if (quarter_end) {
      vat = quarter_revenue > kSmallScaleVatExemptQuarter ? quarter_revenue * 0.01 : 0;
      vat_sales = quarter_revenue;
    }
    if (vat >= 0) {
      write_tax(tax, r, f, m, d, {"vat", vat, vat_sales});
      if (vat > 0) write_tax(tax, r, f, m, d, {"urban_maintenance", vat * kUrbanMaintenanceRate});
    }
    const double taxable_wage = static_cast<double>(f.wage_fen) / 100 * 0.895 - 5000 - 1500;
    write_tax(tax, r, f, m, d,
              {"individual_income_withheld", taxable_wage > 0 ? n * taxable_wage * 0.05 : 0});
    if (quarter_end) {
      const double profit = quarter_revenue * (margin - 0.2 * d);
      write_tax(tax, r, f, m, d, {"corporate_income", profit > 0 ? profit * cit_rate : 0});
      write_tax(tax, r, f, m, d,
                {"stamp", quarter_revenue * (general_taxpayer ? 0.0003 : 0.00015)});
      quarter_revenue = 0;
    }

    if (has_si) {
      const int64_t base = to_fen(payroll);
      const int64_t due = to_fen(payroll * kSocialInsuranceRate);
      int64_t paid = due;
      if (r.chance(miss_rate(d, 0.6))) {
        paid = 0, ++si_arrears;
      } else if (si_arrears > 0 && r.chance(0.35 - 0.3 * d)) {
        paid = due * (1 + si_arrears), si_arrears = 0;  // back payment
      }
      table(out, Table::kSocialInsurance)
          .text(uscc)
          .period(m)
          .integer(n)
          .integer(added)
          .integer(removed)
          .money(base)
          .money(due)
          .money(paid)
          .integer(si_arrears)
          .end();
    }

    if (has_pf) {
      // A firm that closes seals its account (封存) in its last month.
      const int depositors =
          closes && m == f.last_month ? 0 : static_cast<int>(std::lround(n * pf_cover));
      int64_t deposit = 0;
      std::string_view status = "normal";
      if (!pf_deferred && d > 0.4 && r.chance(0.05)) pf_deferred = true;
      if (depositors == 0) {
        status = "sealed";
      } else if (pf_deferred) {
        status = "deferred";
      } else if (r.chance(miss_rate(d, 0.5))) {
        ++pf_arrears;
      } else {
        deposit = to_fen(depositors * static_cast<double>(f.wage_fen) / 100 * pf_rate);
        if (pf_arrears > 0 && r.chance(0.35 - 0.3 * d)) deposit *= 1 + pf_arrears, pf_arrears = 0;
      }
      table(out, Table::kProvidentFund)
          .text(uscc)
          .period(m)
          .integer(depositors)
          .money(deposit)
          .integer(pf_arrears)
          .text(status)
          .end();
    }

    for (int u = 0; u < 3; ++u) {
      UtilityState& s = util[u];
      if (!s.present) continue;
      const double season = u == 1 ? kPowerSeason[moy - 1] : u == 2 ? kGasSeason[moy - 1] : 1.0;
      const int64_t usage = static_cast<int64_t>(
          std::llround(n * s.per_head * season * (1 - 0.3 * d) * r.lognormal(0, 0.1) * 100));
      const int64_t amount = to_fen(static_cast<double>(usage) / 100 * kPrice[u]);
      if (r.chance(miss_rate(d, 0.5))) {
        s.arrears += amount, ++s.unpaid;
      } else if (s.arrears > 0 && r.chance(0.6)) {
        s.arrears = 0, s.unpaid = 0;
      }
      int cuts = s.unpaid >= 2 && r.chance(0.4) ? 1 + (s.unpaid >= 4 && r.chance(0.3)) : 0;
      table(out, Table::kUtilities)
          .text(uscc)
          .period(m)
          .text(kUtility[u])
          .fixed(usage, 2)
          .money(amount)
          .money(s.arrears)
          .integer(cuts)
          .end();
    }

    if (has_logistics) {
      // In trouble, goods move less and stock piles up.
      const double inbound = revenue / yuan_per_tonne * lr.lognormal(0, 0.1);
      const double outbound = inbound * (1 - 0.3 * d) * lr.lognormal(0, 0.05);
      const double inventory = revenue * lr.uniform(0.8, 1.5) * (1 + d);
      int64_t declarations = 0, customs_value = 0;
      if (customs) {
        declarations = lr.poisson((n * 0.4 + 1) * (1 - 0.5 * d));
        for (int64_t i = 0; i < std::min<int64_t>(declarations, 20); ++i)
          customs_value += to_fen(lr.lognormal(std::log(200000), 0.8));
        if (declarations > 20) customs_value = customs_value / 20 * declarations;
      }
      table(out, Table::kLogistics)
          .text(uscc)
          .period(m)
          .fixed(static_cast<int64_t>(std::llround(warehouse_area * 100)), 2)
          .money(to_fen(inventory))
          .fixed(static_cast<int64_t>(std::llround(inbound * 1000)), 3)
          .fixed(static_cast<int64_t>(std::llround(outbound * 1000)), 3)
          .integer(declarations)
          .money(customs_value)
          .end();
    }
  }
}

}  // namespace rx::synth
