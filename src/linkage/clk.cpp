#include "linkage/clk.h"

#include <sodium.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <set>
#include <utility>

#include "core/crypto.h"

namespace pvf::linkage {
namespace {

constexpr int kClkBytes = kClkBits / 8;
// 1,024 bits = 128 bytes: 42 groups of three bytes and two bytes left over, 43 groups of four
// characters with one '=' of padding.
constexpr std::size_t kBase64Length = 4 * ((kClkBytes + 2) / 3);

// Domain separation for the key derivation, so the derived key is of no use for anything else.
constexpr std::string_view kKeyContext = "pvf CLK key v1";

std::string field_path(std::size_t i, std::string_view key) {
  std::string p = "$.fields[" + std::to_string(i) + "]";
  if (!key.empty()) {
    p += '.';
    p += key;
  }
  return p;
}

// An integer setting of a field: absent means the default; anything but an integer in
// [lo, hi] is a problem.
void read_int(const nlohmann::json& field, std::size_t i, const char* key, int lo, int hi, int& out,
              std::vector<ErrorDetail>& problems) {
  auto it = field.find(key);
  if (it == field.end()) return;
  const std::string where = field_path(i, key);
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  if (!it->is_number_integer()) {
    problems.push_back({where, std::string(key) + " must be a whole number from " + range});
    return;
  }
  const auto v = it->get<long long>();
  if (v < lo || v > hi) {
    problems.push_back(
        {where, std::string(key) + " must be from " + range + ", not " + std::to_string(v)});
    return;
  }
  out = static_cast<int>(v);
}

std::uint64_t load_le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int b = 7; b >= 0; --b) v = (v << 8) | p[b];
  return v;
}

// Byte offsets where each UTF-8 character starts (a byte that is not a continuation byte; a
// stray continuation byte at the very start counts as a character of its own), then the end.
void char_starts(std::string_view s, std::vector<std::size_t>& starts) {
  starts.clear();
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i == 0 || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(s.size());
}

// The k bit positions of one n-gram: keyed BLAKE2b of `message` (column, 0 byte, n-gram) gives
// h1 and h2; position i is (h1 + i * h2) mod 1024. h2 is made odd so that it is a unit modulo
// 1024 and the k positions (k <= 256) are all distinct: an even h2 would repeat positions
// (h2 = 512 would set only two bits however large k is).
void set_ngram_bits(std::string_view message, int k, const ClkKey& key, Clk& clk) {
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), key.data(), key.size());
  const std::uint64_t h1 = load_le64(h);
  const std::uint64_t h2 = load_le64(h + 8) | 1u;
  for (int i = 0; i < k; ++i) {
    const auto pos = static_cast<unsigned>((h1 + static_cast<std::uint64_t>(i) * h2) %
                                           static_cast<std::uint64_t>(kClkBits));
    clk[pos / 64] |= std::uint64_t{1} << (pos % 64);
  }
}

}  // namespace

Result<ClkSchema> parse_clk_schema(const nlohmann::json& json) {
  if (!json.is_object())
    return fail(
        Error::invalid("the schema must be a JSON object with \"bits\" and \"fields\"", "$"));
  std::vector<ErrorDetail> problems;
  ClkSchema schema;
  for (const auto& [key, value] : json.items()) {
    if (key != "bits" && key != "fields")
      problems.push_back({"$." + key, "unknown key (expected bits and fields)"});
  }
  if (auto it = json.find("bits"); it != json.end()) {
    if (!it->is_number_integer() || it->get<long long>() != kClkBits)
      problems.push_back({"$.bits", "bits must be 1024, the only size supported"});
  }
  auto fields = json.find("fields");
  if (fields == json.end()) {
    problems.push_back({"$.fields", "fields is missing: list the columns to encode"});
  } else if (!fields->is_array()) {
    problems.push_back({"$.fields", "fields must be a list of {\"column\": ...} objects"});
  } else if (fields->empty()) {
    problems.push_back({"$.fields", "fields is empty: list at least one column to encode"});
  } else {
    std::set<std::pair<std::string, int>> seen;
    for (std::size_t i = 0; i < fields->size(); ++i) {
      const auto& f = (*fields)[i];
      if (!f.is_object()) {
        problems.push_back({field_path(i, {}), "each field must be an object with a column"});
        continue;
      }
      ClkField field;
      for (const auto& [key, value] : f.items()) {
        if (key != "column" && key != "k" && key != "ngram" && key != "pad")
          problems.push_back({field_path(i, key), "unknown key (expected column, k, ngram, pad)"});
      }
      if (auto c = f.find("column"); c == f.end()) {
        problems.push_back({field_path(i, "column"), "column is missing"});
      } else if (!c->is_string() || c->get_ref<const std::string&>().empty()) {
        problems.push_back({field_path(i, "column"), "column must be a non-empty column name"});
      } else {
        field.column = c->get<std::string>();
      }
      read_int(f, i, "k", 1, 256, field.k, problems);
      read_int(f, i, "ngram", 1, 4, field.ngram, problems);
      if (auto p = f.find("pad"); p != f.end()) {
        if (p->is_boolean())
          field.pad = p->get<bool>();
        else
          problems.push_back({field_path(i, "pad"), "pad must be true or false"});
      }
      // The same column with the same n-gram length twice only sets the same bits again.
      if (!field.column.empty() && !seen.emplace(field.column, field.ngram).second)
        problems.push_back(
            {field_path(i, "column"), "column \"" + field.column + "\" with ngram " +
                                          std::to_string(field.ngram) +
                                          " is already in the schema (raise k to weigh it more)"});
      schema.fields.push_back(std::move(field));
    }
  }
  if (!problems.empty())
    return fail(Error::invalid_all(
        std::move(problems), "the schema has " + std::to_string(problems.size()) + " problems"));
  return schema;
}

