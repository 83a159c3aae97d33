#include "monitor/usage.h"

#include "monitor/counters.h"

namespace rx::monitor {
namespace {

using store::Row;
using store::Rows;
using store::Value;

constexpr int64_t kHourUs = 3'600'000'000;
constexpr std::string_view kDenied =
    "CAST(SUM(CASE WHEN outcome = 'denied' THEN n ELSE 0 END) AS BIGINT)";

struct Filter {
  std::string where;
  std::vector<Value> params;
};

Filter filter(const UsageQuery& q, std::string_view dim) {
  Filter f{"dimension = ? AND hour_start >= ? AND hour_start < ?",
           {Value(std::string(dim)), Value(q.from_hour), Value(q.to_hour)}};
  if (q.institution_id) {
    f.where += " AND institution_id = ?";
    f.params.emplace_back(*q.institution_id);
  }
  return f;
}

// The top `q.top` values of `column` among rows of `dim`.
Result<std::vector<Ranked>> ranking(store::Session& s, const UsageQuery& q, std::string_view dim,
                                    std::string_view column, std::string_view extra = "") {
  Filter f = filter(q, dim);
  f.params.emplace_back(int64_t{q.top});
  std::string sql = "SELECT " + std::string(column) + ", CAST(SUM(n) AS BIGINT), " +
                    std::string(kDenied) + " FROM monitor_counts WHERE " + f.where +
                    std::string(extra) + " GROUP BY " + std::string(column) +
                    " ORDER BY 2 DESC, 1 LIMIT ?";
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, f.params));
  std::vector<Ranked> out;
  for (const Row& r : rows) out.push_back({r.text(0), "", r.integer(1), r.integer(2)});
  return out;
}

}  // namespace

Result<Usage> read_usage(store::Session& s, const UsageQuery& q) {
  Usage u;
  for (int64_t h = q.from_hour; h < q.to_hour; h += kHourUs) u.hours.push_back({h, 0, 0, 0});
  Filter all = filter(q, dimension::kAll);
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT hour_start, outcome, CAST(SUM(n) AS BIGINT) FROM "
                                         "monitor_counts WHERE " +
                                             all.where + " GROUP BY hour_start, outcome",
                                         all.params));
  for (const Row& r : rows) {
    const int64_t at = r.integer(0), n = r.integer(2);
    HourPoint& p = u.hours.at(static_cast<size_t>((at - q.from_hour) / kHourUs));
    const std::string& outcome = r.text(1);
    (outcome == "allowed" ? p.allowed : outcome == "denied" ? p.denied : p.done) += n;
    u.total += n;
    if (outcome == "denied") u.denied += n;
  }
  RX_ASSIGN_OR_RETURN(u.institutions, ranking(s, q, dimension::kAll, "institution_id",
                                              " AND institution_id <> ''"));
  if (!u.institutions.empty()) {
    std::vector<Value> ids;
    std::string marks;
    for (const Ranked& r : u.institutions) {
      ids.emplace_back(r.item);
      marks += marks.empty() ? "?" : ", ?";
    }
    RX_ASSIGN_OR_RETURN(
        Rows names, s.query("SELECT id, name FROM institutions WHERE id IN (" + marks + ")", ids));
    for (const Row& n : names)
      for (Ranked& r : u.institutions)
        if (r.item == n.text(0)) r.name = n.text(1);
  }
  RX_ASSIGN_OR_RETURN(u.actions, ranking(s, q, dimension::kAll, "action"));
  RX_ASSIGN_OR_RETURN(u.enterprises, ranking(s, q, dimension::kEnterprise, "item"));
  RX_ASSIGN_OR_RETURN(u.categories, ranking(s, q, dimension::kCategory, "item"));
  RX_ASSIGN_OR_RETURN(u.purposes, ranking(s, q, dimension::kPurpose, "item"));
  RX_ASSIGN_OR_RETURN(u.reasons, ranking(s, q, dimension::kReason, "item"));
  RX_ASSIGN_OR_RETURN(u.keys, ranking(s, q, dimension::kKey, "item"));
  return u;
}

}  // namespace rx::monitor
