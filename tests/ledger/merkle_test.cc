#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "ledger/tiles.h"

namespace rx::ledger {
namespace {

// Complete-subtree hashes computed straight from the leaves: the reference the tiles must
// agree with.
class MemoryNodes final : public NodeSource {
 public:
  explicit MemoryNodes(std::vector<Hash> leaves) : leaves_(std::move(leaves)) {}
  Result<Hash> node(int level, uint64_t index) override {
    uint64_t width = uint64_t{1} << level;
    if ((index + 1) * width > leaves_.size()) return not_found("beyond the leaves");
    return root_of(std::span<const Hash>(leaves_).subspan(index * width, width));
  }

 private:
  std::vector<Hash> leaves_;
};

std::string unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

// The RFC 6962 reference test data (certificate-transparency's merkle_tree_test): the same
// hashing as RFC 9162 section 2.1.
const char* const kLeaves[] = {"",
                               "00",
                               "10",
                               "2021",
                               "3031",
                               "40414243",
                               "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"};
const char* const kRoots[] = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                              "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                              "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                              "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                              "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                              "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                              "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash> synthetic_leaves(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(leaf_hash("entry " + std::to_string(i)));
  return out;
}

TEST(Merkle, RootsMatchTheRfc6962ReferenceData) {
  EXPECT_EQ(to_hex(empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::vector<Hash> leaves;
  for (size_t n = 0; n < 8; ++n) {
    leaves.push_back(leaf_hash(unhex(kLeaves[n])));
    EXPECT_EQ(to_hex(root_of(leaves)), kRoots[n]) << "size " << n + 1;
    MemoryNodes nodes(leaves);
    auto r = root(nodes, leaves.size());
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(to_hex(*r), kRoots[n]);
  }
}

TEST(Merkle, EveryInclusionProofVerifiesAndNoAlteredOneDoes) {
  std::vector<Hash> all = synthetic_leaves(70);
  for (uint64_t size = 1; size <= all.size(); ++size) {
    std::vector<Hash> leaves(all.begin(), all.begin() + static_cast<long>(size));
    MemoryNodes nodes(leaves);
    Hash r = root_of(leaves);
    for (uint64_t i = 0; i < size; ++i) {
      auto path = inclusion_proof(nodes, i, size);
      ASSERT_TRUE(path.is_ok());
      EXPECT_TRUE(verify_inclusion(leaves[i], i, size, *path, r)) << i << "/" << size;
      EXPECT_FALSE(verify_inclusion(leaves[(i + 1) % size], i, size, *path, r) && size > 1);
      if (!path->empty()) {
        std::vector<Hash> altered = *path;
        altered.back()[0] ^= 1;
        EXPECT_FALSE(verify_inclusion(leaves[i], i, size, altered, r));
        altered.pop_back();
        EXPECT_FALSE(verify_inclusion(leaves[i], i, size, altered, r));
      }
    }
  }
  MemoryNodes nodes(all);
  EXPECT_FALSE(inclusion_proof(nodes, 5, 5).is_ok());
}

TEST(Merkle, EveryConsistencyProofVerifiesAndForksDoNot) {
  std::vector<Hash> all = synthetic_leaves(70);
  MemoryNodes nodes(all);
  for (uint64_t second = 1; second <= all.size(); ++second) {
    Hash second_root = root_of(std::span<const Hash>(all).first(second));
    for (uint64_t first = 1; first <= second; ++first) {
      Hash first_root = root_of(std::span<const Hash>(all).first(first));
      auto path = consistency_proof(nodes, first, second);
      ASSERT_TRUE(path.is_ok());
      EXPECT_TRUE(verify_consistency(first, second, first_root, second_root, *path))
          << first << " -> " << second;
      // A first tree whose last entry differs (a rewritten history) must not verify.
      std::vector<Hash> forked(all.begin(), all.begin() + static_cast<long>(first));
      forked.back() = leaf_hash("rewritten");
      if (first < second) {
        EXPECT_FALSE(verify_consistency(first, second, root_of(forked), second_root, *path));
      }
    }
  }
  EXPECT_FALSE(consistency_proof(nodes, 0, 3).is_ok());
  EXPECT_FALSE(consistency_proof(nodes, 4, 3).is_ok());
}

// Tiles in memory, written by append_to_tiles exactly as the database-backed log writes them.
class TileMap {
 public:
  TileReader reader() {
    return [this](int level, uint64_t index) -> Result<std::optional<Tile>> {
      auto it = tiles_.find({level, index});
      if (it == tiles_.end()) return std::optional<Tile>();
      return std::optional<Tile>(it->second);
    };
  }
  void append(uint64_t size, std::span<const Hash> leaves) {
    auto changed = append_to_tiles(size, leaves, reader());
    ASSERT_TRUE(changed.is_ok()) << changed.status().to_string();
    for (Tile& t : *changed) tiles_[{t.level, t.index}] = std::move(t);
  }
  const std::map<std::pair<int, uint64_t>, Tile>& tiles() const { return tiles_; }

 private:
  std::map<std::pair<int, uint64_t>, Tile> tiles_;
};

TEST(Tiles, AppendsInAnyBatchingGiveTheSameTilesAndProofs) {
  const size_t n = 70'000;  // past one full level-1 tile (65,536 leaves)
  std::vector<Hash> leaves = synthetic_leaves(n);
  TileMap one_by_many, in_one_go;
  in_one_go.append(0, leaves);
  std::mt19937_64 rng(42);
  for (uint64_t size = 0; size < n;) {
    uint64_t batch = std::min<uint64_t>(n - size, 1 + rng() % 700);
    one_by_many.append(size, std::span<const Hash>(leaves).subspan(size, batch));
    size += batch;
  }
  ASSERT_EQ(one_by_many.tiles().size(), in_one_go.tiles().size());
  for (const auto& [key, tile] : in_one_go.tiles()) {
    EXPECT_EQ(one_by_many.tiles().at(key).hashes, tile.hashes);
  }
  EXPECT_EQ(in_one_go.tiles().count({2, 0}), 1u);  // level 16 nodes start at 65,536 leaves

  TileNodeSource tiles(in_one_go.reader());
  MemoryNodes reference(leaves);
  for (uint64_t size : {uint64_t{1}, uint64_t{255}, uint64_t{256}, uint64_t{257}, uint64_t{65'536},
                        uint64_t{65'537}, uint64_t{n}}) {
    Hash expected = root_of(std::span<const Hash>(leaves).first(size));
    auto r = root(tiles, size);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(*r, expected) << size;
    for (int k = 0; k < 20; ++k) {
      uint64_t i = rng() % size;
      auto path = inclusion_proof(tiles, i, size);
      ASSERT_TRUE(path.is_ok());
      EXPECT_TRUE(verify_inclusion(leaves[i], i, size, *path, expected));
      uint64_t m = 1 + rng() % size;
      auto c = consistency_proof(tiles, m, size);
      ASSERT_TRUE(c.is_ok());
      EXPECT_EQ(*c, *consistency_proof(reference, m, size));
    }
  }
  // One proof reads a handful of tiles: O(log n / 8), not O(log n) or O(n).
  TileNodeSource fresh(in_one_go.reader());
  ASSERT_TRUE(inclusion_proof(fresh, 12'345, n).is_ok());
  EXPECT_LE(fresh.tiles_read(), 6);
}

TEST(Tiles, RefuseToExtendTilesThatDoNotMatchTheTreeSize) {
  TileMap tiles;
  std::vector<Hash> leaves = synthetic_leaves(10);
  tiles.append(0, leaves);
  auto wrong = append_to_tiles(12, leaves, tiles.reader());
  EXPECT_EQ(wrong.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(unpack_hashes(std::string(33, 'x')).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace rx::ledger
