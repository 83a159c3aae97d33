#include "ingest/records.h"

#include <functional>
#include <map>

#include "ingest/record_table.h"

namespace rx::ingest {
namespace {

using store::Row;
using store::Rows;
using store::Session;
using store::Value;

std::optional<Instant> maybe_instant(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return instant_from_micros(r.integer(i));
}

constexpr std::string_view kBatchColumns =
    "id, category, channel, source_name, provider, status, error, catalog_version, started_at, "
    "finished_at, rows_read, accepted, superseded, duplicates, rejected";

BatchReport batch_from_row(const Row& r) {
  return {r.text(0),           r.text(1),     r.text(2),
          r.text(3),           r.text(4),     r.text(5),
          r.text(6),           r.integer(7),  instant_from_micros(r.integer(8)),
          maybe_instant(r, 9), r.integer(10), r.integer(11),
          r.integer(12),       r.integer(13), r.integer(14)};
}

}  // namespace

void append_csv_field(std::string_view value, std::string& out) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

namespace {

// Visits the rows of every asked category: the fields in catalogue order, then _version, the
// batch id, _self, _loaded_at and _superseded_at.
Status for_each_record(Session& s, const catalog::Catalog& catalog, const RecordQuery& q,
                       const std::function<void(const catalog::Category&, const Row&)>& visit) {
  for (const catalog::Category& c : catalog.categories) {
    if (c.mode != catalog::Mode::kStored || (q.category && *q.category != c.id)) continue;
    std::string columns;
    for (const auto& f : c.fields) columns += "t." + sql_identifier(f.name) + ", ";
    std::string sql = "SELECT " + columns +
                      "t._version, b.id, t._self, t._loaded_at, t._superseded_at FROM " +
                      table_name(c) + " t JOIN ingest_batches b ON b.seq = t._batch WHERE t." +
                      sql_identifier("uscc") + " = ?";
    std::vector<Value> params{q.uscc};
    if (q.as_of) {
      sql += " AND t._loaded_at <= ? AND (t._superseded_at IS NULL OR t._superseded_at > ?)";
      params.emplace_back(micros(*q.as_of));
      params.emplace_back(micros(*q.as_of));
    } else {
      sql += " AND t._superseded_at IS NULL";
    }
    if (const catalog::Field* t = c.field(c.time_field); t && (q.period_from || q.period_to)) {
      const std::string column = "t." + sql_identifier(t->name);
      // Dates and periods compare as text; a year field compares with the months' years.
      auto bound = [&](const std::string& month, bool upper) -> Value {
        if (t->type == catalog::FieldType::kInteger) return int64_t{std::stoi(month.substr(0, 4))};
        if (t->type == catalog::FieldType::kDate) return month + (upper ? "-31" : "-01");
        return month;
      };
      if (q.period_from)
        sql += " AND " + column + " >= ?", params.push_back(bound(*q.period_from, false));
      if (q.period_to)
        sql += " AND " + column + " <= ?", params.push_back(bound(*q.period_to, true));
    }
    sql += " ORDER BY " +
           (c.time_field.empty() ? "" : "t." + sql_identifier(c.time_field) + " DESC, ") +
           "t._id DESC LIMIT ?";
    params.emplace_back(int64_t{q.limit});
    RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
    for (const Row& r : rows) visit(c, r);
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<StoredRecord>> read_records(Session& s, const catalog::Catalog& catalog,
                                               const RecordQuery& q) {
  std::vector<StoredRecord> out;
  RX_RETURN_IF_ERROR(for_each_record(s, catalog, q, [&](const catalog::Category& c, const Row& r) {
    const size_t n = c.fields.size();
    std::string payload = "{";
    for (size_t f = 0; f < n; ++f) {
      payload += (f ? ",\"" : "\"") + c.fields[f].name + "\":";
      append_json_value(c.fields[f].type, r.values[f], payload);
    }
    payload += "}";
    out.push_back({c.id, std::move(payload), r.integer(n), r.text(n + 1), r.integer(n + 2) != 0,
                   instant_from_micros(r.integer(n + 3)), maybe_instant(r, n + 4)});
  }));
  return out;
}

Result<std::vector<RecordObject>> read_record_objects(Session& s, const catalog::Catalog& catalog,
                                                      const RecordQuery& q) {
  std::vector<RecordObject> out;
  RX_RETURN_IF_ERROR(for_each_record(s, catalog, q, [&](const catalog::Category& c, const Row& r) {
    const size_t n = c.fields.size();
    nlohmann::json payload = nlohmann::json::object();
    for (size_t f = 0; f < n; ++f)
      payload[c.fields[f].name] = json_value(c.fields[f].type, r.values[f]);
    out.push_back({std::move(payload), r.integer(n + 2) != 0, r.text(n + 1),
                   instant_from_micros(r.integer(n + 3))});
  }));
  return out;
}

Result<std::vector<StoredRecord>> RecordStore::records(const catalog::Catalog& catalog,
                                                       const RecordQuery& q) {
  std::vector<StoredRecord> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, read_records(s, catalog, q));
    return Status::ok();
  }));
  return out;
}

