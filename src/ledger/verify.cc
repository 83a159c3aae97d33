#include "ledger/verify.h"

#include <optional>
#include <string>
#include <vector>

#include "ledger/entry.h"
#include "ledger/head.h"
#include "ledger/tables.h"
#include "ledger/tiles.h"

namespace rx::ledger {
namespace {

using store::Row;
using store::Rows;
using store::Session;

constexpr int64_t kChunk = 10'000;

Status check_signature(const StoredHead& h, std::string_view public_key) {
  if (!verify_head(public_key, h.head)) {
    return data_loss("signed head of size " + std::to_string(h.head.size) +
                     ": the signature does not verify with the ledger's public key");
  }
  return Status::ok();
}

// Rebuilds tiles and roots from leaves in order, as the sequencer would have.
class Rebuild {
 public:
  explicit Rebuild(Session& s) : s_(s) {}

  Status add(const Hash& leaf) {
    // Each leaf is compared as it comes, so damage is named at the entry, before any head.
    if (size_ % kTileWidth == 0) {
      RX_ASSIGN_OR_RETURN(leaf_tile_, read_tile_hashes(s_, 0, size_ / kTileWidth));
    }
    size_t offset = size_ % kTileWidth;
    if (offset >= leaf_tile_.size() || leaf_tile_[offset] != leaf) {
      return data_loss("entry " + std::to_string(size_) +
                       " was altered, removed or reordered: the hash of its stored bytes is "
                       "not leaf " +
                       std::to_string(size_) + " of the tree");
    }
    ++size_;
    push_peak(leaf);
    return add_to_level(0, leaf);
  }
  uint64_t size() const { return size_; }
  uint64_t tiles_checked() const { return tiles_checked_; }

  Hash root() const {
    if (peaks_.empty()) return empty_root();
    Hash r = peaks_.back().second;
    for (size_t i = peaks_.size() - 1; i-- > 0;) r = node_hash(peaks_[i].second, r);
    return r;
  }

  // Compares the partial rightmost tiles at the end.
  Status finish() {
    for (size_t level = 0; level < open_.size(); ++level) {
      if (!open_[level].empty()) {
        RX_RETURN_IF_ERROR(compare(static_cast<int>(level), open_[level]));
      }
    }
    return Status::ok();
  }

 private:
  void push_peak(Hash h) {
    int level = 0;
    while (!peaks_.empty() && peaks_.back().first == level) {
      h = node_hash(peaks_.back().second, h);
      peaks_.pop_back();
      ++level;
    }
    peaks_.emplace_back(level, h);
  }

  Status add_to_level(size_t level, const Hash& h) {
    if (open_.size() <= level) open_.resize(level + 1), index_.resize(level + 1, 0);
    open_[level].push_back(h);
    if (open_[level].size() < kTileWidth) return Status::ok();
    RX_RETURN_IF_ERROR(compare(static_cast<int>(level), open_[level]));
    Hash up = root_of(open_[level]);
    open_[level].clear();
    ++index_[level];
    return add_to_level(level + 1, up);
  }

  Status compare(int level, const std::vector<Hash>& expected) {
    uint64_t index = index_[static_cast<size_t>(level)];
    // Leaf tiles were read (and each leaf compared) as the leaves came: no second read.
    std::vector<Hash> stored;
    if (level == 0) {
      stored = leaf_tile_;
    } else {
      RX_ASSIGN_OR_RETURN(stored, read_tile_hashes(s_, level, index));
    }
    ++tiles_checked_;
    std::string where = "tile " + std::to_string(level) + "/" + std::to_string(index);
    if (stored.empty()) return data_loss(where + " is missing");
    for (size_t i = 0; i < expected.size(); ++i) {
      if (i >= stored.size() || stored[i] != expected[i]) {
        if (level == 0) {
          return data_loss("entry " + std::to_string(index * kTileWidth + i) +
                           " was altered, removed or reordered: the hash of its stored bytes "
                           "is not leaf " +
                           std::to_string(index * kTileWidth + i) + " of the tree");
        }
        return data_loss(where + " hash " + std::to_string(i) + " does not match the entries");
      }
    }
    if (stored.size() != expected.size()) {
      return data_loss(where + " holds " + std::to_string(stored.size()) +
                       " hashes; the entries give " + std::to_string(expected.size()));
    }
    return Status::ok();
  }

