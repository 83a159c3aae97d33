#include "ingest/ingestor.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "catalog/value.h"
#include "core/id.h"
#include "crypto/crypto.h"
#include "registry/enterprise_repository.h"

namespace rx::ingest {
namespace {

using store::Rows;
using store::Session;
using store::Value;

constexpr std::string_view kRegistration = "registration";
constexpr size_t kRowsPerInsert = 400;  // 11 parameters each, far below both backends' limits
constexpr size_t kKeysPerLookup = 500;
constexpr size_t kMaxCachedUsccs = 200'000;

int64_t micros(Instant t) {
  return t.time_since_epoch().count();
}

// "(?, ?, ?), (?, ?, ?)" for `rows` rows of `columns` placeholders.
std::string placeholders(size_t rows, size_t columns) {
  std::string one = "(";
  for (size_t c = 0; c < columns; ++c) one += c ? ", ?" : "?";
  one += ")";
  std::string out;
  out.reserve(rows * (one.size() + 2));
  for (size_t r = 0; r < rows; ++r) out += (r ? ", " : "") + one;
  return out;
}

std::string in_list(size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out + ")";
}

constexpr std::string_view kRecordColumns =
    "category, record_key, uscc, period, payload, content_hash, catalog_version, batch_id, "
    "source_row, self_reported, loaded_at";
constexpr size_t kRecordColumnCount = 11;

std::string key_names(const catalog::Category& c) {
  std::string out;
  for (const std::string& k : c.key) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// The registry's own validation for rows of the registration category, so the registry
// never holds what it would refuse through its API.
std::optional<registry::Enterprise> to_enterprise(const catalog::Category& c, const SourceRow& row,
                                                  Instant now, std::vector<RowProblem>& problems) {
  auto cell = [&](const char* name) -> std::optional<std::string> {
    int i = c.field_index(name);
    if (i < 0 || !row.cells[static_cast<size_t>(i)]) return std::nullopt;
    std::string_view v = catalog::trim_ascii(*row.cells[static_cast<size_t>(i)]);
    if (v.empty()) return std::nullopt;
    return std::string(v);
  };
  registry::EnterpriseInput in{cell("uscc"),     cell("name"),  cell("district"),
                               cell("industry"), cell("size"),  cell("registration_date"),
                               std::nullopt,     cell("status")};
  if (auto capital = cell("registered_capital_amount")) {
    auto m = Money::parse_yuan(*capital);
    if (m.is_ok()) in.registered_capital_fen = m->fen();
  }
  auto e = registry::validate_new(in, now);
  if (e.is_ok()) return *e;
  for (const FieldError& d : e.status().details()) problems.push_back({d.field, "", d.reason});
  if (e.status().details().empty()) problems.push_back({"", "", e.status().message()});
  return std::nullopt;
}

}  // namespace

struct Ingestor::Pending {
  int64_t row = 0;
  std::string key, uscc, period, payload, hash;
  std::optional<registry::Enterprise> enterprise;  // registration rows only
};

// The rows of one transaction: validated rows to store and problems to quarantine.
class Ingestor::Chunk {
 public:
  std::vector<Pending> rows;
  std::vector<std::pair<int64_t, RowProblem>> rejects;
  int64_t rows_read = 0;
  int64_t rejected_rows = 0;

