// The tree is stored as tiles, as C2SP tlog-tiles lays it out: tile (L, N) holds the hashes
// of the complete nodes at tree level 8L with indexes N*256 .. N*256+width-1. Leaves are
// level-0 tiles. Any node of any past tree is then at most one tile read plus at most 255
// hashes away, so a proof costs O(log n / 8) reads whatever the log's size, and an append
// rewrites only the rightmost tile of each level.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
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

// Complete-subtree hashes read from tiles, each tile read once per source.
class TileNodeSource final : public NodeSource {
 public:
  explicit TileNodeSource(TileReader read) : read_(std::move(read)) {}
  Result<Hash> node(int level, uint64_t index) override;
  int tiles_read() const { return static_cast<int>(cache_.size()); }

 private:
  Result<const Tile*> tile(int level, uint64_t index);
  TileReader read_;
  std::map<std::pair<int, uint64_t>, Tile> cache_;
};

// Packs tile hashes into bytes (32 per hash) and back; unpack rejects a length that is not a
// positive multiple of 32 up to 256 hashes.
std::string pack_hashes(std::span<const Hash> hashes);
Result<std::vector<Hash>> unpack_hashes(std::string_view bytes);

}  // namespace rx::ledger
