#include "credit/panel_repository.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "core/time.h"
#include "ingest/record_table.h"

namespace rx::credit {
namespace {

using store::Rows;
using store::Session;
using store::Value;

int digits(std::string_view text, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// Stored dates and periods are canonical (the ingest validated them), so a fixed-position
// parse is enough; anything else is skipped.
std::optional<int32_t> day_of(std::string_view text) {
  const int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return first_day_of(month_index(y, m)) + d - 1;
}

// " AND field = $n" for each filter; booleans are stored as 0/1.
std::string where_sql(const catalog::Category& c, const Where& where, std::vector<Value>& params) {
  std::string sql;
  for (const auto& [field, value] : where) {
    params.push_back(c.field(field)->type == catalog::FieldType::kBoolean
                         ? Value(int64_t{value == "true"})
                         : Value(value));
    sql += " AND " + ingest::sql_identifier(field) + " = ?";
  }
  return sql;
}

// Decimals are stored as canonical text; everything numeric is summed as a number.
std::string numeric_sql(Session& s, const catalog::Category& c, const std::string& field) {
  const std::string column = ingest::sql_identifier(field);
  if (c.field(field)->type != catalog::FieldType::kDecimal) return column;
  return "CAST(" + column +
         (s.dialect() == store::Dialect::kSqlite ? " AS REAL)" : " AS DOUBLE PRECISION)");
}

class PanelLoader {
 public:
  PanelLoader(Session& s, const catalog::Catalog& catalog, std::span<const std::string> usccs,
              Panel& panel)
      : s_(s), catalog_(catalog), usccs_(usccs), panel_(panel) {
    index_.reserve(usccs.size());
    for (size_t i = 0; i < usccs.size(); ++i) index_.emplace(usccs[i], static_cast<int64_t>(i));
  }

  Status series(size_t k, const SeriesSpec& spec) {
    const catalog::Category& c = *catalog_.category(spec.category);
    const std::string table = ingest::table_name(c);
    std::vector<Value> params = range_params();
    params.push_back(Value(month_text(panel_.first_month())));
    params.push_back(Value(month_text(panel_.as_of())));
    const std::string time = ingest::sql_identifier(c.time_field);
    const std::string sql = "SELECT uscc, " + time + ", SUM(" + numeric_sql(s_, c, spec.field) +
                            ") FROM " + table + " WHERE _superseded_at IS NULL" +
                            " AND uscc >= ? AND uscc <= ? AND " + time + " >= ? AND " + time +
                            " <= ?" + where_sql(c, spec.where, params) + " GROUP BY uscc, " + time;
    RX_ASSIGN_OR_RETURN(Rows rows, s_.query(sql, params));
    for (const store::Row& r : rows) {
      const int64_t e = enterprise(r.text(0));
      const std::string& period = r.text(1);
      const int y = digits(period, 0, 4), m = digits(period, 5, 2);
      if (e < 0 || y < 0 || m < 1 || m > 12 || r.is_null(2)) continue;
      panel_.add(k, e, month_index(y, m), static_cast<float>(r.real(2) * spec.scale));
    }
    return Status::ok();
  }

  Status events(size_t k, const EventSpec& spec) {
    const catalog::Category& c = *catalog_.category(spec.category);
    const std::string table = ingest::table_name(c);
    std::vector<Value> params = range_params();
    const int32_t first = first_day_of(panel_.as_of() - spec.retention_months + 1);
    params.push_back(Value(Date::from_days(first).to_string()));
    params.push_back(Value(Date::from_days(last_day_of(panel_.as_of())).to_string()));
    const std::string date = ingest::sql_identifier(spec.date_field);
    const std::string value = spec.value_field.empty()  ? "NULL"
                              : !spec.value_map.empty() ? ingest::sql_identifier(spec.value_field)
                                                        : numeric_sql(s_, c, spec.value_field);
    const std::string sql = "SELECT uscc, " + date + ", " + value + " FROM " + table +
                            " WHERE _superseded_at IS NULL AND uscc >= ? AND uscc <= ? AND " +
                            date + " >= ? AND " + date + " <= ?" + where_sql(c, spec.where, params);
    RX_ASSIGN_OR_RETURN(Rows rows, s_.query(sql, params));
    EventColumnBuilder builder;
    for (const store::Row& r : rows) {
      const int64_t e = enterprise(r.text(0));
      const std::optional<int32_t> day = r.is_null(1) ? std::nullopt : day_of(r.text(1));
      if (e < 0 || !day) continue;
      builder.add(e, *day, event_value(spec, r));
    }
    panel_.set_events(k, builder.build(panel_.size()));
    return Status::ok();
  }

 private:
  std::vector<Value> range_params() const { return {Value(usccs_.front()), Value(usccs_.back())}; }
  int64_t enterprise(const std::string& uscc) const {
    auto it = index_.find(uscc);
    return it == index_.end() ? -1 : it->second;
  }
  static float event_value(const EventSpec& spec, const store::Row& r) {
    if (r.is_null(2)) return kMissing;
    if (!spec.value_map.empty()) {
      const std::string& text = r.text(2);
      for (const auto& [name, number] : spec.value_map)
        if (name == text) return static_cast<float>(number);
      return kMissing;
    }
    return static_cast<float>(r.real(2) * spec.scale);
  }

  Session& s_;
  const catalog::Catalog& catalog_;
  std::span<const std::string> usccs_;
  Panel& panel_;
  std::unordered_map<std::string_view, int64_t> index_;
};

}  // namespace

Result<MonthIndex> parse_month(std::string_view text) {
  const int y = digits(text, 0, 4), m = digits(text, 5, 2);
  if (text.size() != 7 || text[4] != '-' || y < 1900 || m < 1 || m > 12)
    return invalid_argument("'" + std::string(text) + "' is not a month (YYYY-MM)");
  return month_index(y, m);
}

Result<EnterpriseList> list_enterprises(Session& session, std::optional<int32_t> registered_by) {
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      registered_by
          ? session.query("SELECT uscc, industry FROM enterprises WHERE registration_date <= ? "
                          "ORDER BY uscc",
                          {Value(Date::from_days(*registered_by).to_string())})
          : session.query("SELECT uscc, industry FROM enterprises ORDER BY uscc"));
  EnterpriseList out;
  out.usccs.reserve(rows.size());
  out.industries.reserve(rows.size());
  for (const store::Row& r : rows) {
    out.usccs.push_back(r.text(0));
    out.industries.push_back(r.text(1));
  }
  return out;
}

Result<Panel> load_panel(Session& session, const catalog::Catalog& catalog,
                         const IndicatorLibrary& library, std::span<const std::string> usccs,
                         MonthIndex as_of, int months) {
  Panel panel(static_cast<int64_t>(usccs.size()), as_of, months, library.series.size(),
              library.events.size());
  if (usccs.empty()) return panel;
  PanelLoader loader(session, catalog, usccs, panel);
  for (size_t k = 0; k < library.series.size(); ++k)
    RX_RETURN_IF_ERROR(loader.series(k, library.series[k]));
  for (size_t k = 0; k < library.events.size(); ++k)
    RX_RETURN_IF_ERROR(loader.events(k, library.events[k]));
  return panel;
}

}  // namespace rx::credit
