// Standardising identifiers before they are compared: the same name typed by two agencies
// ("José  O'Brien-Smith", "JOSE OBRIEN SMITH") should read the same.
#pragma once

#include <string>
#include <string_view>

namespace pvf::linkage {

// Unicode NFKC, case folding and removal of combining marks (utf8proc), so "José" reads "jose"
// and "ﬁ" reads "fi"; apostrophes and full stops are removed ("o'brien" -> "obrien",
// "st. john" -> "st john"), counting as apostrophes the look-alikes typed in names (’ ‘ ` ´ ʼ);
// every other punctuation or symbol character becomes a space ("mary-ann" -> "mary ann");
// control characters count as white space, invisible format characters (soft hyphen,
// zero-width space) are removed; runs of white space collapse to one space and the ends are
// trimmed. Invalid UTF-8 bytes are dropped. Pure and thread-safe; O(length). Pure-ASCII text
// takes a byte loop that allocates only the result.
std::string normalise_text(std::string_view raw);

}  // namespace pvf::linkage
