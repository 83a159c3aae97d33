#include "synth/city.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "registry/synthetic.h"
#include "synth/firm.h"

namespace rx::synth {
namespace {

// Columns exactly as the [[fields]] of data/catalog/<id>.toml (checked by the tests).
constexpr std::string_view kRegistration[] = {"uscc",
                                              "name",
                                              "district",
                                              "industry",
                                              "size",
                                              "registration_date",
                                              "registered_capital_amount",
                                              "status",
                                              "legal_representative",
                                              "legal_representative_id",
                                              "contact_phone"};
constexpr std::string_view kTax[] = {"uscc",
                                     "period",
                                     "tax_type",
                                     "tax_payable_amount",
                                     "tax_paid_amount",
                                     "arrears_amount",
                                     "sales_revenue_amount",
                                     "declared_on_time"};
constexpr std::string_view kTaxCreditGrade[] = {"uscc", "year", "grade", "evaluated_on"};
constexpr std::string_view kSocialInsurance[] = {"uscc",
                                                 "period",
                                                 "insured_headcount",
                                                 "added_headcount",
                                                 "removed_headcount",
                                                 "contribution_base_amount",
                                                 "contributions_due_amount",
                                                 "contributions_paid_amount",
                                                 "arrears_months"};
constexpr std::string_view kProvidentFund[] = {
    "uscc", "period", "depositors", "deposit_amount", "arrears_months", "account_status"};
constexpr std::string_view kUtilities[] = {"uscc",   "period",         "utility",       "usage",
                                           "amount", "arrears_amount", "disconnections"};
constexpr std::string_view kPublicResourceTrading[] = {
    "uscc",      "project_code", "project_name",    "project_type",
    "purchaser", "award_date",   "contract_amount", "bidders"};
constexpr std::string_view kIntellectualProperty[] = {
    "uscc",   "ip_type", "registration_number", "title", "application_date", "grant_date",
    "status", "pledged", "pledge_amount"};
constexpr std::string_view kLogistics[] = {
    "uscc",           "period",          "warehouse_area",       "inventory_value_amount",
    "inbound_tonnes", "outbound_tonnes", "customs_declarations", "customs_value_amount"};
constexpr std::string_view kAdminLicense[] = {
    "uscc",          "decision_number", "license_name", "license_category", "authority",
    "decision_date", "valid_from",      "valid_to",     "publication_date", "content"};
constexpr std::string_view kAdminPenalty[] = {"uscc",      "decision_number", "penalty_type",
                                              "severity",  "violation",       "basis",
                                              "content",   "fine_amount",     "confiscation_amount",
                                              "authority", "decision_date",   "publication_date"};
constexpr std::string_view kJudicial[] = {"uscc",   "case_number", "record_type", "role",
                                          "court",  "cause",       "filing_date", "closing_date",
                                          "amount", "status"};

// In Table order.
constexpr CategoryColumns kCategories[] = {
    {"registration", kRegistration},
    {"tax", kTax},
    {"tax_credit_grade", kTaxCreditGrade},
    {"social_insurance", kSocialInsurance},
    {"provident_fund", kProvidentFund},
    {"utilities", kUtilities},
    {"public_resource_trading", kPublicResourceTrading},
    {"intellectual_property", kIntellectualProperty},
    {"logistics", kLogistics},
    {"admin_license", kAdminLicense},
    {"admin_penalty", kAdminPenalty},
    {"judicial", kJudicial},
};
static_assert(std::size(kCategories) == static_cast<size_t>(Table::kCount));

class FileSink final : public Sink {
 public:
  FileSink(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  ~FileSink() override {
    if (file_) std::fclose(file_);
  }
  Status write(std::string_view bytes) override {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
      return unavailable("cannot write " + path_ + ": " + std::strerror(errno));
    return Status::ok();
  }
  Status close() override {
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0)
      return unavailable("cannot write " + path_ + ": " + std::strerror(errno));
    return Status::ok();
  }

 private:
  std::FILE* file_;
  std::string path_;
};

}  // namespace

std::span<const CategoryColumns> city_categories() {
  return kCategories;
}

Result<CityStats> generate_city(const CityOptions& options, const SinkFactory& open,
                                const Progress& progress) {
  std::vector<std::unique_ptr<Sink>> sinks;
  std::vector<std::unique_ptr<CsvTable>> tables;
  Tables t{};
  for (size_t i = 0; i < std::size(kCategories); ++i) {
    RX_ASSIGN_OR_RETURN(auto sink, open(kCategories[i].id));
    sinks.push_back(std::move(sink));
    tables.push_back(std::make_unique<CsvTable>(sinks.back().get(), kCategories[i].columns));
    t[i] = tables.back().get();
  }

  const Window w = make_window(options.now, options.months);
  int64_t index = 0;
  Status failed;
  bool broken = false;  // a sink failed: skip the remaining work (the registry still iterates)
  registry::generate_enterprises(
      options.enterprises, options.seed, options.now, [&](registry::Enterprise&& e) {
        if (broken) return;
        const Firm f = make_firm(e, index, options.seed, w);
        write_registration(f, table(t, Table::kRegistration));
        write_monthly(f, w, t);
        write_tax_grades(f, w, table(t, Table::kTaxCreditGrade));
        write_penalties_and_licenses(f, w, t);
        write_judicial(f, w, table(t, Table::kJudicial));
        write_trading(f, w, table(t, Table::kPublicResourceTrading));
        write_intellectual_property(f, w, table(t, Table::kIntellectualProperty));
        ++index;
        if (index % 4096 != 0) return;
        for (const auto& table : tables) broken = broken || !table->status().is_ok();
        if (progress) progress(index, options.enterprises);
      });

  CityStats stats;
  for (size_t i = 0; i < tables.size(); ++i) {
    Status s = tables[i]->flush();
    if (s.is_ok()) s = sinks[i]->close();
    if (!s.is_ok() && failed.is_ok()) failed = s;
    stats.rows.emplace_back(std::string(kCategories[i].id), tables[i]->rows());
  }
  if (!failed.is_ok()) return failed;
  if (progress) progress(index, options.enterprises);
  return stats;
}

Result<CityStats> write_city(const CityOptions& options, const std::string& dir,
                             const Progress& progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return unavailable("cannot create " + dir + ": " + ec.message());
  return generate_city(
      options,
      [&](std::string_view id) -> Result<std::unique_ptr<Sink>> {
        std::string path = (std::filesystem::path(dir) / (std::string(id) + ".csv")).string();
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (!file) return unavailable("cannot create " + path + ": " + std::strerror(errno));
        return std::unique_ptr<Sink>(std::make_unique<FileSink>(file, path));
      },
      progress);
}

}  // namespace rx::synth
