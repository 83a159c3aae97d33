#include "ledger/tiles.h"

#include <cstring>

namespace rx::ledger {

Result<std::vector<Tile>> append_to_tiles(uint64_t size, std::span<const Hash> leaves,
                                          const TileReader& read) {
  std::vector<Tile> out;
  std::vector<Hash> arriving(leaves.begin(), leaves.end());  // new nodes at this level
  uint64_t before = size;                                    // nodes at this level before
  for (int level = 0; !arriving.empty(); ++level) {
    Tile tile{level, before / kTileWidth, {}};
    if (before % kTileWidth != 0) {
      RX_ASSIGN_OR_RETURN(std::optional<Tile> stored, read(level, tile.index));
      if (!stored || stored->hashes.size() != before % kTileWidth) {
        return data_loss("ledger tile " + std::to_string(level) + "/" + std::to_string(tile.index) +
                         " does not match the tree size " + std::to_string(size));
      }
      tile = std::move(*stored);
    }
    std::vector<Hash> completed;  // nodes of the level above that these arrivals complete
    for (const Hash& h : arriving) {
      tile.hashes.push_back(h);
      if (tile.hashes.size() == kTileWidth) {
        completed.push_back(root_of(tile.hashes));
        uint64_t next = tile.index + 1;
        out.push_back(std::move(tile));
        tile = Tile{level, next, {}};
      }
    }
    if (!tile.hashes.empty()) out.push_back(std::move(tile));
    before /= kTileWidth;
    arriving = std::move(completed);
  }
  return out;
}

Result<const Tile*> TileNodeSource::tile(int level, uint64_t index) {
  auto key = std::make_pair(level, index);
  if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
  RX_ASSIGN_OR_RETURN(std::optional<Tile> t, read_(level, index));
  if (!t) {
    return data_loss("ledger tile " + std::to_string(level) + "/" + std::to_string(index) +
                     " is missing");
  }
  return &cache_.emplace(key, std::move(*t)).first->second;
}

Result<Hash> TileNodeSource::node(int level, uint64_t index) {
  int tile_level = level / kTileHeight;
  int within = level % kTileHeight;
  uint64_t first = index << within;
  uint64_t count = uint64_t{1} << within;
  RX_ASSIGN_OR_RETURN(const Tile* t, tile(tile_level, first / kTileWidth));
  uint64_t offset = first % kTileWidth;
  if (offset + count > t->hashes.size()) {
    return data_loss("ledger node " + std::to_string(level) + "/" + std::to_string(index) +
                     " is not in tile " + std::to_string(tile_level) + "/" +
                     std::to_string(first / kTileWidth) + " (width " +
                     std::to_string(t->hashes.size()) + ")");
  }
  return root_of(std::span<const Hash>(t->hashes).subspan(offset, count));
}

std::string pack_hashes(std::span<const Hash> hashes) {
  std::string out(hashes.size() * sizeof(Hash), '\0');
  if (!hashes.empty()) std::memcpy(out.data(), hashes.data(), out.size());
  return out;
}

Result<std::vector<Hash>> unpack_hashes(std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(Hash) != 0 ||
      bytes.size() > kTileWidth * sizeof(Hash)) {
    return data_loss("ledger tile of " + std::to_string(bytes.size()) +
                     " bytes (want a multiple of 32, at most 8192)");
  }
  std::vector<Hash> out(bytes.size() / sizeof(Hash));
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

}  // namespace rx::ledger
