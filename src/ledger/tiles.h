// The tree is stored as tiles, as C2SP tlog-tiles lays it out: tile (L, N) holds the hashes
// of the complete nodes at tree level 8L with indexes N*256 .. N*256+width-1. Leaves are
// level-0 tiles. Any node of any past tree is then at most one tile read plus at most 255
// hashes away, so a proof costs O(log n / 8) reads whatever the log's size, and an append
// rewrites only the rightmost tile of each level.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"

namespace rx::ledger {

inline constexpr int kTileHeight = 8;
inline constexpr uint64_t kTileWidth = uint64_t{1} << kTileHeight;

struct Tile {
  int level = 0;
  uint64_t index = 0;
  std::vector<Hash> hashes;  // 1..256 of them
};

// Reads a stored tile; nullopt when there is none.
using TileReader = std::function<Result<std::optional<Tile>>(int level, uint64_t index)>;

// The tiles that change when `leaves` are appended to a tree of `size` leaves (the rightmost
// tile of each level, and new ones), to be written over the stored ones.
Result<std::vector<Tile>> append_to_tiles(uint64_t size, std::span<const Hash> leaves,
                                          const TileReader& read);

// A tile with every complete node inside it computed once: nodes[k][j] is the root of stored
// hashes [j * 2^k, (j + 1) * 2^k). Stored hashes never change (tiles only grow), so an
// expanded tile stays true for every tree at least as large as the one it was read for.
struct ExpandedTile {
  std::vector<std::vector<Hash>> nodes;  // nodes[0] are the stored hashes
  size_t width() const { return nodes[0].size(); }
};
std::shared_ptr<const ExpandedTile> expand(std::vector<Hash> hashes);

// Expanded tiles shared by every proof of one server. It keeps the tiles above level 0 (about
// 1,500 at 100M entries) and the partial right-edge tiles, which every proof needs; a level-0
// tile is one proof's own leaf neighbourhood and is not worth keeping. Thread-safe; bounded.
class TileCache {
 public:
  explicit TileCache(size_t max_tiles = 50'000) : max_tiles_(max_tiles) {}
  // A cached tile at least `width` wide, or null.
  std::shared_ptr<const ExpandedTile> find(int level, uint64_t index, size_t width) const;
  void keep(int level, uint64_t index, std::shared_ptr<const ExpandedTile> tile);

 private:
  size_t max_tiles_;
  mutable std::mutex mutex_;
  std::map<std::pair<int, uint64_t>, std::shared_ptr<const ExpandedTile>> tiles_;
};

// Complete-subtree hashes of the tree of `size` leaves read from tiles, each tile read (and
// expanded) once per source, and shared through `cache` when one is given.
class TileNodeSource final : public NodeSource {
 public:
  TileNodeSource(TileReader read, uint64_t size, TileCache* cache = nullptr)
      : read_(std::move(read)), size_(size), cache_(cache) {}
  Result<Hash> node(int level, uint64_t index) override;
  int tiles_read() const { return tiles_read_; }

 private:
  Result<const ExpandedTile*> tile(int level, uint64_t index);
  TileReader read_;
  uint64_t size_;
  TileCache* cache_;
  int tiles_read_ = 0;
  std::map<std::pair<int, uint64_t>, std::shared_ptr<const ExpandedTile>> used_;
};

// Packs tile hashes into bytes (32 per hash) and back; unpack rejects a length that is not a
// positive multiple of 32 up to 256 hashes.
std::string pack_hashes(std::span<const Hash> hashes);
Result<std::vector<Hash>> unpack_hashes(std::string_view bytes);

}  // namespace rx::ledger
