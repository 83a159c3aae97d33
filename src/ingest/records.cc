#include "ingest/records.h"

#include <map>

namespace rx::ingest {
namespace {

using store::Row;
using store::Rows;
using store::Session;
using store::Value;

int64_t micros(Instant t) {
  return t.time_since_epoch().count();
}
Instant instant(int64_t us) {
  return Instant(std::chrono::microseconds(us));
}
std::optional<Instant> maybe_instant(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return instant(r.integer(i));
}

constexpr std::string_view kBatchColumns =
    "id, category, channel, source_name, provider, status, error, catalog_version, started_at, "
    "finished_at, rows_read, accepted, superseded, duplicates, rejected";

BatchReport batch_from_row(const Row& r) {
  return {r.text(0),           r.text(1),     r.text(2),
          r.text(3),           r.text(4),     r.text(5),
          r.text(6),           r.integer(7),  instant(r.integer(8)),
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

Result<std::vector<StoredRecord>> RecordStore::records(const RecordQuery& q) {
  std::string sql =
      "SELECT category, payload, catalog_version, batch_id, self_reported, loaded_at, "
      "superseded_at FROM records WHERE uscc = ?";
  std::vector<Value> params{q.uscc};
  if (q.category) {
    sql += " AND category = ?";
    params.emplace_back(*q.category);
  }
  if (q.as_of) {
    sql += " AND loaded_at <= ? AND (superseded_at IS NULL OR superseded_at > ?)";
    params.emplace_back(micros(*q.as_of));
    params.emplace_back(micros(*q.as_of));
  } else {
    sql += " AND superseded_at IS NULL";
  }
  sql += " ORDER BY category, period DESC, id DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit});
  std::vector<StoredRecord> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
    for (const Row& r : rows)
      out.push_back({r.text(0), r.text(1), r.integer(2), r.text(3), r.integer(4) != 0,
                     instant(r.integer(5)), maybe_instant(r, 6)});
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
    RX_ASSIGN_OR_RETURN(
        Rows current,
        s.query("SELECT category, count(*), count(DISTINCT uscc), max(period) FROM records "
                "WHERE superseded_at IS NULL GROUP BY category"));
    for (const Row& r : current) {
      auto it = by_category.find(r.text(0));
      if (it == by_category.end()) continue;  // a category since removed from the list
      it->second.records = r.integer(1);
      it->second.enterprises = r.integer(2);
      if (!r.is_null(3) && !r.text(3).empty()) it->second.last_period = r.text(3);
    }
    RX_ASSIGN_OR_RETURN(
        Rows providers,
        s.query("SELECT category, provider, count(*), sum(rows_read), sum(rejected), "
                "max(finished_at) FROM ingest_batches GROUP BY category, provider "
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
