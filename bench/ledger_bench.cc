// The audit ledger's two figures from issue 6, each against a peer measured in the same run on
// the same database (docs/benchmarks.md, "Audit ledger"; bench/ledger-bench.sh runs both on
// SQLite and PostgreSQL):
//
//   ledger_bench append --db URL [--threads 1,4,16] [--seconds 10] [--cycles 2]
//                       [--interval-ms 250] [--sqlite-synchronous-full] [--monitor]
//     Durable appends per second: client threads each commit db.write(ledger::append(entry))
//     while a sequencer thread calls Ledger::sequence() every interval, as the server does.
//     The peer: the same number of threads each committing one INSERT of a row of the same
//     byte size into a plain table. Slices alternate peer, ledger, ledger, peer (ABBA, --cycles
//     times, --seconds per side in all), so a compile starting mid-run hurts both sides alike. An
//     append counts once its commit has returned; the ledger's time includes draining the queue
//     after the clients stop, and the run then checks that every counted append was sequenced and
//     that the signed root is the root of the sequenced entries.
//
//   ledger_bench proofs --db URL --sizes 10000000,100000000 [--samples 2000]
//                       [--peer-rows 1000000] [--measure-only]
//     Inclusion and consistency proof latency through Ledger::inclusion/consistency. The tree
//     is built quickly: synthetic leaf hashes (leaf i = SHA-256(0x00 || i as 8 bytes LE)) go
//     through the production append_to_tiles in batches of 2^20 and the tiles are written
//     directly, as Ledger::sequence writes them; no entry bodies are stored, since proofs read
//     only tiles. A signed head is inserted as sequence() would. Sizes grow in order, each
//     extending the previous tree. Every proof is verified (verify_inclusion /
//     verify_consistency) against a root computed independently of the tiles while building.
//     The peer: a primary-key lookup of one 500-byte row among --peer-rows in a plain table,
//     through Database::read, interleaved with the proofs. --measure-only measures again on a
//     database an earlier run built (at the sizes it signed heads for).
//
// Prints one tab-separated result line per measurement, prefixed "RESULT", for the script.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "crypto/crypto.h"
#include "crypto/signing.h"
#include "ledger/entry.h"
#include "ledger/head.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/tiles.h"
#include "monitor/monitor.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

using namespace std::chrono_literals;
using rx::Result;
using rx::Status;
using rx::ledger::Hash;
using rx::store::Database;
using rx::store::Dialect;
using rx::store::Rows;
using rx::store::Session;
using rx::store::Value;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kOrigin = "bench.rongxin.invalid/ledger";

[[noreturn]] void die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "ledger_bench: %s: %s\n", what.c_str(), s.to_string().c_str());
  std::exit(1);
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "ledger_bench: %s\n", what.c_str());
  std::exit(1);
}

void check(const Status& s, const std::string& what) {
  if (!s.is_ok()) die(what, s);
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Args {
  std::string mode;
  std::string db;
  std::vector<int> threads{1, 4, 16};
  double seconds = 10;  // per side and thread count
  int cycles = 2;
  int interval_ms = 250;
  bool synchronous_full = false;
  bool measure_only = false;
  bool monitor = false;  // the server's monitor observes every batch, as in production
  std::vector<uint64_t> sizes;
  int samples = 2000;
  int64_t peer_rows = 1000000;
};

std::vector<uint64_t> parse_list(const std::string& text) {
  std::vector<uint64_t> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoull(item));
  return out;
}

Args parse_args(int argc, char** argv) {
  if (argc < 2) die("usage: ledger_bench append|proofs --db URL [options] (see the source)");
  Args a;
  a.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--db") {
      a.db = value();
    } else if (flag == "--threads") {
      a.threads.clear();
      for (uint64_t t : parse_list(value())) a.threads.push_back(static_cast<int>(t));
    } else if (flag == "--seconds") {
      a.seconds = std::stod(value());
    } else if (flag == "--cycles") {
      a.cycles = std::stoi(value());
    } else if (flag == "--interval-ms") {
      a.interval_ms = std::stoi(value());
    } else if (flag == "--sqlite-synchronous-full") {
      a.synchronous_full = true;
    } else if (flag == "--monitor") {
      a.monitor = true;
    } else if (flag == "--measure-only") {
      a.measure_only = true;
    } else if (flag == "--sizes") {
      a.sizes = parse_list(value());
    } else if (flag == "--samples") {
      a.samples = std::stoi(value());
    } else if (flag == "--peer-rows") {
      a.peer_rows = std::stoll(value());
    } else {
      die("unknown flag " + flag);
    }
  }
  if (a.db.empty()) die("--db URL is required");
  return a;
}

