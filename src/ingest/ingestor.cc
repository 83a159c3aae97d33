#include "ingest/ingestor.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "catalog/value.h"
#include "core/id.h"
#include "core/text.h"
#include "crypto/crypto.h"
#include "ingest/record_table.h"
#include "ledger/ledger.h"
#include "registry/enterprise_repository.h"

namespace rx::ingest {
namespace {

using store::Rows;
using store::Session;
using store::Value;

constexpr std::string_view kRegistration = "registration";
constexpr size_t kParamsPerStatement = 8000;  // far below both backends' limits
constexpr size_t kMetaColumns = 6;            // _hash, _version, _batch, _row, _self, _loaded_at
constexpr size_t kMaxCachedUsccs = 200'000;

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

std::string key_names(const catalog::Category& c) {
  std::string out;
  for (const std::string& k : c.key) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// Pads a lookup's parameters (groups of `width`) to a power-of-two count of groups by
// repeating the last group, so that lookups of any size share a few prepared statements
// instead of filling the statement caches with one per size.
void pad_to_bucket(std::vector<Value>& params, size_t width) {
  size_t groups = params.size() / width, bucket = 8;
  while (bucket < groups) bucket *= 2;
  if (bucket * width > kParamsPerStatement) bucket = groups;
  std::vector<Value> last(params.end() - static_cast<long>(width), params.end());
  for (size_t g = groups; g < bucket; ++g) params.insert(params.end(), last.begin(), last.end());
}

// The text of a key value, for matching rows to records.
void append_key_part(const Value& v, std::string& key) {
  if (!key.empty()) key.push_back('\x1f');
  if (const auto* n = std::get_if<int64_t>(&v))
    key += std::to_string(*n);
  else if (const auto* t = std::get_if<std::string>(&v))
    key += *t;
}

// 64 bits of SHA-256 over the canonical payload: equal content, equal hash.
int64_t content_hash(std::string_view payload) {
  std::string hex = crypto::sha256_hex(payload).substr(0, 16);
  uint64_t h = 0;
  std::from_chars(hex.data(), hex.data() + hex.size(), h, 16);
  return static_cast<int64_t>(h);
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
  std::string key, uscc;
  std::vector<Value> values;  // one per catalogue field, typed for its column
  int64_t hash = 0;
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
};

// Turns source rows into Pending records (typed values, key, content hash) or quarantined
// problems. Runs on the reader thread; touches nothing shared but the clock.
class Ingestor::RowChecker {
 public:
  RowChecker(const Ingestor& ingestor, const BatchInfo& info)
      : category_(ingestor.category_),
        clock_(ingestor.clock_),
        info_(info),
        registration_(category_.id == kRegistration),
        uscc_field_(static_cast<size_t>(category_.field_index("uscc"))) {
    for (const std::string& k : category_.key)
      key_fields_.push_back(static_cast<size_t>(category_.field_index(k)));
  }

  void add(SourceRow& row, Chunk& chunk) {
    ++chunk.rows_read;
    Pending p;
    p.row = row.number;
    if (row.problems.empty()) render_payload(category_, row, payload_, spans_);
    std::vector<RowProblem> problems = std::move(row.problems);
    if (problems.empty()) {
      p.values.reserve(category_.fields.size());
      for (size_t f = 0; f < category_.fields.size(); ++f)
        p.values.push_back(column_value(category_.fields[f].type,
                                        std::string_view(payload_).substr(
                                            spans_[f].first, spans_[f].second - spans_[f].first)));
      for (size_t k : key_fields_) append_key_part(p.values[k], p.key);
      p.uscc = std::get<std::string>(p.values[uscc_field_]);
      if (!info_.only_uscc.empty() && p.uscc != info_.only_uscc)
        problems.push_back(
            {"uscc", p.uscc,
             "an enterprise may only submit its own data (" + info_.only_uscc + ")"});
      if (registration_ && problems.empty())
        p.enterprise = to_enterprise(category_, row, clock_.now(), problems);
    }
    if (problems.empty()) {
      p.hash = content_hash(payload_);
      chunk.rows.push_back(std::move(p));
    } else {
      chunk.reject(row.number, std::move(problems));
    }
  }

 private:
  const catalog::Category& category_;
  const Clock& clock_;
  const BatchInfo& info_;
  const bool registration_;
  const size_t uscc_field_;
  std::vector<size_t> key_fields_;
  std::string payload_;
  std::vector<std::pair<size_t, size_t>> spans_;
};

// A bounded hand-over of chunks from the reader thread to the writer.
class Ingestor::ChunkPipe {
 public:
  // Blocks while the pipe is full; false when the writer gave up.
  bool push(Chunk chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < kChunksInFlight || cancelled_; });
    if (cancelled_) return false;
    queue_.push_back(std::move(chunk));
    changed_.notify_all();
    return true;
  }
  // The next chunk, or nullopt when the reader is done and everything was taken.
  std::optional<Chunk> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return std::nullopt;
    Chunk c = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return c;
  }
  void close(Status reader_status) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    reader_status_ = std::move(reader_status);
    changed_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }
  Status reader_status() {
    std::lock_guard lock(mutex_);
    return reader_status_;
  }

 private:
  static constexpr size_t kChunksInFlight = 2;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> queue_;
  bool closed_ = false, cancelled_ = false;
  Status reader_status_;
};

