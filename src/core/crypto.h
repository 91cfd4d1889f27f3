// Passwords and tokens (libsodium). Call crypto_init() once before use (idempotent, thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace pvf::crypto {

Status crypto_init();

// argon2id (libsodium's interactive limits), in the self-describing "$argon2id$..." string form.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// 32 random bytes, URL-safe base64 without padding: session and CSRF tokens.
std::string random_token();
// BLAKE2b-256 of a token, hex: what the store keeps instead of the token.
std::string token_hash(std::string_view token);
// Constant-time comparison (for CSRF tokens).
bool equal_constant_time(std::string_view a, std::string_view b);
// SHA-256 of any text, hex (framework file fingerprints).
std::string sha256_hex(std::string_view text);

}  // namespace pvf::crypto
