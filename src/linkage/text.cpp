#include "linkage/text.h"

#include <utf8proc.h>

#include <cstdint>
#include <vector>

namespace pvf::linkage {
namespace {

// What a character contributes once the text is normalised.
enum class Role : uint8_t { keep, drop, space };

// Builds the output so that separators collapse and the ends are trimmed without a second
// pass: a space is written only when a kept character follows it.
class Writer {
 public:
  explicit Writer(std::size_t capacity) { out_.reserve(capacity); }
  void keep(char c) {
    if (pending_space_ && !out_.empty()) out_.push_back(' ');
    pending_space_ = false;
    out_.push_back(c);
  }
  void keep(const char* p, std::size_t n) {
    if (pending_space_ && !out_.empty()) out_.push_back(' ');
    pending_space_ = false;
    out_.append(p, n);
  }
  void space() { pending_space_ = true; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
};

// Apostrophe look-alikes people type inside names (O’Brien, O`Brien, O´Brien). They are
// mapped to ' before normalisation because NFKC turns the acute accent into a space plus a
// combining mark, which would split the name in two.
bool is_apostrophe_like(utf8proc_int32_t c) {
  switch (c) {
    case 0x0027:  // apostrophe
    case 0x0060:  // grave accent
    case 0x00B4:  // acute accent
    case 0x02BC:  // modifier letter apostrophe (a letter by category, an apostrophe in use)
    case 0x2018:  // left single quotation mark
    case 0x2019:  // right single quotation mark
    case 0x201B:  // single high-reversed-9 quotation mark
    case 0x2032:  // prime
      return true;
    default:
      return false;
  }
}

utf8proc_int32_t unify_apostrophes(utf8proc_int32_t c, void*) {
  return is_apostrophe_like(c) ? 0x0027 : c;
}

// The same classification as role_of_codepoint, restricted to ASCII, as a table so the fast
// path is one load per byte. Must agree with the slow path (a test checks every byte).
constexpr Role ascii_role(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
    return Role::keep;
  }
  if (c == '\'' || c == '.' || c == '`') return Role::drop;
  // Controls, white space, and all remaining punctuation and symbols separate words.
  return Role::space;
}

struct AsciiTable {
  Role role[128];
  constexpr AsciiTable() : role() {
    for (int c = 0; c < 128; ++c) role[c] = ascii_role(static_cast<unsigned char>(c));
  }
};
constexpr AsciiTable kAscii;

Role role_of_codepoint(utf8proc_int32_t c) {
  if (c == 0x0027 || c == 0x002E) return Role::drop;
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:  // tab, newline and other controls separate like spaces
      return Role::space;
    case UTF8PROC_CATEGORY_CF:  // invisible: soft hyphen, zero-width space and joiners
    case UTF8PROC_CATEGORY_MN:  // marks left over after a base character was dropped
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return Role::drop;
    default:
      return Role::keep;
  }
}

std::string normalise_unicode(std::string_view raw) {
  // utf8proc rejects the whole string on one bad byte, so keep only the valid sequences
  // (copying only once a bad byte turns up).
  std::string cleaned;
  bool copying = false;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(raw.data());
  const auto size = static_cast<utf8proc_ssize_t>(raw.size());
  for (utf8proc_ssize_t i = 0; i < size;) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(bytes + i, size - i, &cp);
    if (n < 0) {
      if (!copying) cleaned.assign(raw.data(), static_cast<std::size_t>(i));
      copying = true;
      ++i;
      continue;
    }
    if (copying) cleaned.append(raw.data() + i, static_cast<std::size_t>(n));
    i += n;
  }
  const std::string_view text = copying ? std::string_view(cleaned) : raw;

  // NFKC with case folding and mark stripping. STRIPMARK acts during decomposition, which
  // COMPOSE performs before recomposing, so "é" becomes "e" + U+0301, the mark is stripped
  // and "e" is recomposed alone. Decomposing into our own buffer (rather than utf8proc_map)
  // avoids a malloc and a re-encode, and lets us classify code points directly.
  constexpr auto kOptions =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  const auto* in = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto in_size = static_cast<utf8proc_ssize_t>(text.size());
  std::vector<utf8proc_int32_t> cps(text.size() + 4);  // grows below if a mapping expands
  utf8proc_ssize_t count = 0;
  for (;;) {
    count = utf8proc_decompose_custom(in, in_size, cps.data(),
                                      static_cast<utf8proc_ssize_t>(cps.size()), kOptions,
                                      unify_apostrophes, nullptr);
    if (count < 0 || static_cast<std::size_t>(count) <= cps.size()) break;
    cps.resize(static_cast<std::size_t>(count));
  }
  if (count >= 0) count = utf8proc_normalize_utf32(cps.data(), count, kOptions);
  // Only malformed input fails, and it was removed above.
  if (count < 0) return {};

  Writer out(text.size());
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    switch (role_of_codepoint(cps[static_cast<std::size_t>(i)])) {
      case Role::keep: {
        utf8proc_uint8_t utf8[4];
        const utf8proc_ssize_t n = utf8proc_encode_char(cps[static_cast<std::size_t>(i)], utf8);
        out.keep(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
        break;
      }
      case Role::space:
        out.space();
        break;
      case Role::drop:
        break;
    }
  }
  return out.take();
}

}  // namespace

std::string normalise_text(std::string_view raw) {
  // Most identifiers are ASCII; for those NFKC and case folding reduce to lower-casing, so a
  // byte loop gives the same result without utf8proc's allocation and table look-ups.
  Writer out(raw.size());
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return normalise_unicode(raw);
    switch (kAscii.role[c]) {
      case Role::keep:
        out.keep(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
        break;
      case Role::space:
        out.space();
        break;
      case Role::drop:
        break;
    }
  }
  return out.take();
}

}  // namespace pvf::linkage
