#include "ledger/ledger.h"

#include <chrono>

#include "ledger/tables.h"
#include "ledger/tiles.h"

namespace rx::ledger {
namespace {

using store::Row;
using store::Rows;
using store::Session;
using store::Value;

constexpr uint64_t kMaxEntriesPerRead = 1000;

Result<TreeHead> newest_head(Session& s, std::optional<uint64_t> size) {
  RX_ASSIGN_OR_RETURN(std::vector<StoredHead> heads,
                      read_heads(s, "ORDER BY size DESC LIMIT 1", size));
  if (heads.empty()) return not_found("no signed head");
  return heads[0].head;
}

constexpr size_t kRowsPerInsert = 200;

// The newest signed head's size (0 before any).
Result<uint64_t> signed_size(Session& s) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT MAX(size) FROM ledger_heads"));
  return rows.empty() || rows[0].is_null(0) ? uint64_t{0}
                                            : static_cast<uint64_t>(rows[0].integer(0));
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

Status not_beyond(uint64_t size, uint64_t tree_size, std::string_view field) {
  if (size <= tree_size) return Status::ok();
  std::string why = std::string(field) + " " + std::to_string(size) +
                    " is beyond the signed tree size " + std::to_string(tree_size);
  return invalid_argument(why, {{std::string(field), why}});
}

}  // namespace

Status append(Session& s, const Entry& e) {
  return s
      .execute(
          "INSERT INTO ledger_queue (id, at, action, subject, institution_id, body) VALUES "
          "(?, ?, ?, ?, ?, ?)",
          {e.id, micros(e.at), e.action, e.subject, e.actor.institution_id, encode(e)})
      .status();
}

Ledger::Ledger(store::Database& db, const crypto::Ed25519Key& key, std::string origin,
               const Clock& clock)
    : db_(db),
      key_(key),
      origin_(std::move(origin)),
      clock_(clock),
      tiles_(std::make_unique<TileCache>()) {}

Result<size_t> Ledger::sequence(SequenceObserver* observer, size_t max_batch) {
  size_t sequenced = 0;
  RX_RETURN_IF_ERROR(db_.write([&](Session& s) -> Status {
    sequenced = 0;
    // Taking the state row's lock first makes concurrent sequencers (other processes on the
    // same PostgreSQL) wait for one another instead of assigning the same indexes.
    RX_RETURN_IF_ERROR(
        s.execute("UPDATE ledger_state SET updated_at = updated_at WHERE id = 1").status());
    RX_ASSIGN_OR_RETURN(Rows state, s.query("SELECT size FROM ledger_state WHERE id = 1"));
    if (state.empty()) return data_loss("ledger_state row is missing");
    auto size = static_cast<uint64_t>(state[0].integer(0));
    RX_ASSIGN_OR_RETURN(Rows queued,
                        s.query("SELECT seq, id, at, action, subject, institution_id, body FROM "
                                "ledger_queue ORDER BY seq LIMIT ?",
                                {static_cast<int64_t>(max_batch)}));
    if (queued.empty()) return Status::ok();
    std::vector<Hash> leaves;
    leaves.reserve(queued.size());
    std::vector<SequencedEntry> batch;
    // One statement (one round trip) per kRowsPerInsert entries: per-entry statements made
    // the sequencer the bottleneck under many writers (docs/benchmarks.md).
    for (size_t start = 0; start < queued.size(); start += kRowsPerInsert) {
      size_t n = std::min(kRowsPerInsert, queued.size() - start);
      std::string sql =
          "INSERT INTO ledger_entries (leaf_index, id, at, action, subject, institution_id, "
          "body) VALUES ";
      std::vector<Value> params;
      params.reserve(7 * n);
      for (size_t i = start; i < start + n; ++i) {
        const Row& q = queued[i];
        leaves.push_back(leaf_hash(q.text(6)));
        sql += i == start ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)";
        params.emplace_back(static_cast<int64_t>(size + i));
        params.insert(params.end(), q.values.begin() + 1, q.values.begin() + 7);
        if (observer != nullptr) {
          RX_ASSIGN_OR_RETURN(Entry e, decode(q.text(6)));
          batch.push_back({size + i, std::move(e)});
        }
      }
      RX_RETURN_IF_ERROR(s.execute(sql, params).status());
    }
    TileReader read = tiles_in(s);
    RX_ASSIGN_OR_RETURN(std::vector<Tile> tiles, append_to_tiles(size, leaves, read));
    for (const Tile& t : tiles) RX_RETURN_IF_ERROR(write_tile(s, t));
    uint64_t new_size = size + leaves.size();
    TileNodeSource nodes(read, new_size);
    RX_ASSIGN_OR_RETURN(Hash new_root, root(nodes, new_size));
    int64_t now_us = micros(clock_.now());
    RX_RETURN_IF_ERROR(
        s.execute("UPDATE ledger_state SET size = ?, root_hash = ?, updated_at = ? WHERE id = 1",
                  {static_cast<int64_t>(new_size), to_hex(new_root), now_us})
            .status());
    for (size_t start = 0; start < queued.size(); start += 500) {
      size_t n = std::min<size_t>(500, queued.size() - start);
      std::vector<Value> seqs;
      for (size_t i = start; i < start + n; ++i) seqs.push_back(queued[i].values[0]);
      RX_RETURN_IF_ERROR(
          s.execute("DELETE FROM ledger_queue WHERE seq IN (" + placeholders(n) + ")", seqs)
              .status());
    }
    if (observer != nullptr) RX_RETURN_IF_ERROR(observer->observe(s, batch));
    RX_RETURN_IF_ERROR(
        write_head(s, sign_head(key_, new_size, new_root, now_us / 1000), key_.public_key()));
    sequenced = leaves.size();
    return Status::ok();
  }));
  return sequenced;
}