std::unique_ptr<Database> open(const Args& a, int pool_size) {
  auto opened = rx::store::open_database(
      {.url = a.db, .pool_size = pool_size, .sqlite_synchronous_full = a.synchronous_full});
  if (!opened.is_ok()) die("open " + a.db, opened.status());
  std::unique_ptr<Database> db = std::move(opened).value();
  rx::SystemClock clock;
  check(rx::store::migrate(*db, clock), "migrate");
  return db;
}

std::string autoincrement_pk(Dialect d) {
  return d == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                               : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
}

int64_t count_rows(Database& db, const std::string& table) {
  int64_t n = 0;
  check(db.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT count(*) FROM " + table));
    n = rows.at(0).integer(0);
    return Status::ok();
  }),
        "count " + table);
  return n;
}

// --- append ------------------------------------------------------------------------------

// A query entry of the platform's usual shape: UUIDv7 ids, a USCC, three categories, a
// result digest.
rx::ledger::Entry sample_entry(const rx::Clock& clock, rx::Random& random) {
  rx::ledger::Entry e;
  e.id = rx::new_uuid_v7(clock, random);
  e.at = clock.now();
  e.actor = {"institution", "k_01HZX3B7Q2V8N4M6P0R5T9W1YC", "inst-0042", ""};
  e.action = std::string(rx::ledger::action::kQuery);
  e.outcome = "allowed";
  e.subject = "91310000MA1FL4XN3T";
  e.categories = {"registration", "tax.payment_grade", "court.judgments"};
  e.purpose = "working_capital_loan";
  e.authorization_id = rx::new_uuid_v7(clock, random);
  e.application_id = rx::new_uuid_v7(clock, random);
  e.request_id = rx::new_uuid_v7(clock, random);
  e.result_sha256 = rx::crypto::sha256_hex(e.id);
  e.ref = rx::new_uuid_v7(clock, random);
  return e;
}

// A fresh UUIDv7-shaped id, increasing like real ones (the caller makes ids, not append();
// making them with the CSPRNG would charge the ledger for the caller's work).
std::string next_id(uint64_t run, uint64_t n) {
  char id[37];
  std::snprintf(id, sizeof id, "%08llx-%04llx-7%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(run >> 32),
                static_cast<unsigned long long>(run >> 16 & 0xffff),
                static_cast<unsigned long long>(run & 0xfff),
                static_cast<unsigned long long>(n >> 48 & 0xfff),
                static_cast<unsigned long long>(n & 0xffffffffffffULL));
  return id;
}

// The bytes one queued entry stores: its columns' text plus 8 for the integer.
size_t queued_row_bytes(const rx::ledger::Entry& e) {
  return e.id.size() + 8 + e.action.size() + e.subject.size() + e.actor.institution_id.size() +
         rx::ledger::encode(e).size();
}

struct SliceResult {
  int64_t commits = 0;
  int64_t errors = 0;
  double seconds = 0;  // for the ledger: the client window plus the final drain
};

// Runs `threads` clients for `seconds`, each looping on `commit_one` (which returns the
// commit's status); counts commits that returned ok.
template <typename Fn>
SliceResult run_clients(int threads, double seconds, Fn commit_one) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> commits{0}, errors{0};
  std::vector<std::thread> workers;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      int64_t mine = 0, failed = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (commit_one().is_ok()) {
          ++mine;
        } else {
          ++failed;
        }
      }
      commits += mine;
      errors += failed;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  return {commits.load(), errors.load(), seconds_since(start)};
}

SliceResult raw_slice(Database& db, int threads, double seconds, const std::string& payload) {
  return run_clients(threads, seconds, [&] {
    return db.write([&](Session& s) {
      return s.execute("INSERT INTO bench_raw (body) VALUES (?)", {payload}).status();
    });
  });
}

