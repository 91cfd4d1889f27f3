#include "linkage/text.h"

#include <gtest/gtest.h>

#include <string>

namespace pvf::linkage {
namespace {

TEST(NormaliseText, TheSameNameTypedTwoWaysReadsTheSame) {
  EXPECT_EQ(normalise_text("José  O'Brien-Smith"), "jose obrien smith");
  EXPECT_EQ(normalise_text("JOSE OBRIEN SMITH"), "jose obrien smith");
}

TEST(NormaliseText, RemovesApostrophesAndFullStops) {
  EXPECT_EQ(normalise_text("o'brien"), "obrien");
  EXPECT_EQ(normalise_text("st. john"), "st john");
  EXPECT_EQ(normalise_text("J.R.R. Tolkien"), "jrr tolkien");
}

TEST(NormaliseText, RemovesApostropheLookAlikesTypedInNames) {
  EXPECT_EQ(normalise_text("O\u2019Brien"), "obrien");  // right single quotation mark
  EXPECT_EQ(normalise_text("O\u2018Brien"), "obrien");  // left single quotation mark
  EXPECT_EQ(normalise_text("O`Brien"), "obrien");
  EXPECT_EQ(normalise_text("O\u00B4Brien"), "obrien");  // acute accent, not split by NFKC
  EXPECT_EQ(normalise_text("O\u02BCBrien"), "obrien");  // modifier letter apostrophe
  EXPECT_EQ(normalise_text("O\uFF07Brien"), "obrien");  // fullwidth apostrophe
}

TEST(NormaliseText, OtherPunctuationAndSymbolsBecomeSpaces) {
  EXPECT_EQ(normalise_text("mary-ann"), "mary ann");
  EXPECT_EQ(normalise_text("smith/jones"), "smith jones");
  EXPECT_EQ(normalise_text("a+b=c"), "a b c");
  EXPECT_EQ(normalise_text("mary\u2013ann"), "mary ann");  // en dash
  EXPECT_EQ(normalise_text("«jean»"), "jean");
  EXPECT_EQ(normalise_text("£5"), "5");
}

TEST(NormaliseText, CollapsesWhiteSpaceAndTrimsTheEnds) {
  EXPECT_EQ(normalise_text("  anne \t\n  marie  "), "anne marie");
  EXPECT_EQ(normalise_text("anne\u00A0marie"), "anne marie");  // no-break space
  EXPECT_EQ(normalise_text("anne\u3000marie"), "anne marie");  // ideographic space
  EXPECT_EQ(normalise_text(" - "), "");
  EXPECT_EQ(normalise_text(""), "");
}

TEST(NormaliseText, FoldsCaseAndStripsAccents) {
  EXPECT_EQ(normalise_text("Zoë Ångström"), "zoe angstrom");
  EXPECT_EQ(normalise_text("Straße"), "strasse");
  EXPECT_EQ(normalise_text("ŁÓDŹ"), "łodz");  // ł is a letter of its own, not l plus a mark
  // Already decomposed input: e followed by a combining acute accent.
  EXPECT_EQ(normalise_text("Jose\u0301"), "jose");
}

TEST(NormaliseText, AppliesCompatibilityMappings) {
  EXPECT_EQ(normalise_text("\uFB01nn"), "finn");                  // ﬁ ligature
  EXPECT_EQ(normalise_text("\uFF2A\uFF2F\uFF28\uFF2E"), "john");  // fullwidth JOHN
  EXPECT_EQ(normalise_text("Henry \u2167"), "henry viii");        // Roman numeral eight
}

TEST(NormaliseText, RemovesInvisibleFormatCharacters) {
  EXPECT_EQ(normalise_text("Ann\u00ADabel"), "annabel");  // soft hyphen
  EXPECT_EQ(normalise_text("Ann\u200Babel"), "annabel");  // zero-width space
}

TEST(NormaliseText, DropsInvalidUtf8Bytes) {
  EXPECT_EQ(normalise_text("ab\xFF"
                           "cd"),
            "abcd");
  EXPECT_EQ(normalise_text("caf\xC3"), "caf");           // truncated two-byte sequence
  EXPECT_EQ(normalise_text("Jos\xC3\xA9\x80"), "jose");  // stray continuation byte
  EXPECT_EQ(normalise_text("\xED\xA0\x80x"), "x");       // encoded surrogate
}

TEST(NormaliseText, KeepsDigitsAndLettersOfOtherScripts) {
  EXPECT_EQ(normalise_text("Flat 2B"), "flat 2b");
  EXPECT_EQ(normalise_text("ΝΙΚΟΣ"), "νικοσ");
  EXPECT_EQ(normalise_text("王 小明"), "王 小明");
}

// The ASCII fast path must agree with utf8proc. A trailing "é" forces the Unicode path; its
// result must equal the fast path's result with a plain "e" in its place.
TEST(NormaliseText, AsciiFastPathAgreesWithUnicodePathForEveryByte) {
  for (int c = 0; c < 128; ++c) {
    const std::string middle(1, static_cast<char>(c));
    const std::string fast = normalise_text("x" + middle + "ye");
    const std::string slow = normalise_text("x" + middle + "y\u00E9");
    EXPECT_EQ(fast, slow) << "byte " << c;
  }
}

}  // namespace
}  // namespace pvf::linkage