Result<TreeHead> Ledger::head() {
  TreeHead head;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    Result<TreeHead> stored = newest_head(s, std::nullopt);
    if (stored.is_ok()) {
      head = std::move(*stored);
      return Status::ok();
    }
    if (stored.status().code() != StatusCode::kNotFound) return stored.status();
    head = sign_head(key_, 0, empty_root(), micros(clock_.now()) / 1000);
    return Status::ok();
  }));
  return head;
}

Result<std::string> Ledger::checkpoint() {
  RX_ASSIGN_OR_RETURN(TreeHead h, head());
  std::string note = sign_note(key_, origin_, checkpoint_body(origin_, h.size, h.root));
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT line FROM ledger_cosignatures WHERE size = ? "
                                           "ORDER BY witness",
                                           {static_cast<int64_t>(h.size)}));
    for (const Row& r : rows) note += r.text(0);
    return Status::ok();
  }));
  return note;
}

Result<std::vector<StoredEntry>> Ledger::entries(uint64_t start, uint64_t end) {
  if (start >= end) {
    return invalid_argument("start must be below end", {{"start", "must be below end"}});
  }
  RX_ASSIGN_OR_RETURN(TreeHead h, head());
  if (start >= h.size) {
    std::string why = "start " + std::to_string(start) + " is not below the signed tree size " +
                      std::to_string(h.size);
    return invalid_argument(why, {{"start", why}});
  }
  end = std::min({end, h.size, start + kMaxEntriesPerRead});
  std::vector<StoredEntry> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows,
                        s.query("SELECT leaf_index, body FROM ledger_entries WHERE "
                                "leaf_index >= ? AND leaf_index < ? ORDER BY "
                                "leaf_index",
                                {static_cast<int64_t>(start), static_cast<int64_t>(end)}));
    for (const Row& r : rows) {
      auto index = static_cast<uint64_t>(r.integer(0));
      if (index != start + out.size()) {
        return data_loss("ledger entry " + std::to_string(start + out.size()) + " is missing");
      }
      out.push_back({index, r.text(1), leaf_hash(r.text(1))});
    }
    if (out.size() != end - start) {
      return data_loss("ledger entry " + std::to_string(start + out.size()) + " is missing");
    }
    return Status::ok();
  }));
  return out;
}