struct SequencerStats {
  int64_t sequenced = 0;
  int64_t calls = 0;
  int64_t full_batches = 0;  // calls that hit max_batch: the sequencer fell behind
  double busy_seconds = 0;   // inside sequence(), the final drain included
  double max_seconds = 0;    // the longest call (lock wait included)
};

// With --monitor, the server's own observer (live counters and anomaly rules) sees each batch
// inside the sequencing transaction, so its cost is charged to the ledger as in production.
rx::ledger::SequenceObserver* sequence_observer = nullptr;

Result<size_t> timed_sequence(rx::ledger::Ledger& ledger, SequencerStats& stats) {
  auto start = Clock::now();
  Result<size_t> n = ledger.sequence(sequence_observer);
  double took = seconds_since(start);
  stats.busy_seconds += took;
  stats.max_seconds = std::max(stats.max_seconds, took);
  ++stats.calls;
  if (n.is_ok()) {
    stats.sequenced += static_cast<int64_t>(*n);
    if (*n == 20000) ++stats.full_batches;
  }
  return n;
}

SliceResult ledger_slice(Database& db, rx::ledger::Ledger& ledger, const rx::ledger::Entry& entry,
                         uint64_t run_id, std::atomic<uint64_t>& next_entry, int threads,
                         double seconds, int interval_ms, SequencerStats& stats) {
  std::mutex mu;
  std::condition_variable cv;
  bool stop_sequencer = false;
  std::thread sequencer([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(interval_ms),
                        [&] { return stop_sequencer; })) {
      lock.unlock();
      Result<size_t> n = timed_sequence(ledger, stats);
      if (!n.is_ok()) die("sequence", n.status());
      lock.lock();
    }
  });
  auto start = Clock::now();
  SliceResult r = run_clients(threads, seconds, [&] {
    thread_local rx::ledger::Entry e = entry;  // each client thread's copy; only the id changes
    e.id = next_id(run_id, next_entry++);
    return db.write([&](Session& s) { return rx::ledger::append(s, e); });
  });
  {
    std::lock_guard lock(mu);
    stop_sequencer = true;
  }
  cv.notify_one();
  sequencer.join();
  // Drain what the clients queued after the last tick: part of the ledger's cost.
  for (;;) {
    Result<size_t> n = timed_sequence(ledger, stats);
    if (!n.is_ok()) die("drain", n.status());
    if (*n == 0) break;
  }
  r.seconds = seconds_since(start);
  return r;
}

// Every sequenced entry's leaf hash, in index order, must give the newest signed head's root,
// and the queue must be empty.
void check_log(Database& db, rx::ledger::Ledger& ledger, int64_t expected_entries) {
  if (int64_t queued = count_rows(db, "ledger_queue"); queued != 0)
    die("the queue still holds " + std::to_string(queued) + " entries after the drain");
  int64_t entries = count_rows(db, "ledger_entries");
  if (entries != expected_entries)
    die("ledger_entries holds " + std::to_string(entries) + ", the clients committed " +
        std::to_string(expected_entries));
  Result<rx::ledger::TreeHead> head = ledger.head();
  if (!head.is_ok()) die("head", head.status());
  if (head->size != static_cast<uint64_t>(entries))
    die("the signed head has size " + std::to_string(head->size) + ", not " +
        std::to_string(entries));
  if (!rx::ledger::verify_head(ledger.public_key(), *head)) die("the head's signature is bad");
  std::vector<Hash> leaves;
  leaves.reserve(static_cast<size_t>(entries));
  check(db.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows,
                        s.query("SELECT leaf_index, body FROM ledger_entries ORDER BY leaf_index"));
    for (const auto& r : rows) {
      if (r.integer(0) != static_cast<int64_t>(leaves.size()))
        return rx::data_loss("entry " + std::to_string(leaves.size()) + " is missing");
      leaves.push_back(rx::ledger::leaf_hash(r.text(1)));
    }
    return Status::ok();
  }),
        "read entries");
  if (rx::ledger::root_of(leaves) != head->root)
    die("the signed root is not the root of the sequenced entries");
  std::printf("CHECK\tentries=%lld\tqueue=0\troot=ok\n", static_cast<long long>(entries));
}

