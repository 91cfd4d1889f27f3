// UK postcodes and their nesting: "SW1A 1AA" is in sector "SW1A 1", district "SW1A" and area
// "SW". Two records in the same sector are likely neighbours even when the unit differs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pvf::linkage {

struct Postcode {
  std::string full;      // "SW1A 1AA": outward code, one space, inward code; upper case
  std::string sector;    // "SW1A 1"
  std::string district;  // "SW1A" (the outward code)
  std::string area;      // "SW" (the leading letters)
};

// Accepts any case and spacing ("sw1a1aa", " SW1A  1AA ") and the common typing slip of O
// for 0 in the inward code's digit. Returns nullopt when the text is not a UK postcode's
// shape (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA; also GIR 0AA).
std::optional<Postcode> parse_uk_postcode(std::string_view text);

}  // namespace pvf::linkage