Result<StoredEntry> Ledger::entry_by_id(std::string_view id) {
  std::optional<StoredEntry> found;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT leaf_index, body FROM ledger_entries WHERE "
                                           "id = ? ORDER BY leaf_index LIMIT 1",
                                           {std::string(id)}));
    if (!rows.empty()) {
      found = StoredEntry{static_cast<uint64_t>(rows[0].integer(0)), rows[0].text(1),
                          leaf_hash(rows[0].text(1))};
    }
    return Status::ok();
  }));
  if (!found) return not_found("no sequenced ledger entry with id " + std::string(id));
  return *found;
}

// Proofs run in one read transaction: the signed size and the tiles come from one snapshot,
// and tiles above level 0 and at the right edge come from the ledger's shared cache.
Result<InclusionProof> Ledger::inclusion(uint64_t index, uint64_t size) {
  InclusionProof proof{index, size, {}};
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(uint64_t tree_size, signed_size(s));
    RX_RETURN_IF_ERROR(not_beyond(size, tree_size, "size"));
    if (index >= size) {
      std::string why =
          "index " + std::to_string(index) + " is not below size " + std::to_string(size);
      return invalid_argument(why, {{"index", why}});
    }
    TileNodeSource nodes(tiles_in(s), size, tiles_.get());
    RX_ASSIGN_OR_RETURN(proof.path, inclusion_proof(nodes, index, size));
    return Status::ok();
  }));
  return proof;
}

Result<ConsistencyProof> Ledger::consistency(uint64_t first, uint64_t second) {
  ConsistencyProof proof{first, second, {}};
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(uint64_t tree_size, signed_size(s));
    RX_RETURN_IF_ERROR(not_beyond(second, tree_size, "second"));
    if (first == 0 || first > second) {
      std::string why = "first must be between 1 and second (" + std::to_string(second) + ")";
      return invalid_argument(why, {{"first", why}});
    }
    TileNodeSource nodes(tiles_in(s), second, tiles_.get());
    RX_ASSIGN_OR_RETURN(proof.path, consistency_proof(nodes, first, second));
    return Status::ok();
  }));
  return proof;
}

Status Ledger::add_cosignature(uint64_t size, std::string_view witness_name,
                               std::string_view witness_public_key, std::string_view line) {
  return db_.write([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(TreeHead h, newest_head(s, size));
    RX_ASSIGN_OR_RETURN(Checkpoint c, parse_checkpoint(checkpoint_body(origin_, h.size, h.root) +
                                                       "\n" + std::string(line)));
    std::optional<uint64_t> t = cosignature_time(c, witness_name, witness_public_key);
    if (!t) {
      return invalid_argument("the cosignature does not verify for witness " +
                                  std::string(witness_name) + " over the head of size " +
                                  std::to_string(size),
                              {{"cosignature", "does not verify"}});
    }
    return s
        .execute(
            "INSERT INTO ledger_cosignatures (size, witness, line, cosigned_at) VALUES "
            "(?, ?, ?, ?) ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, "
            "cosigned_at = excluded.cosigned_at",
            {static_cast<int64_t>(size), std::string(witness_name), std::string(line),
             static_cast<int64_t>(*t)})
        .status();
  });
}

Status sequence_pending(Ledger& ledger, SequenceObserver* observer) {
  constexpr size_t kBatch = 20'000;
  for (;;) {
    RX_ASSIGN_OR_RETURN(size_t done, ledger.sequence(observer, kBatch));
    if (done < kBatch) return Status::ok();
  }
}

}  // namespace rx::ledger
