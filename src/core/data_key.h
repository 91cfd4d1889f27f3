// Personal data at rest: one secret key per installation (a 32-byte file, readable by the server
// only) from which two subkeys are derived: one seals values (libsodium secretbox: XSalsa20 +
// Poly1305, a random nonce per value), one makes pseudonyms (keyed BLAKE2b), so the same
// identifier always has the same pseudonym here and an unguessable one anywhere else.
//
// Thread-safety: a DataKey is immutable after construction; every function may run concurrently.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pvf::crypto {

class DataKey {
 public:
  static constexpr std::size_t kBytes = 32;
  // Derives the subkeys from a master key (crypto_init() must have run).
  explicit DataKey(const std::array<unsigned char, kBytes>& master);
  ~DataKey();  // wipes the subkeys
  DataKey(const DataKey&) = default;
  DataKey& operator=(const DataKey&) = default;

  // A fresh random key (tests, in-memory databases: whatever it sealed dies with it).
  static DataKey random();
  // Reads the key file (exactly 32 bytes). A missing file is created with a new random key and
  // mode 0600 when `create` is set; a file of another size, or readable by group or others, is
  // refused (the key protects every stored person).
  static Result<DataKey> from_file(const std::string& path, bool create);

  // nonce (24 bytes) ‖ MAC (16) ‖ ciphertext: 40 bytes longer than `plain`.
  std::string seal(std::string_view plain) const;
  // The plain text, or an error when `sealed` was not made by this key or was altered.
  Result<std::string> open(std::string_view sealed) const;
  // 32 hex characters (128 bits of keyed BLAKE2b): stable for this key, meaningless without it.
  std::string pseudonym(std::string_view identifier) const;

 private:
  std::array<unsigned char, kBytes> seal_key_{};
  std::array<unsigned char, kBytes> pseudonym_key_{};
};

}  // namespace pvf::crypto