nlohmann::json to_json(const ClkSchema& schema) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : schema.fields)
    fields.push_back({{"column", f.column}, {"k", f.k}, {"ngram", f.ngram}, {"pad", f.pad}});
  return {{"bits", schema.bits}, {"fields", std::move(fields)}};
}

Result<ClkKey> derive_clk_key(std::string_view content) {
  // A passphrase typed into a file may or may not end with a line break, depending on the
  // editor; either way it is the same key.
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r'))
    content.remove_suffix(1);
  if (content.size() < 16)
    return fail(Error::invalid("the key file must hold at least 16 bytes (" +
                               std::to_string(content.size()) +
                               " found); 32 random bytes are best"));
  if (auto s = crypto::crypto_init(); !s) return fail(s.error());
  ClkKey key{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, key.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kKeyContext.data()),
                            kKeyContext.size());
  const unsigned char zero = 0;
  crypto_generichash_update(&state, &zero, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(content.data()),
                            content.size());
  crypto_generichash_final(&state, key.data(), key.size());
  sodium_memzero(&state, sizeof state);
  return key;
}

Clk encode_clk(std::span<const std::string_view> values, const ClkSchema& schema,
               const ClkKey& key) {
  Clk clk{};
  std::string text;     // the (padded) value
  std::string message;  // column, 0 byte, n-gram
  std::vector<std::size_t> starts;
  const std::size_t n_fields = std::min(values.size(), schema.fields.size());
  for (std::size_t f = 0; f < n_fields; ++f) {
    const ClkField& field = schema.fields[f];
    const std::string_view value = values[f];
    if (value.empty()) continue;
    text.clear();
    if (field.pad) text += ' ';
    text += value;
    if (field.pad) text += ' ';
    char_starts(text, starts);
    const std::size_t chars = starts.size() - 1;
    const auto n = static_cast<std::size_t>(field.ngram);
    message.assign(field.column);
    message += '\0';
    const std::size_t prefix = message.size();
    // A value shorter than the n-gram length is one n-gram by itself, so it still sets bits.
    const std::size_t grams = chars >= n ? chars - n + 1 : 1;
    for (std::size_t g = 0; g < grams; ++g) {
      const std::size_t from = starts[g];
      const std::size_t to = starts[std::min(g + n, chars)];
      message.resize(prefix);
      message.append(text, from, to - from);
      set_ngram_bits(message, field.k, key, clk);
    }
  }
  return clk;
}

std::string clk_to_base64(const Clk& clk) {
  unsigned char bytes[kClkBytes];
  for (std::size_t w = 0; w < clk.size(); ++w)
    for (std::size_t b = 0; b < 8; ++b)
      bytes[w * 8 + b] = static_cast<unsigned char>(clk[w] >> (8 * b));
  char out[kBase64Length + 1];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_ORIGINAL);
  return std::string(out, kBase64Length);
}

Result<Clk> clk_from_base64(std::string_view text) {
  if (text.size() != kBase64Length)
    return fail(Error::invalid("an encoding must be " + std::to_string(kBase64Length) +
                               " base64 characters (1,024 bits), not " +
                               std::to_string(text.size())));
  unsigned char bytes[kClkBytes];
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes, sizeof bytes, text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != sizeof bytes || end != text.data() + text.size())
    return fail(Error::invalid("an encoding is not valid base64 (A-Z a-z 0-9 + / and = padding)"));
  Clk clk{};
  for (std::size_t w = 0; w < clk.size(); ++w) clk[w] = load_le64(bytes + w * 8);
  return clk;
}

int popcount(const Clk& clk) {
  int n = 0;
  for (std::uint64_t w : clk) n += std::popcount(w);
  return n;
}

double dice(const Clk& a, const Clk& b) { return dice_with_counts(a, popcount(a), b, popcount(b)); }

// The hot loop: 16 AND + POPCNT, unrolled by the compiler, in four independent sums so that
// the additions do not queue behind each other.
double dice_with_counts(const Clk& a, int count_a, const Clk& b, int count_b) {
  const int total = count_a + count_b;
  if (total == 0) return 0.0;
  int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (std::size_t i = 0; i < a.size(); i += 4) {
    s0 += std::popcount(a[i] & b[i]);
    s1 += std::popcount(a[i + 1] & b[i + 1]);
    s2 += std::popcount(a[i + 2] & b[i + 2]);
    s3 += std::popcount(a[i + 3] & b[i + 3]);
  }
  return 2.0 * static_cast<double>(s0 + s1 + s2 + s3) / static_cast<double>(total);
}

}  // namespace pvf::linkage
