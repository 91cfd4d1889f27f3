// String similarity and distance for comparing identifiers. Strings are compared byte by byte:
// callers pass text through normalise_text first, which leaves names ASCII in practice.
// All functions are pure, thread-safe and allocation-free for strings up to 64 bytes (the hot
// path: names, postcodes, dates); longer strings are handled correctly, more slowly. Typical
// cost on 6-10 letter names: tens of nanoseconds per call (see the DISABLED_ benchmark in
// string_metrics_test.cpp).
#pragma once

#include <string>
#include <string_view>

namespace pvf::linkage {

// Jaro similarity in [0, 1]; 1 for two equal strings (including two empty ones), 0 when either
// is empty and the other is not. Matching window max(|a|,|b|)/2 - 1, as in Jaro (1989); the
// transpositions t are half the matched characters out of order, rounded down as in Winkler's
// strcmp95 (and rapidfuzz, which Splink uses through DuckDB).
double jaro(std::string_view a, std::string_view b);

// Jaro–Winkler (Winkler 1990): jaro + l * p * (1 - jaro), l the common prefix up to 4
// characters, p = prefix_scale (0.1, at most 0.25; values outside [0, 0.25] are clamped so the
// score stays in [0, 1]). Applied whatever the jaro value, as in Splink and the R stringdist
// package (no boost threshold).
double jaro_winkler(std::string_view a, std::string_view b, double prefix_scale = 0.1);

// Levenshtein distance (insert, delete, substitute, each cost 1). O(max(|a|,|b|)) word
// operations when the shorter string is at most 64 bytes (bit-parallel), O(|a||b|) otherwise.
int levenshtein(std::string_view a, std::string_view b);

// Damerau–Levenshtein distance, unrestricted (Lowrance–Wagner: transpositions of adjacent
// characters cost 1 and substrings may be edited more than once, so "ca" -> "abc" is 2).
// O(|a||b|) time, O(min(|a|,|b|)) space; pairs where no transposition can help (no adjacent
// pair of one string appears reversed in the other, common for unrelated names) take the
// Levenshtein path.
int damerau_levenshtein(std::string_view a, std::string_view b);

// Jaccard similarity of the sets of q-grams (q = 2 by default; a string shorter than q is one
// gram of itself); 1 for two equal strings, 0 when either is empty and the other is not.
// q below 1 is taken as 1.
double jaccard(std::string_view a, std::string_view b, int q = 2);

// American Soundex (a letter and three digits, "Robert" -> "R163", "Tymczak" -> "T522",
// "Pfister" -> "P236", "Ashcraft" -> "A261"); letters other than a-z are ignored; empty when
// the text holds no letter.
std::string soundex(std::string_view text);

}  // namespace pvf::linkage