void run_append(const Args& a) {
  int max_threads = *std::max_element(a.threads.begin(), a.threads.end());
  std::unique_ptr<Database> db = open(a, max_threads + 2);
  check(db->write([&](Session& s) {
    return s
        .execute("CREATE TABLE IF NOT EXISTS bench_raw (seq " + autoincrement_pk(db->dialect()) +
                 ", body TEXT NOT NULL)")
        .status();
  }),
        "create bench_raw");
  rx::SystemClock clock;
  rx::crypto::SecureRandom random;
  Result<rx::crypto::Ed25519Key> key = rx::crypto::Ed25519Key::generate();
  if (!key.is_ok()) die("key", key.status());
  rx::ledger::Ledger ledger(*db, *key, std::string(kOrigin), clock);
  // A previous run's entries stay in the log; only what this run adds is checked.
  int64_t before = count_rows(*db, "ledger_entries");
  if (count_rows(*db, "ledger_queue") != 0) die("the ledger queue is not empty at the start");

  rx::ledger::Entry e = sample_entry(clock, random);
  size_t row_bytes = queued_row_bytes(e);
  std::string payload(row_bytes, 'x');
  uint64_t run_id = random.next_u64();
  std::atomic<uint64_t> next_entry{0};
  std::printf("ENTRY\tbody_bytes=%zu\trow_bytes=%zu\n", rx::ledger::encode(e).size(), row_bytes);

  int64_t appended = 0;
  for (int threads : a.threads) {
    SliceResult raw, led;
    SequencerStats sequencer;
    // ABBA, `cycles` times: raw, ledger, ledger, raw.
    double slice_seconds = a.seconds / (2 * a.cycles);
    for (int slice = 0; slice < 4 * a.cycles; ++slice) {
      bool is_ledger = slice % 4 == 1 || slice % 4 == 2;
      SliceResult r = is_ledger ? ledger_slice(*db, ledger, e, run_id, next_entry, threads,
                                               slice_seconds, a.interval_ms, sequencer)
                                : raw_slice(*db, threads, slice_seconds, payload);
      SliceResult& total = is_ledger ? led : raw;
      total.commits += r.commits;
      total.errors += r.errors;
      total.seconds += r.seconds;
    }
    // Diagnosis, not part of the ratio: the same clients with the sequencer stopped (what the
    // queue INSERT alone costs), then the sequencer alone on that backlog.
    SequencerStats idle;
    SliceResult queue_only = ledger_slice(*db, ledger, e, run_id, next_entry, threads,
                                          a.seconds / 2, /*interval_ms=*/1 << 30, idle);
    double drain_seconds = idle.busy_seconds;
    appended += led.commits + queue_only.commits;
    if (idle.sequenced != queue_only.commits) die("the queue-only backlog was not all sequenced");
    if (sequencer.sequenced != led.commits)
      die("sequenced " + std::to_string(sequencer.sequenced) + " entries, the clients committed " +
          std::to_string(led.commits));
    double raw_rate = static_cast<double>(raw.commits) / raw.seconds;
    double ledger_rate = static_cast<double>(led.commits) / led.seconds;
    std::printf(
        "RESULT\tappend\t%s\tthreads=%d\traw_per_s=%.0f\tledger_per_s=%.0f\tratio=%.2f\t"
        "raw_commits=%lld\tledger_commits=%lld\traw_errors=%lld\tledger_errors=%lld\t"
        "sequencer_busy=%.2f\tsequencer_us_per_entry=%.1f\tsequencer_max_ms=%.0f\t"
        "full_batches=%lld\t"
        "queue_only_per_s=%.0f\tsequencer_alone_us_per_entry=%.1f\n",
        db->dialect() == Dialect::kSqlite ? "sqlite" : "postgres", threads, raw_rate, ledger_rate,
        ledger_rate / raw_rate, static_cast<long long>(raw.commits),
        static_cast<long long>(led.commits), static_cast<long long>(raw.errors),
        static_cast<long long>(led.errors), sequencer.busy_seconds / led.seconds,
        1e6 * sequencer.busy_seconds / static_cast<double>(std::max<int64_t>(1, led.commits)),
        1e3 * sequencer.max_seconds, static_cast<long long>(sequencer.full_batches),
        static_cast<double>(queue_only.commits) / (queue_only.seconds - drain_seconds),
        1e6 * drain_seconds / static_cast<double>(std::max<int64_t>(1, queue_only.commits)));
    std::fflush(stdout);
  }
  check_log(*db, ledger, before + appended);
}