Result<std::vector<BatchReport>> RecordStore::batches(const BatchQuery& q) {
  std::string sql = "SELECT " + std::string(kBatchColumns) + " FROM ingest_batches WHERE 1 = 1";
  std::vector<Value> params;
  if (q.category) {
    sql += " AND category = ?";
    params.emplace_back(*q.category);
  }
  if (q.provider) {
    sql += " AND provider = ?";
    params.emplace_back(*q.provider);
  }
  if (q.before) {
    sql += " AND id < ?";
    params.emplace_back(*q.before);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit});
  std::vector<BatchReport> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
    for (const Row& r : rows) out.push_back(batch_from_row(r));
    return Status::ok();
  }));
  return out;
}

Result<BatchReport> RecordStore::batch(const std::string& id) {
  std::optional<BatchReport> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kBatchColumns) +
                                               " FROM ingest_batches WHERE id = ?",
                                           {id}));
    if (!rows.empty()) out = batch_from_row(rows[0]);
    return Status::ok();
  }));
  if (!out) return not_found("no ingestion batch " + id);
  return *out;
}

Result<std::string> RecordStore::rejects_csv(const std::string& batch_id) {
  std::string csv = "row_number,field,value,reason\r\n";
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT row_number, field, value, reason FROM "
                                           "ingest_rejects WHERE batch_id = ? ORDER BY "
                                           "row_number, field",
                                           {batch_id}));
    for (const Row& r : rows) {
      csv += std::to_string(r.integer(0));
      for (size_t i = 1; i < 4; ++i) {
        csv.push_back(',');
        append_csv_field(r.text(i), csv);
      }
      csv += "\r\n";
    }
    return Status::ok();
  }));
  return csv;
}

Status RecordStore::save_commitment(const Commitment& c) {
  return db_.write([&](Session& s) {
    return s
        .execute(
            "INSERT INTO commitments (batch_id, uscc, text, text_sha256, key_id, signed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {c.batch_id, c.uscc, c.text, c.text_sha256, c.key_id, micros(c.signed_at)})
        .status();
  });
}

Result<std::vector<CategoryQuality>> RecordStore::quality(const catalog::Catalog& catalog) {
  std::map<std::string, CategoryQuality> by_category;
  for (const catalog::Category& c : catalog.categories) by_category[c.id].category = c.id;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    for (const catalog::Category& c : catalog.categories) {
      if (c.mode != catalog::Mode::kStored) continue;
      std::string last =
          c.time_field.empty() ? "NULL" : "max(" + sql_identifier(c.time_field) + ")";
      RX_ASSIGN_OR_RETURN(Rows current, s.query("SELECT count(*), count(DISTINCT " +
                                                sql_identifier("uscc") + "), " + last + " FROM " +
                                                table_name(c) + " WHERE _superseded_at IS NULL"));
      CategoryQuality& q = by_category[c.id];
      const Row& r = current.at(0);
      q.records = r.integer(0);
      q.enterprises = r.integer(1);
      if (const auto* n = std::get_if<int64_t>(&r.values[2])) q.last_period = std::to_string(*n);
      if (const auto* t = std::get_if<std::string>(&r.values[2])) q.last_period = *t;
    }
    RX_ASSIGN_OR_RETURN(
        Rows providers,
        s.query("SELECT category, provider, count(*), CAST(sum(rows_read) AS BIGINT), "
                "CAST(sum(rejected) AS BIGINT), max(finished_at) FROM ingest_batches "
                "GROUP BY category, provider "
                "ORDER BY category, provider"));
    for (const Row& r : providers) {
      auto it = by_category.find(r.text(0));
      if (it == by_category.end()) continue;
      ProviderQuality p{r.text(1), r.integer(2), r.integer(3), r.integer(4), maybe_instant(r, 5)};
      CategoryQuality& q = it->second;
      q.rows += p.rows;
      q.rejected += p.rejected;
      if (p.last_load && (!q.last_load || *p.last_load > *q.last_load)) q.last_load = p.last_load;
      q.providers.push_back(std::move(p));
    }
    RX_ASSIGN_OR_RETURN(
        Rows reasons,
        s.query("SELECT b.category, r.field, r.reason, count(*) AS n FROM ingest_rejects r "
                "JOIN ingest_batches b ON b.id = r.batch_id GROUP BY b.category, r.field, "
                "r.reason ORDER BY b.category, n DESC, r.field, r.reason"));
    for (const Row& r : reasons) {
      auto it = by_category.find(r.text(0));
      if (it == by_category.end() || it->second.reject_reasons.size() >= 10) continue;
      it->second.reject_reasons.push_back({r.text(1), r.text(2), r.integer(3)});
    }
    return Status::ok();
  }));
  std::vector<CategoryQuality> out;
  for (const catalog::Category& c : catalog.categories) out.push_back(by_category[c.id]);
  return out;
}

}  // namespace rx::ingest
