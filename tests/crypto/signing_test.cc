#include "crypto/signing.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "crypto/crypto.h"

namespace rx::crypto {
namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

std::string hex(std::string_view bytes) {
  return to_hex({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

// RFC 8032 section 7.1, TEST 2 (one-byte message 0x72).
TEST(Ed25519, MatchesRfc8032TestVector) {
  auto key = Ed25519Key::from_seed(
      from_hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  ASSERT_TRUE(key.is_ok());
  EXPECT_EQ(hex(key->public_key()),
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  const std::string sig = key->sign(from_hex("72"));
  EXPECT_EQ(hex(sig),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  EXPECT_TRUE(ed25519_verify(key->public_key(), from_hex("72"), sig));
  EXPECT_FALSE(ed25519_verify(key->public_key(), from_hex("73"), sig));
  std::string bad = sig;
  bad[5] ^= 1;
  EXPECT_FALSE(ed25519_verify(key->public_key(), from_hex("72"), bad));
  EXPECT_FALSE(ed25519_verify(key->public_key(), from_hex("72"), sig.substr(1)));
}

TEST(Ed25519, PemRoundTripAndRejectsOtherInput) {
  auto key = Ed25519Key::generate();
  ASSERT_TRUE(key.is_ok());
  auto again = Ed25519Key::from_pem(key->private_pem());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->public_key(), key->public_key());
  EXPECT_EQ(Ed25519Key::from_pem("not a key").status().code(), StatusCode::kInvalidArgument);
}

TEST(Ed25519, LoadOrCreateWritesAPrivateFileOnceAndReusesIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("rx-key-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "keys" / "platform.pem").string();
  auto first = Ed25519Key::load_or_create(path);
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = Ed25519Key::load_or_create(path);
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->public_key(), first->public_key());
  std::filesystem::remove_all(dir);
}

TEST(Base64url, RoundTripsAndRejectsForeignCharacters) {
  for (std::string_view s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"})
    EXPECT_EQ(base64url_decode(base64url(s)), std::string(s));
  EXPECT_EQ(base64url("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("a+b/"), std::nullopt);
  EXPECT_EQ(base64url_decode("abcde"), std::nullopt);
}

// RFC 4231 test case 2.
TEST(Hmac, MatchesRfc4231TestVector) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4648 section 10 test vectors.
TEST(Base64, MatchesRfc4648AndRejectsNonCanonicalText) {
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "Zg=="},
                                                                   {"fo", "Zm8="},
                                                                   {"foo", "Zm9v"},
                                                                   {"foob", "Zm9vYg=="},
                                                                   {"fooba", "Zm9vYmE="},
                                                                   {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), std::string(plain));
  }
  EXPECT_EQ(base64("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);   // length not a multiple of 4
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);  // non-zero leftover bits
  EXPECT_EQ(base64_decode("Z-8="), std::nullopt);  // base64url alphabet
  EXPECT_EQ(base64_decode("Z=g="), std::nullopt);  // padding in the middle
}

TEST(Sha256, HashesTheConcatenationOfItsParts) {
  // FIPS 180-2 "abc".
  EXPECT_EQ(to_hex(sha256({"abc"})),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256({"a", "", "bc"}), sha256({"abc"}));
  EXPECT_EQ(to_hex(sha256({"abc"})), sha256_hex("abc"));
}

}  // namespace
}  // namespace rx::crypto