// --- proofs ------------------------------------------------------------------------------

Hash synthetic_leaf(uint64_t i) {
  char bytes[8];
  for (int b = 0; b < 8; ++b) bytes[b] = static_cast<char>((i >> (8 * b)) & 0xff);
  return rx::ledger::leaf_hash(std::string_view(bytes, 8));
}

// The RFC 9162 root of a growing list of leaves, kept as the roots of its perfect subtrees
// (largest first): independent of the tiles, so it checks them and the proofs.
class CompactRange {
 public:
  void push(const Hash& leaf) {
    Hash h = leaf;
    int height = 0;
    while (!stack_.empty() && stack_.back().first == height) {
      h = rx::ledger::node_hash(stack_.back().second, h);
      stack_.pop_back();
      ++height;
    }
    stack_.emplace_back(height, h);
  }
  Hash root() const {
    if (stack_.empty()) return rx::ledger::empty_root();
    Hash r = stack_.back().second;
    for (size_t i = stack_.size() - 1; i-- > 0;) r = rx::ledger::node_hash(stack_[i].second, r);
    return r;
  }

 private:
  std::vector<std::pair<int, Hash>> stack_;
};

// Tiles in the database, as the ledger stores them (BLOB in SQLite, BYTEA sent as hex).
Result<std::optional<rx::ledger::Tile>> read_tile(Session& s, int level, uint64_t index) {
  bool pg = s.dialect() == Dialect::kPostgres;
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.query(pg ? "SELECT encode(hashes, 'hex') FROM ledger_tiles WHERE level = ? AND idx = ?"
                 : "SELECT hashes FROM ledger_tiles WHERE level = ? AND idx = ?",
              {int64_t{level}, static_cast<int64_t>(index)}));
  if (rows.empty()) return std::optional<rx::ledger::Tile>();
  std::string bytes = rows[0].text(0);
  if (pg) {
    auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string raw(bytes.size() / 2, '\0');
    for (size_t i = 0; i < raw.size(); ++i)
      raw[i] = static_cast<char>(digit(bytes[2 * i]) * 16 + digit(bytes[2 * i + 1]));
    bytes = std::move(raw);
  }
  RX_ASSIGN_OR_RETURN(std::vector<Hash> hashes, rx::ledger::unpack_hashes(bytes));
  return std::optional<rx::ledger::Tile>(rx::ledger::Tile{level, index, std::move(hashes)});
}

Status write_tile(Session& s, const rx::ledger::Tile& t) {
  bool pg = s.dialect() == Dialect::kPostgres;
  std::string bytes = rx::ledger::pack_hashes(t.hashes);
  Value hashes = pg ? Value(rx::crypto::to_hex(std::span<const uint8_t>(
                          reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())))
                    : Value(bytes);
  return s
      .execute(pg ? "INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, decode(?, "
                    "'hex')) ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes"
                  : "INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, ?) "
                    "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes",
               {int64_t{t.level}, static_cast<int64_t>(t.index), hashes})
      .status();
}

struct Tree {
  uint64_t size = 0;
  CompactRange range;
  // The rightmost tile of each level as last written: what append_to_tiles reads back.
  std::map<int, rx::ledger::Tile> right_edge;
};

