#include "core/crypto.h"

#include <gtest/gtest.h>

namespace pvf::crypto {
namespace {

TEST(Crypto, PasswordHashIsArgon2idAndVerifies) {
  ASSERT_TRUE(crypto_init());
  auto h = hash_password("correct horse");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*h, "correct horse"));
  EXPECT_FALSE(verify_password(*h, "correct horse "));
}

TEST(Crypto, TokensAreRandomAndHashedStably) {
  ASSERT_TRUE(crypto_init());
  const auto a = random_token(), b = random_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, base64 without padding
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
}

TEST(Crypto, Sha256MatchesPublishedTestVector) {
  // FIPS 180-2 example: SHA-256("abc").
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, ConstantTimeEqualityComparesWholeStrings) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "ab"));
}

}  // namespace
}  // namespace pvf::crypto
