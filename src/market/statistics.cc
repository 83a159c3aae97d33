#include "market/statistics.h"

#include <map>

namespace rx::market {
namespace {

constexpr std::string_view kApproved =
    "('approved', 'contract_signed', 'disbursed', 'repaying', 'settled', 'overdue', "
    "'defaulted')";
constexpr std::string_view kAwaiting =
    "('submitted', 'accepted', 'under_review', 'info_requested')";

std::string key_expression(StatsDimension by) {
  switch (by) {
    case StatsDimension::kDistrict:
      return "e.district";
    case StatsDimension::kIndustry:
      return "substr(e.industry, 1, 1)";
    case StatsDimension::kSize:
      return "e.size_class";
    case StatsDimension::kProductType:
      return "p.type";
  }
  return "e.district";
}

}  // namespace

std::optional<StatsDimension> parse_stats_dimension(std::string_view text) {
  if (text == "district") return StatsDimension::kDistrict;
  if (text == "industry") return StatsDimension::kIndustry;
  if (text == "size") return StatsDimension::kSize;
  if (text == "product_type") return StatsDimension::kProductType;
  return std::nullopt;
}

Result<std::vector<StatsRow>> market_statistics(store::Session& s, StatsDimension by, Instant now) {
  const std::string key = key_expression(by), approved(kApproved), awaiting(kAwaiting);
  const std::string sql =
      "SELECT " + key +
      ", count(*),"
      " sum(CASE WHEN a.state IN " +
      approved +
      " OR a.state = 'declined' THEN 1 ELSE 0 END),"
      " sum(CASE WHEN a.state IN " +
      approved +
      " THEN 1 ELSE 0 END),"
      " sum(CASE WHEN a.state = 'declined' THEN 1 ELSE 0 END),"
      " count(l.application_id), CAST(COALESCE(sum(l.principal), 0) AS BIGINT),"
      " avg(CASE WHEN a.decided_at IS NOT NULL THEN (a.decided_at - a.submitted_at) / "
      "3600000000.0 END),"
      " sum(CASE WHEN (a.decided_at IS NOT NULL AND a.decided_at > a.sla_due_at) OR"
      " (a.state IN " +
      awaiting +
      " AND a.sla_due_at < ?) THEN 1 ELSE 0 END),"
      " sum(CASE WHEN a.state IN " +
      awaiting +
      " THEN 1 ELSE 0 END),"
      " sum(CASE WHEN a.referred_from IS NOT NULL THEN 1 ELSE 0 END),"
      " sum(CASE WHEN a.referred_from IS NOT NULL AND a.state IN " +
      approved +
      " THEN 1 ELSE 0 END)"
      " FROM market_applications a JOIN enterprises e ON e.uscc = a.uscc"
      " JOIN market_products p ON p.id = a.product_id"
      " LEFT JOIN market_loans l ON l.application_id = a.id"
      " GROUP BY " +
      key;
  RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(sql, {micros(now)}));
  std::map<std::string, StatsRow> out;
  for (const store::Row& r : rows) {
    StatsRow& row = out[r.text(0)];
    row.key = r.text(0);
    row.applications = r.integer(1);
    row.decided = r.integer(2);
    row.approved = r.integer(3);
    row.declined = r.integer(4);
    row.disbursed_loans = r.integer(5);
    row.disbursed_amount = r.integer(6);
    row.avg_decision_hours = r.maybe_real(7);
    row.sla_breached = r.integer(8);
    row.awaiting = r.integer(9);
    row.referred = r.integer(10);
    row.referred_approved = r.integer(11);
  }
  // Demands have no product: by product type they are not counted.
  if (by != StatsDimension::kProductType) {
    RX_ASSIGN_OR_RETURN(store::Rows demands,
                        s.query("SELECT " + key +
                                ", count(*) FROM market_demands d JOIN enterprises e ON e.uscc = "
                                "d.uscc GROUP BY " +
                                key));
    for (const store::Row& r : demands) {
      StatsRow& row = out[r.text(0)];
      row.key = r.text(0);
      row.demands = r.integer(1);
    }
  }
  std::vector<StatsRow> list;
  for (auto& [k, row] : out) list.push_back(std::move(row));
  return list;
}

}  // namespace rx::market