// Extends the stored tree to `target` leaves with the production append_to_tiles.
void grow(Database& db, Tree& tree, uint64_t target) {
  constexpr uint64_t kBatch = uint64_t{1} << 20;
  auto start = Clock::now();
  rx::ledger::TileReader reader = [&](int level,
                                      uint64_t index) -> Result<std::optional<rx::ledger::Tile>> {
    auto it = tree.right_edge.find(level);
    if (it == tree.right_edge.end() || it->second.index != index)
      return std::optional<rx::ledger::Tile>();
    return std::optional<rx::ledger::Tile>(it->second);
  };
  std::vector<Hash> leaves;
  while (tree.size < target) {
    uint64_t n = std::min(kBatch, target - tree.size);
    leaves.clear();
    for (uint64_t i = 0; i < n; ++i) {
      leaves.push_back(synthetic_leaf(tree.size + i));
      tree.range.push(leaves.back());
    }
    Result<std::vector<rx::ledger::Tile>> tiles =
        rx::ledger::append_to_tiles(tree.size, leaves, reader);
    if (!tiles.is_ok()) die("append_to_tiles", tiles.status());
    check(db.write([&](Session& s) -> Status {
      for (const auto& t : *tiles) RX_RETURN_IF_ERROR(write_tile(s, t));
      return Status::ok();
    }),
          "write tiles");
    for (auto& t : *tiles) {
      auto it = tree.right_edge.find(t.level);
      if (it == tree.right_edge.end() || it->second.index <= t.index)
        tree.right_edge[t.level] = std::move(t);
    }
    tree.size += n;
    if (tree.size % (kBatch * 16) == 0 || tree.size == target) {
      std::fprintf(stderr, "ledger_bench: %llu leaves in tiles (%.0f s)\n",
                   static_cast<unsigned long long>(tree.size), seconds_since(start));
    }
  }
}