nlohmann::json to_json(const IngestSummary& s) {
  return {{"batch_id", s.batch_id},
          {"category", s.category},
          {"catalog_version", s.catalog_version},
          {"encoding", s.encoding},
          {"rows", s.rows},
          {"accepted", s.accepted},
          {"superseded", s.superseded},
          {"duplicates", s.duplicates},
          {"rejected", s.rejected},
          {"seconds", s.seconds}};
}

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
  RX_RETURN_IF_ERROR(db_.write([&](Session& s) -> Status {
    RX_RETURN_IF_ERROR(ensure_table(s, category_));
    RX_ASSIGN_OR_RETURN(
        Rows seq,
        s.query("INSERT INTO ingest_batches (id, category, channel, source_name, provider, "
                "catalog_version, status, started_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?) "
                "RETURNING seq",
                {sum.batch_id, category_.id, info.channel, info.source_name, info.provider,
                 catalog_version_, micros(clock_.now())}));
    batch_seq_ = seq.at(0).integer(0);
    return Status::ok();
  }));
  auto finish = [&](const Status& outcome) -> Status {
    sum.seconds = elapsed();
    return db_.write([&](Session& s) -> Status {
      // The batch as an audit entry: which provider delivered which category, and how it went.
      ledger::Entry e;
      e.id = sum.batch_id;
      e.at = clock_.now();
      e.actor = {info.self_reported ? "enterprise" : "data_provider", info.provider, "",
                 info.only_uscc};
      e.action = std::string(ledger::action::kIngestBatch);
      e.outcome = outcome.is_ok() ? "done" : "failed";
      e.reason = "provider=" + info.provider + " channel=" + info.channel +
                 " accepted=" + std::to_string(sum.accepted) +
                 " rejected=" + std::to_string(sum.rejected);
      e.subject = info.only_uscc;
      e.categories = {category_.id};
      e.ref = sum.batch_id;
      RX_RETURN_IF_ERROR(ledger::append(s, e));
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

  // Reading and checking rows (one thread) overlaps with writing them (this thread); at
  // most kChunksInFlight chunks wait in between, so memory stays bounded.
  ChunkPipe pipe;
  std::atomic<int64_t> bytes_read{0};
  std::thread reader([&] {
    Chunk chunk;
    SourceRow row;
    RowChecker checker(*this, info);
    for (;;) {
      auto more = in.next(row);
      if (!more.is_ok()) return pipe.close(more.status());
      if (*more) checker.add(row, chunk);
      if (chunk.rows_read >= static_cast<int64_t>(options_.chunk_rows) ||
          (!*more && chunk.rows_read)) {
        bytes_read = in.bytes_read();
        if (!pipe.push(std::move(chunk))) return;
        chunk = Chunk();
      }
      if (!*more) return pipe.close(Status::ok());
    }
  });
  Status outcome;
  while (std::optional<Chunk> chunk = pipe.pop()) {
    if (Status st = write_chunk(*chunk, sum); !st.is_ok()) {
      outcome = st;
      pipe.cancel();
      break;
    }
    if (progress) progress(bytes_read, sum);
  }
  reader.join();
  if (outcome.is_ok()) outcome = pipe.reader_status();
  Status finished = finish(outcome);
  if (!outcome.is_ok()) return outcome;
  RX_RETURN_IF_ERROR(finished);
  return sum;
}

Status Ingestor::write_chunk(Chunk& chunk, IngestSummary& sum) {
  IngestSummary delta;
  std::vector<std::string> newly_registered;
  const bool registration = category_.id == kRegistration;
  const std::string table = table_name(category_);
  const size_t width = category_.fields.size() + kMetaColumns;
  std::string columns;
  for (const auto& f : category_.fields) columns += sql_identifier(f.name) + ", ";
  columns += "_hash, _version, _batch, _row, _self, _loaded_at";
  std::vector<size_t> key_fields;
  std::string key_columns, key_casts;
  for (const std::string& k : category_.key) {
    auto f = static_cast<size_t>(category_.field_index(k));
    key_fields.push_back(f);
    key_columns += (key_columns.empty() ? "" : ", ") + sql_identifier(k);
    key_casts += std::string(key_casts.empty() ? "" : ", ") + "CAST(? AS " +
                 std::string(column_type(category_.fields[f].type)) + ")";
  }

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
      std::unordered_set<std::string> asked;
      for (const Pending& p : chunk.rows)
        if (!registered_.count(p.uscc) && asked.insert(p.uscc).second) unknown.push_back(p.uscc);
      std::unordered_set<std::string> found;
      for (size_t i = 0; i < unknown.size(); i += kParamsPerStatement) {
        size_t n = std::min(kParamsPerStatement, unknown.size() - i);
        std::vector<Value> params(unknown.begin() + static_cast<long>(i),
                                  unknown.begin() + static_cast<long>(i + n));
        pad_to_bucket(params, 1);
        RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT uscc FROM enterprises WHERE uscc IN " +
                                                   in_list(params.size()),
                                               params));
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

    // 2. New keys go in with few multi-row statements; a key that already has a current
    //    record is left for step 3.
    auto record_values = [&](const Pending& p, std::vector<Value>& params) {
      params.insert(params.end(), p.values.begin(), p.values.end());
      params.insert(params.end(), {p.hash, catalog_version_, batch_seq_, p.row,
                                   int64_t{self_reported_ ? 1 : 0}, now});
    };
    std::unordered_set<int64_t> inserted;
    std::vector<size_t> to_store;
    for (size_t i = 0; i < chunk.rows.size(); ++i)
      if (storable[i]) to_store.push_back(i);
    const size_t rows_per_insert = std::max<size_t>(1, kParamsPerStatement / width);
    for (size_t i = 0; i < to_store.size(); i += rows_per_insert) {
      size_t n = std::min(rows_per_insert, to_store.size() - i);
      std::vector<Value> params;
      params.reserve(n * width);
      for (size_t j = i; j < i + n; ++j) record_values(chunk.rows[to_store[j]], params);
      RX_ASSIGN_OR_RETURN(
          Rows rows, s.query("INSERT INTO " + table + " (" + columns + ") VALUES " +
                                 placeholders(n, width) + " ON CONFLICT DO NOTHING RETURNING _row",
                             params));
      for (const store::Row& r : rows) inserted.insert(r.integer(0));
    }

    // 3. Keys that have a current record: duplicate, correction, or repeated in this batch.
    struct Current {
      int64_t id, hash, batch, row;
    };
    std::vector<size_t> conflicts;
    for (size_t i : to_store)
      if (!inserted.count(chunk.rows[i].row)) conflicts.push_back(i);
    std::unordered_map<std::string, Current> current;
    const size_t keys_per_lookup = kParamsPerStatement / key_fields.size();
    for (size_t i = 0; i < conflicts.size(); i += keys_per_lookup) {
      size_t n = std::min(keys_per_lookup, conflicts.size() - i);
      std::vector<Value> params;
      std::string tuples;
      for (size_t j = i; j < i + n; ++j)
        for (size_t f : key_fields) params.push_back(chunk.rows[conflicts[j]].values[f]);
      pad_to_bucket(params, key_fields.size());
      for (size_t t = 0; t < params.size() / key_fields.size(); ++t)
        tuples += (t ? ", (" : "(") + key_casts + ")";
      RX_ASSIGN_OR_RETURN(
          Rows rows, s.query("SELECT _id, _hash, _batch, _row, " + key_columns + " FROM " + table +
                                 " WHERE _superseded_at IS NULL AND (" + key_columns +
                                 ") IN (VALUES " + tuples + ")",
                             params));
      for (const store::Row& r : rows) {
        std::string key;
        for (size_t k = 0; k < key_fields.size(); ++k) append_key_part(r.values[4 + k], key);
        current[key] = {r.integer(0), r.integer(1), r.integer(2), r.integer(3)};
      }
    }
    std::vector<size_t> stored;
    for (size_t i : to_store)
      if (inserted.count(chunk.rows[i].row)) stored.push_back(i);
    for (size_t i : conflicts) {
      const Pending& p = chunk.rows[i];
      auto it = current.find(p.key);
      if (it != current.end() && it->second.batch == batch_seq_) {
        ++rejected_rows;
        std::string key_text = p.key;
        std::replace(key_text.begin(), key_text.end(), '\x1f', ',');
        rejects.push_back(
            {p.row,
             {key_names(category_), key_text,
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
        RX_RETURN_IF_ERROR(s.execute("UPDATE " + table + " SET _superseded_at = ? WHERE _id = ?",
                                     {now, it->second.id})
                               .status());
        ++delta.superseded;
      }
      std::vector<Value> params;
      record_values(p, params);
      RX_ASSIGN_OR_RETURN(Rows rows, s.query("INSERT INTO " + table + " (" + columns + ") VALUES " +
                                                 placeholders(1, width) + " RETURNING _id",
                                             params));
      current[p.key] = {rows.at(0).integer(0), p.hash, batch_seq_, p.row};
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
                    {sum.batch_id, row, storable_text(problem.field, 200),
                     storable_text(problem.value, 200), storable_text(problem.reason, 1000)})
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
