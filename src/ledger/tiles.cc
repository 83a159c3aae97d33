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

std::shared_ptr<const ExpandedTile> expand(std::vector<Hash> hashes) {
  auto t = std::make_shared<ExpandedTile>();
  t->nodes.push_back(std::move(hashes));
  for (int k = 1; k < kTileHeight; ++k) {
    const std::vector<Hash>& below = t->nodes.back();
    std::vector<Hash> above;
    above.reserve(below.size() / 2);
    for (size_t j = 0; j + 1 < below.size(); j += 2)
      above.push_back(node_hash(below[j], below[j + 1]));
    t->nodes.push_back(std::move(above));
  }
  return t;
}

std::shared_ptr<const ExpandedTile> TileCache::find(int level, uint64_t index, size_t width) const {
  std::lock_guard lock(mutex_);
  auto it = tiles_.find({level, index});
  return it != tiles_.end() && it->second->width() >= width ? it->second : nullptr;
}

void TileCache::keep(int level, uint64_t index, std::shared_ptr<const ExpandedTile> tile) {
  std::lock_guard lock(mutex_);
  if (tiles_.size() >= max_tiles_) tiles_.clear();  // rare: a cold start refills it quickly
  auto& slot = tiles_[{level, index}];
  if (!slot || slot->width() < tile->width()) slot = std::move(tile);
}

Result<const ExpandedTile*> TileNodeSource::tile(int level, uint64_t index) {
  auto key = std::make_pair(level, index);
  if (auto it = used_.find(key); it != used_.end()) return it->second.get();
  // How much of this tile the tree of size_ leaves has: the stored tile may be wider (a larger
  // tree), never narrower.
  uint64_t at_level = size_ >> (kTileHeight * level);
  uint64_t need = std::min(kTileWidth, at_level - std::min(at_level, index * kTileWidth));
  bool shared = cache_ != nullptr && (level > 0 || need < kTileWidth);
  std::shared_ptr<const ExpandedTile> t = shared ? cache_->find(level, index, need) : nullptr;
  if (!t) {
    RX_ASSIGN_OR_RETURN(std::optional<Tile> stored, read_(level, index));
    ++tiles_read_;
    if (!stored) {
      return data_loss("ledger tile " + std::to_string(level) + "/" + std::to_string(index) +
                       " is missing");
    }
    t = expand(std::move(stored->hashes));
    if (shared) cache_->keep(level, index, t);
  }
  return used_.emplace(key, std::move(t)).first->second.get();
}

Result<Hash> TileNodeSource::node(int level, uint64_t index) {
  int tile_level = level / kTileHeight;
  int within = level % kTileHeight;
  uint64_t first = index << within;
  RX_ASSIGN_OR_RETURN(const ExpandedTile* t, tile(tile_level, first / kTileWidth));
  const std::vector<Hash>& nodes = t->nodes[static_cast<size_t>(within)];
  uint64_t j = (first % kTileWidth) >> within;
  if (j >= nodes.size()) {
    return data_loss("ledger node " + std::to_string(level) + "/" + std::to_string(index) +
                     " is not in tile " + std::to_string(tile_level) + "/" +
                     std::to_string(first / kTileWidth) + " (width " + std::to_string(t->width()) +
                     ")");
  }
  return nodes[j];
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