// Records a signed head of the tree's size, as Ledger::sequence does at the end of a batch.
void sign_head(Database& db, const rx::crypto::Ed25519Key& key, const Tree& tree) {
  Hash root = tree.range.root();
  // The stored tiles must give the same root as the independent computation.
  check(db.read([&](Session& s) -> Status {
    rx::ledger::TileNodeSource nodes(
        [&s](int level, uint64_t index) { return read_tile(s, level, index); }, tree.size);
    RX_ASSIGN_OR_RETURN(Hash from_tiles, rx::ledger::root(nodes, tree.size));
    if (from_tiles != root) return rx::data_loss("the tiles' root differs from the leaves'");
    return Status::ok();
  }),
        "root from tiles");
  auto hex = [](std::string_view bytes) {
    return rx::crypto::to_hex(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  };
  int64_t now_us = rx::micros(rx::SystemClock().now());
  rx::ledger::TreeHead head = rx::ledger::sign_head(key, tree.size, root, now_us / 1000);
  check(db.write([&](Session& s) -> Status {
    RX_RETURN_IF_ERROR(
        s.execute("UPDATE ledger_state SET size = ?, root_hash = ?, updated_at = ? WHERE id = 1",
                  {static_cast<int64_t>(tree.size), rx::ledger::to_hex(root), now_us})
            .status());
    return s
        .execute(
            "INSERT INTO ledger_heads (size, root_hash, timestamp_ms, signature, "
            "public_key) VALUES (?, ?, ?, ?, ?)",
            {static_cast<int64_t>(tree.size), rx::ledger::to_hex(root), head.timestamp_ms,
             hex(head.signature), hex(key.public_key())})
        .status();
  }),
        "insert head");
}

void fill_peer(Database& db, int64_t rows) {
  check(db.write([&](Session& s) {
    return s
        .execute(
            "CREATE TABLE IF NOT EXISTS bench_rows (id BIGINT PRIMARY KEY, body TEXT NOT "
            "NULL)")
        .status();
  }),
        "create bench_rows");
  int64_t have = count_rows(db, "bench_rows");
  std::string body(500, 'x');
  constexpr int64_t kPerStatement = 500;
  for (int64_t id = have; id < rows;) {
    check(db.write([&](Session& s) -> Status {
      for (int64_t stop = std::min(rows, id + 50000); id < stop;) {
        int64_t n = std::min(kPerStatement, stop - id);
        std::string sql = "INSERT INTO bench_rows (id, body) VALUES ";
        std::vector<Value> params;
        for (int64_t k = 0; k < n; ++k) {
          sql += k == 0 ? "(?, ?)" : ", (?, ?)";
          params.emplace_back(id + k);
          params.emplace_back(body);
        }
        RX_RETURN_IF_ERROR(s.execute(sql, params).status());
        id += n;
      }
      return Status::ok();
    }),
          "fill bench_rows");
  }
}

struct Latencies {
  std::vector<double> us;
  void add(Clock::time_point start) {
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  double quantile(double q) {
    std::sort(us.begin(), us.end());
    return us.empty() ? 0
                      : us[std::min(us.size() - 1,
                                    static_cast<size_t>(q * static_cast<double>(us.size())))];
  }
};

void measure_proofs(Database& db, rx::ledger::Ledger& ledger, uint64_t size, const Hash& root,
                    int samples, int64_t peer_rows, const char* backend) {
  std::mt19937_64 rng(size);
  Latencies inclusion, consistency, peer, head, tile, hashing;
  double tiles_read = 0;
  size_t path_total = 0, consistency_path_total = 0;
  // Verification (outside the timings): roots of the first trees, from the tiles.
  std::vector<std::pair<uint64_t, rx::ledger::ConsistencyProof>> to_check;
  constexpr int kRound = 50;
  for (int done = 0; done < samples; done += kRound) {
    for (int k = 0; k < kRound; ++k) {
      int64_t id = static_cast<int64_t>(rng() % static_cast<uint64_t>(peer_rows));
      auto start = Clock::now();
      size_t got = 0;
      check(db.read([&](Session& s) -> Status {
        RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT body FROM bench_rows WHERE id = ?", {id}));
        got = rows.size();
        return Status::ok();
      }),
            "peer lookup");
      peer.add(start);
      if (got != 1) die("peer row " + std::to_string(id) + " is missing");
    }
    for (int k = 0; k < kRound; ++k) {
      uint64_t index = rng() % size;
      auto start = Clock::now();
      Result<rx::ledger::InclusionProof> p = ledger.inclusion(index, size);
      inclusion.add(start);
      if (!p.is_ok()) die("inclusion", p.status());
      if (!rx::ledger::verify_inclusion(synthetic_leaf(index), index, size, p->path, root))
        die("inclusion proof for " + std::to_string(index) + " does not verify");
      path_total += p->path.size();
    }
    // Where a proof's time goes: the head it reads first, one tile read alone (a primary-key
    // lookup of one 8 KiB row), and the hashing alone (the proof computed again from tiles
    // already read); and how many tiles a proof reads.
    for (int k = 0; k < kRound / 10; ++k) {
      auto start = Clock::now();
      Result<rx::ledger::TreeHead> h = ledger.head();
      head.add(start);
      if (!h.is_ok()) die("head", h.status());
      uint64_t index = rng() % size;
      start = Clock::now();
      check(db.read([&](Session& s) -> Status {
        return read_tile(s, 0, index / rx::ledger::kTileWidth).status();
      }),
            "tile read");
      tile.add(start);
      check(db.read([&](Session& s) -> Status {
        rx::ledger::TileNodeSource nodes(
            [&s](int level, uint64_t i) { return read_tile(s, level, i); }, size);
        RX_RETURN_IF_ERROR(rx::ledger::inclusion_proof(nodes, index, size).status());
        tiles_read += nodes.tiles_read();
        auto again = Clock::now();
        RX_RETURN_IF_ERROR(rx::ledger::inclusion_proof(nodes, index, size).status());
        hashing.add(again);
        return Status::ok();
      }),
            "hashing");
    }
    for (int k = 0; k < kRound; ++k) {
      uint64_t first = 1 + rng() % size;
      auto start = Clock::now();
      Result<rx::ledger::ConsistencyProof> p = ledger.consistency(first, size);
      consistency.add(start);
      if (!p.is_ok()) die("consistency", p.status());
      consistency_path_total += p->path.size();
      to_check.emplace_back(first, std::move(*p));
    }
  }
  check(db.read([&](Session& s) -> Status {
    for (const auto& [first, proof] : to_check) {
      rx::ledger::TileNodeSource nodes(
          [&s](int level, uint64_t index) { return read_tile(s, level, index); }, first);
      RX_ASSIGN_OR_RETURN(Hash first_root, rx::ledger::root(nodes, first));
      if (!rx::ledger::verify_consistency(first, size, first_root, root, proof.path))
        return rx::data_loss("consistency proof from " + std::to_string(first) +
                             " does not verify");
    }
    return Status::ok();
  }),
        "verify consistency");
  auto n = static_cast<double>(samples);
  double peer_median = peer.quantile(0.5);
  double inc_median = inclusion.quantile(0.5), con_median = consistency.quantile(0.5);
  std::printf(
      "RESULT\tproofs\t%s\tsize=%llu\tsamples=%d\tverified=%d\t"
      "inclusion_median_us=%.1f\tinclusion_p99_us=%.1f\tinclusion_path=%.1f\t"
      "consistency_median_us=%.1f\tconsistency_p99_us=%.1f\tconsistency_path=%.1f\t"
      "peer_median_us=%.1f\tpeer_p99_us=%.1f\tinclusion_over_peer=%.1f\t"
      "consistency_over_peer=%.1f\thead_median_us=%.1f\ttile_read_median_us=%.1f\t"
      "hashing_median_us=%.1f\ttiles_per_inclusion=%.1f\n",
      backend, static_cast<unsigned long long>(size), samples, samples, inc_median,
      inclusion.quantile(0.99), static_cast<double>(path_total) / n, con_median,
      consistency.quantile(0.99), static_cast<double>(consistency_path_total) / n, peer_median,
      peer.quantile(0.99), inc_median / peer_median, con_median / peer_median, head.quantile(0.5),
      tile.quantile(0.5), hashing.quantile(0.5),
      tiles_read / static_cast<double>(std::max<size_t>(1, head.us.size())));
  std::fflush(stdout);
}

// The root of the signed head of `size`, if one was recorded (by an earlier --keep run).
std::optional<Hash> signed_root(Database& db, uint64_t size) {
  std::optional<Hash> root;
  check(db.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT root_hash FROM ledger_heads WHERE size = ?",
                                           {static_cast<int64_t>(size)}));
    if (!rows.empty()) root = rx::ledger::hash_from_hex(rows[0].text(0));
    return Status::ok();
  }),
        "read head");
  return root;
}

