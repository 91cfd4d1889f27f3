// Privacy-preserving encodings: cryptographic long-term keys (CLKs; Schnell, Bachteler & Reiher
// 2011, as in Data61's clkhash/anonlink). Each identifier field's character n-grams are hashed
// with a secret key into a 1,024-bit Bloom filter; parties that share the key compare the bit
// vectors with the Sørensen–Dice coefficient and never exchange a plaintext identifier.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pvf::linkage {

inline constexpr int kClkBits = 1024;
using Clk = std::array<uint64_t, kClkBits / 64>;

// One field of the encoding schema: which column, how many bits each n-gram sets (k), the
// n-gram length (2 = bigrams) and whether the value is padded with a space at each end first
// (so first and last letters weigh as much as middle ones).
struct ClkField {
  std::string column;
  int k = 20;      // 1..256
  int ngram = 2;   // 1..4
  bool pad = true;
};

struct ClkSchema {
  int bits = kClkBits;  // only 1024 is supported
  std::vector<ClkField> fields;
};

// {"bits":1024,"fields":[{"column":"given_name","k":20,"ngram":2,"pad":true},…]}. Unknown keys
// and bad values are refused with their JSON path ("$.fields[1].k"); an empty field list too,
// and the same column twice with the same ngram (it would only set the same bits again). Every
// problem is listed (Error::details).
Result<ClkSchema> parse_clk_schema(const nlohmann::json& json);
nlohmann::json to_json(const ClkSchema& schema);

// The secret key: 32 bytes derived (BLAKE2b) from the key file's content, which must hold at
// least 16 bytes once trailing line breaks (CR, LF) are dropped, so a passphrase file reads the
// same whether or not its editor ended it with a newline. Derivation makes a text passphrase
// file and a binary key equally usable.
using ClkKey = std::array<unsigned char, 32>;
Result<ClkKey> derive_clk_key(std::string_view key_file_content);

// Encodes one record: `values[i]` is the value of schema.fields[i], already normalised
// (normalise_text); an empty value sets no bits. Each n-gram's k positions come from keyed
// BLAKE2b (libsodium crypto_generichash with the key) of the field's column name, a 0 byte and
// the n-gram, by double hashing (h1 + i * h2 mod 1024, h1 and h2 the two little-endian 64-bit
// halves of a 16-byte hash, h2 made odd so the k positions are distinct), so the same bigram in
// two fields sets different bits. N-grams are of UTF-8 characters, not bytes; a value shorter
// than the n-gram length is one n-gram. Fields beyond values.size() count as empty. Thread-safe;
// the caller must have called crypto::crypto_init().
Clk encode_clk(std::span<const std::string_view> values, const ClkSchema& schema,
               const ClkKey& key);

// Standard base64 with padding (172 characters for 1,024 bits), bits in little-endian word
// order; from_base64 refuses text of the wrong length or alphabet.
std::string clk_to_base64(const Clk& clk);
Result<Clk> clk_from_base64(std::string_view text);

int popcount(const Clk& clk);
// Sørensen–Dice coefficient 2|a∧b| / (|a| + |b|); 0 when both are empty. With the counts
// known (popcount), dice_with_counts avoids recounting them: the hot loop of linkage on
// encodings. Bit counts bound the coefficient: dice ≤ 2 min(|a|,|b|) / (|a| + |b|), which
// lets a caller skip pairs that cannot reach a threshold.
double dice(const Clk& a, const Clk& b);
double dice_with_counts(const Clk& a, int count_a, const Clk& b, int count_b);

}  // namespace pvf::linkage