  void reject(int64_t row, std::vector<RowProblem> problems) {
    ++rejected_rows;
    for (RowProblem& p : problems) rejects.emplace_back(row, std::move(p));
  }
  void clear() { *this = Chunk(); }
};

Ingestor::Ingestor(store::Database& db, const catalog::Category& category, int64_t catalog_version,
                   const Clock& clock, Random& random, IngestOptions options)
    : db_(db),
      category_(category),
      catalog_version_(catalog_version),
      clock_(clock),
      random_(random),
      options_(std::move(options)) {}

Ingestor::~Ingestor() = default;

Result<IngestSummary> Ingestor::run(ByteSource& source, const BatchInfo& info,
                                    const Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  IngestSummary sum;
  sum.batch_id = info.batch_id.empty() ? new_uuid_v7(clock_, random_) : info.batch_id;
  sum.category = category_.id;
  sum.catalog_version = catalog_version_;
  self_reported_ = info.self_reported || category_.self_reported;
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  RX_RETURN_IF_ERROR(db_.write([&](Session& s) {
    return s
        .execute(
            "INSERT INTO ingest_batches (id, category, channel, source_name, provider, "
            "catalog_version, status, started_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
            {sum.batch_id, category_.id, info.channel, info.source_name, info.provider,
             catalog_version_, micros(clock_.now())})
        .status();
  }));
  auto finish = [&](const Status& outcome) -> Status {
    sum.seconds = elapsed();
    return db_.write([&](Session& s) {
      return s
          .execute("UPDATE ingest_batches SET status = ?, finished_at = ?, error = ? WHERE id = ?",
                   {std::string(outcome.is_ok() ? "complete" : "failed"), micros(clock_.now()),
                    outcome.is_ok() ? std::string() : outcome.message(), sum.batch_id})
          .status();
    });
  };

  auto rows = open_rows(source, category_, options_.read);
  if (!rows.is_ok()) {
    (void)finish(rows.status());
    return rows.status();
  }
  RowSource& in = **rows;
  sum.encoding = std::string(to_string(in.encoding()));

  const bool registration = category_.id == kRegistration;
  const int uscc_field = category_.field_index("uscc");
  const int time_field =
      category_.time_field.empty() ? -1 : category_.field_index(category_.time_field);
  std::vector<int> key_fields;
  for (const std::string& k : category_.key) key_fields.push_back(category_.field_index(k));

  Chunk chunk;
  SourceRow row;
  std::vector<std::pair<size_t, size_t>> spans;
  Status outcome;
  for (;;) {
    auto more = in.next(row);
    if (!more.is_ok()) {
      outcome = more.status();
      break;
    }
    if (*more) {
      ++chunk.rows_read;
      Pending p;
      p.row = row.number;
      if (row.problems.empty()) render_payload(category_, row, p.payload, spans);
      std::vector<RowProblem> problems = std::move(row.problems);
      if (problems.empty()) {
        auto value = [&](int f) {
          auto i = static_cast<size_t>(f);
          return std::string_view(p.payload).substr(spans[i].first,
                                                    spans[i].second - spans[i].first);
        };
        for (size_t k = 0; k < key_fields.size(); ++k) {
          if (k) p.key.push_back(',');
          p.key.append(value(key_fields[k]));
        }
        std::string_view uscc = value(uscc_field);
        p.uscc = std::string(uscc.substr(1, uscc.size() - 2));
        if (time_field >= 0) {
          std::string_view t = value(time_field);
          if (!t.empty() && t.front() == '"') t = t.substr(1, t.size() - 2);
          if (t != "null") p.period = std::string(t);
        }
        if (!info.only_uscc.empty() && p.uscc != info.only_uscc)
          problems.push_back(
              {"uscc", p.uscc,
               "an enterprise may only submit its own data (" + info.only_uscc + ")"});
        if (registration && problems.empty())
          p.enterprise = to_enterprise(category_, row, clock_.now(), problems);
      }
      if (problems.empty()) {
        p.hash = crypto::sha256_hex(p.payload).substr(0, 32);
        chunk.rows.push_back(std::move(p));
      } else {
        chunk.reject(row.number, std::move(problems));
      }
    }
    if (chunk.rows_read >= static_cast<int64_t>(options_.chunk_rows) ||
        (!*more && chunk.rows_read)) {
      if (Status st = write_chunk(chunk, sum); !st.is_ok()) {
        outcome = st;
        break;
      }
      chunk.clear();
      if (progress) progress(in.bytes_read(), sum);
    }
    if (!*more) break;
  }
  Status finished = finish(outcome);
  if (!outcome.is_ok()) return outcome;
  RX_RETURN_IF_ERROR(finished);
  return sum;
}

Status Ingestor::write_chunk(Chunk& chunk, IngestSummary& sum) {
  IngestSummary delta;
  std::vector<std::string> newly_registered;
  const bool registration = category_.id == kRegistration;
  auto attempt = [&](Session& s) -> Status {
    delta = IngestSummary();
    newly_registered.clear();
    std::vector<bool> storable(chunk.rows.size(), true);
    std::vector<std::pair<int64_t, RowProblem>> rejects = chunk.rejects;
    int64_t rejected_rows = chunk.rejected_rows;
    const int64_t now = micros(clock_.now());

    // 1. Every row must be about a registered enterprise (the registration category itself
    //    is how enterprises get registered).
    if (!registration) {
      std::vector<std::string> unknown;
      for (const Pending& p : chunk.rows)
        if (!registered_.count(p.uscc) &&
            (unknown.empty() || std::find(unknown.begin(), unknown.end(), p.uscc) == unknown.end()))
          unknown.push_back(p.uscc);
      std::unordered_set<std::string> found;
      for (size_t i = 0; i < unknown.size(); i += kKeysPerLookup) {
        size_t n = std::min(kKeysPerLookup, unknown.size() - i);
        std::vector<Value> params(unknown.begin() + static_cast<long>(i),
                                  unknown.begin() + static_cast<long>(i + n));
        RX_ASSIGN_OR_RETURN(
            Rows rows, s.query("SELECT uscc FROM enterprises WHERE uscc IN " + in_list(n), params));
        for (const store::Row& r : rows) found.insert(r.text(0));
      }
      for (const std::string& u : unknown) {
        if (found.count(u)) {
          newly_registered.push_back(u);
        } else if (options_.unknown_enterprise == UnknownEnterprise::kRegister) {
          RX_RETURN_IF_ERROR(registry::upsert_enterprise(
              s, registry::placeholder_enterprise(*Uscc::parse(u), clock_.now())));
          newly_registered.push_back(u);
          found.insert(u);
        }
      }
      for (size_t i = 0; i < chunk.rows.size(); ++i) {
        const Pending& p = chunk.rows[i];
        if (registered_.count(p.uscc) || found.count(p.uscc)) continue;
        storable[i] = false;
        ++rejected_rows;
        rejects.push_back({p.row,
                           {"uscc", p.uscc,
                            "is not in the enterprise registry (ingest the registration category "
                            "first, or allow unknown enterprises to be registered)"}});
      }
    }

    // 2. New keys go in with one statement per kRowsPerInsert rows; a key that already has a
    //    current record is left for step 3.
    auto record_values = [&](const Pending& p, std::vector<Value>& params) {
      params.insert(params.end(),
                    {category_.id, p.key, p.uscc, p.period, p.payload, p.hash, catalog_version_,
                     sum.batch_id, p.row, int64_t{self_reported_ ? 1 : 0}, now});
    };
    std::unordered_set<int64_t> inserted;
    std::vector<size_t> to_store;
    for (size_t i = 0; i < chunk.rows.size(); ++i)
      if (storable[i]) to_store.push_back(i);
    for (size_t i = 0; i < to_store.size(); i += kRowsPerInsert) {
      size_t n = std::min(kRowsPerInsert, to_store.size() - i);
      std::vector<Value> params;
      params.reserve(n * kRecordColumnCount);
      for (size_t j = i; j < i + n; ++j) record_values(chunk.rows[to_store[j]], params);
      RX_ASSIGN_OR_RETURN(Rows rows, s.query("INSERT INTO records (" + std::string(kRecordColumns) +
                                                 ") VALUES " + placeholders(n, kRecordColumnCount) +
                                                 " ON CONFLICT DO NOTHING RETURNING source_row",
                                             params));
      for (const store::Row& r : rows) inserted.insert(r.integer(0));
    }

    // 3. Keys that have a current record: duplicate, correction, or repeated in this batch.
    struct Current {
      int64_t id;
      std::string hash, batch_id;
      int64_t row;
    };
    std::vector<size_t> conflicts;
    for (size_t i : to_store)
      if (!inserted.count(chunk.rows[i].row)) conflicts.push_back(i);
    std::unordered_map<std::string, Current> current;
    for (size_t i = 0; i < conflicts.size(); i += kKeysPerLookup) {
      size_t n = std::min(kKeysPerLookup, conflicts.size() - i);
      std::vector<Value> params{category_.id};
      for (size_t j = i; j < i + n; ++j) params.emplace_back(chunk.rows[conflicts[j]].key);
      RX_ASSIGN_OR_RETURN(
          Rows rows,
          s.query("SELECT id, record_key, content_hash, batch_id, source_row FROM records "
                  "WHERE category = ? AND superseded_at IS NULL AND record_key IN " +
                      in_list(n),
                  params));
      for (const store::Row& r : rows)
        current[r.text(1)] = {r.integer(0), r.text(2), r.text(3), r.integer(4)};
    }
    std::vector<size_t> stored;
    for (size_t i : to_store)
      if (inserted.count(chunk.rows[i].row)) stored.push_back(i);
    for (size_t i : conflicts) {
      const Pending& p = chunk.rows[i];
      auto it = current.find(p.key);
      if (it != current.end() && it->second.batch_id == sum.batch_id) {
        ++rejected_rows;
        rejects.push_back(
            {p.row,
             {key_names(category_), p.key,
              (it->second.hash == p.hash ? "repeats row " : "has the record key of row ") +
                  std::to_string(it->second.row) + " of this batch (" + key_names(category_) +
                  " must be unique within a file)"}});
        continue;
      }
      if (it != current.end() && it->second.hash == p.hash) {
        ++delta.duplicates;
        continue;
      }
      if (it != current.end()) {
        RX_RETURN_IF_ERROR(
            s.execute("UPDATE records SET superseded_at = ? WHERE id = ?", {now, it->second.id})
                .status());
        ++delta.superseded;
      }
      std::vector<Value> params;
      record_values(p, params);
      RX_ASSIGN_OR_RETURN(
          Rows rows, s.query("INSERT INTO records (" + std::string(kRecordColumns) + ") VALUES " +
                                 placeholders(1, kRecordColumnCount) + " RETURNING id",
                             params));
      current[p.key] = {rows.at(0).integer(0), p.hash, sum.batch_id, p.row};
      stored.push_back(i);
    }
    delta.accepted = static_cast<int64_t>(stored.size());

    // 4. The registration category keeps the enterprise registry up to date.
    if (registration) {
      std::sort(stored.begin(), stored.end());
      for (size_t i : stored)
        RX_RETURN_IF_ERROR(registry::upsert_enterprise(s, *chunk.rows[i].enterprise));
    }

    // 5. Quarantine and the batch's counters, committed with the rows they describe.
    for (const auto& [row, problem] : rejects)
      RX_RETURN_IF_ERROR(
          s.execute("INSERT INTO ingest_rejects (batch_id, row_number, field, value, reason) "
                    "VALUES (?, ?, ?, ?, ?)",
                    {sum.batch_id, row, problem.field, problem.value, problem.reason})
              .status());
    delta.rows = chunk.rows_read;
    delta.rejected = rejected_rows;
    return s
        .execute(
            "UPDATE ingest_batches SET rows_read = ?, accepted = ?, superseded = ?, "
            "duplicates = ?, rejected = ? WHERE id = ?",
            {sum.rows + delta.rows, sum.accepted + delta.accepted,
             sum.superseded + delta.superseded, sum.duplicates + delta.duplicates,
             sum.rejected + delta.rejected, sum.batch_id})
        .status();
  };
  Status st;
  for (int tries = 0; tries < 4; ++tries) {
    st = db_.write(attempt);
    if (st.code() != StatusCode::kUnavailable) break;
  }
  RX_RETURN_IF_ERROR(st);
  sum.rows += delta.rows;
  sum.accepted += delta.accepted;
  sum.superseded += delta.superseded;
  sum.duplicates += delta.duplicates;
  sum.rejected += delta.rejected;
  if (registered_.size() > kMaxCachedUsccs) registered_.clear();
  registered_.insert(newly_registered.begin(), newly_registered.end());
  return Status::ok();
}

}  // namespace rx::ingest