void run_proofs(const Args& a) {
  if (a.sizes.empty()) die("--sizes is required");
  std::unique_ptr<Database> db = open(a, 4);
  const char* backend = db->dialect() == Dialect::kSqlite ? "sqlite" : "postgres";
  Result<rx::crypto::Ed25519Key> key = rx::crypto::Ed25519Key::generate();
  if (!key.is_ok()) die("key", key.status());
  rx::SystemClock clock;
  rx::ledger::Ledger ledger(*db, *key, std::string(kOrigin), clock);
  if (a.measure_only) {
    // A tree built by an earlier run: its heads were checked against the independent root
    // when they were signed.
    for (uint64_t size : a.sizes) {
      std::optional<Hash> root = signed_root(*db, size);
      if (!root) die("no signed head of size " + std::to_string(size) + " to measure");
      measure_proofs(*db, ledger, size, *root, a.samples, a.peer_rows, backend);
    }
    return;
  }
  if (count_rows(*db, "ledger_tiles") != 0) die("proofs needs an empty ledger");
  auto peer_start = Clock::now();
  fill_peer(*db, a.peer_rows);
  std::fprintf(stderr, "ledger_bench: %lld peer rows (%.0f s)\n",
               static_cast<long long>(a.peer_rows), seconds_since(peer_start));
  Tree tree;
  for (uint64_t size : a.sizes) {
    auto start = Clock::now();
    grow(*db, tree, size);
    sign_head(*db, *key, tree);
    std::printf("BUILD\t%s\tsize=%llu\tseconds=%.0f\n", backend,
                static_cast<unsigned long long>(size), seconds_since(start));
    std::fflush(stdout);
    measure_proofs(*db, ledger, tree.size, tree.range.root(), a.samples, a.peer_rows, backend);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse_args(argc, argv);
  rx::SystemClock clock;
  rx::crypto::SecureRandom random;
  rx::monitor::Monitor monitor(rx::config::MonitorThresholds{}, clock, random);
  if (a.monitor) sequence_observer = &monitor;
  if (a.mode == "append") {
    run_append(a);
  } else if (a.mode == "proofs") {
    run_proofs(a);
  } else {
    die("unknown mode " + a.mode + " (append or proofs)");
  }
  return 0;
}