  Session& s_;
  uint64_t size_ = 0;
  uint64_t tiles_checked_ = 0;
  std::vector<std::pair<int, Hash>> peaks_;
  std::vector<std::vector<Hash>> open_;
  std::vector<Hash> leaf_tile_;
  std::vector<uint64_t> index_;
};

}  // namespace

Result<VerifyReport> verify_ledger(store::Database& db, std::string_view public_key,
                                   const std::function<void(uint64_t)>& progress) {
  VerifyReport report;
  RX_RETURN_IF_ERROR(db.read([&](Session& s) -> Status {
    report = {};
    RX_ASSIGN_OR_RETURN(std::vector<StoredHead> heads, read_heads(s, "ORDER BY size"));
    for (const StoredHead& h : heads) RX_RETURN_IF_ERROR(check_signature(h, public_key));
    RX_ASSIGN_OR_RETURN(Rows state, s.query("SELECT size, root_hash FROM ledger_state"));
    if (state.size() != 1) return data_loss("ledger_state must hold exactly one row");
    Rebuild rebuild(s);
    size_t next_head = 0;
    auto check_heads = [&]() -> Status {
      for (; next_head < heads.size() && heads[next_head].head.size == rebuild.size();
           ++next_head) {
        if (heads[next_head].head.root != rebuild.root()) {
          return data_loss("signed head of size " + std::to_string(rebuild.size()) +
                           " does not match the stored entries: the log was rewritten before "
                           "entry " +
                           std::to_string(rebuild.size()));
        }
        ++report.heads;
      }
      return Status::ok();
    };
    RX_RETURN_IF_ERROR(check_heads());
    for (;;) {
      RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT leaf_index, id, body FROM ledger_entries "
                                             "WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?",
                                             {static_cast<int64_t>(rebuild.size()), kChunk}));
      if (rows.empty()) break;
      for (const Row& r : rows) {
        auto index = static_cast<uint64_t>(r.integer(0));
        if (index != rebuild.size()) {
          return data_loss("entry " + std::to_string(rebuild.size()) +
                           " is missing (the next stored entry is " + std::to_string(index) + ")");
        }
        Result<Entry> entry = decode(r.text(2));
        if (!entry.is_ok()) {
          return data_loss("entry " + std::to_string(index) +
                           " is not a valid entry: " + entry.status().message());
        }
        if (entry->id != r.text(1)) {
          return data_loss("entry " + std::to_string(index) + " was altered: its id column (" +
                           r.text(1) + ") differs from its hashed bytes (" + entry->id + ")");
        }
        RX_RETURN_IF_ERROR(rebuild.add(leaf_hash(r.text(2))));
        RX_RETURN_IF_ERROR(check_heads());
      }
      if (progress) progress(rebuild.size());
    }
    if (next_head < heads.size()) {
      return data_loss("the log was truncated: signed head of size " +
                       std::to_string(heads[next_head].head.size) + " covers entries from " +
                       std::to_string(rebuild.size()) + " on, which are missing");
    }
    RX_RETURN_IF_ERROR(rebuild.finish());
    auto state_size = static_cast<uint64_t>(state[0].integer(0));
    if (state_size != rebuild.size() || state[0].text(1) != to_hex(rebuild.root())) {
      return data_loss("ledger_state (size " + std::to_string(state_size) +
                       ") does not match the " + std::to_string(rebuild.size()) +
                       " stored entries");
    }
    RX_ASSIGN_OR_RETURN(Rows tile_count, s.query("SELECT count(*) FROM ledger_tiles"));
    if (static_cast<uint64_t>(tile_count[0].integer(0)) != rebuild.tiles_checked()) {
      return data_loss("ledger_tiles holds " + std::to_string(tile_count[0].integer(0)) +
                       " tiles; the entries give " + std::to_string(rebuild.tiles_checked()));
    }
    report.entries = rebuild.size();
    report.tiles = rebuild.tiles_checked();
    return Status::ok();
  }));
  return report;
}

Status check_ledger_at_startup(store::Database& db, std::string_view public_key) {
  return db.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(std::vector<StoredHead> heads, read_heads(s, "ORDER BY size DESC LIMIT 1"));
    RX_ASSIGN_OR_RETURN(Rows state, s.query("SELECT size, root_hash FROM ledger_state"));
    if (state.size() != 1) return data_loss("ledger_state must hold exactly one row");
    auto size = static_cast<uint64_t>(state[0].integer(0));
    if (heads.empty()) {
      if (size != 0) return data_loss("the ledger has entries but no signed head");
      return Status::ok();
    }
    const StoredHead& newest = heads[0];
    RX_RETURN_IF_ERROR(check_signature(newest, public_key));
    if (newest.head.size != size) {
      return data_loss("the newest signed head (size " + std::to_string(newest.head.size) +
                       ") disagrees with ledger_state (size " + std::to_string(size) + ")");
    }
    RX_ASSIGN_OR_RETURN(Rows last, s.query("SELECT MAX(leaf_index) FROM ledger_entries"));
    int64_t max_index = last[0].is_null(0) ? -1 : last[0].integer(0);
    if (max_index + 1 != static_cast<int64_t>(size)) {
      return data_loss(
          "the log was truncated or extended behind the sequencer: the newest "
          "entry is " +
          std::to_string(max_index) + " but the signed head covers " + std::to_string(size));
    }
    TileNodeSource nodes(tiles_in(s), size);
    RX_ASSIGN_OR_RETURN(Hash tree_root, root(nodes, size));
    if (tree_root != newest.head.root) {
      return data_loss("the stored tiles do not give the root of the newest signed head (size " +
                       std::to_string(size) + ")");
    }
    uint64_t from = size - std::min<uint64_t>(size, kTileWidth);
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT leaf_index, body FROM ledger_entries WHERE "
                                           "leaf_index >= ? ORDER BY leaf_index",
                                           {static_cast<int64_t>(from)}));
    uint64_t expected = from;
    for (const Row& r : rows) {
      auto index = static_cast<uint64_t>(r.integer(0));
      if (index != expected) return data_loss("entry " + std::to_string(expected) + " is missing");
      RX_ASSIGN_OR_RETURN(Hash leaf, nodes.node(0, index));
      if (leaf != leaf_hash(r.text(1))) {
        return data_loss("entry " + std::to_string(index) +
                         " was altered: the hash of its stored bytes is not leaf " +
                         std::to_string(index) + " of the tree");
      }
      ++expected;
    }
    return Status::ok();
  });
}

}  // namespace rx::ledger
