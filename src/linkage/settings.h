// A linkage model's settings, as users write them in S.json (the `pvf link` contract):
//   {"link_type":"dedupe_only", "unique_id_column":"rec_id",
//    "blocking_rules":[["surname"],["prefix(given_name,2)","year(date_of_birth)"]],
//    "comparisons":[{"column":"given_name","method":"jaro_winkler","thresholds":[0.92,0.8],
//                    "term_frequency":true}, …],
//    "threshold_match_probability":0.5, "em":{"max_iterations":25,"tolerance":0.0001},
//    "seed":1}
// Parsing refuses unknown keys, methods and malformed values, naming each by its JSON path; a
// column that the data lacks is checked later, against the header (check_columns).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pvf::linkage {

enum class LinkType { dedupe_only, link_only };

// How two values are compared. Each method's levels, in order, are: null (either value missing),
// exact (the standardised values are equal), one level per threshold, then else.
enum class ComparisonMethod {
  exact,                // no thresholds
  jaro_winkler,         // similarity ≥ each threshold (descending, in (0, 1))
  jaro,                 // as jaro_winkler
  jaccard,              // q-gram set similarity ≥ each threshold (descending, in (0, 1))
  levenshtein,          // edit distance ≤ each threshold (ascending positive integers)
  damerau_levenshtein,  // as levenshtein, adjacent transpositions cost 1
  numeric,              // |a − b| ≤ each threshold (ascending; relative: |a − b| / max(|a|, |b|))
  date,                 // fixed levels: one edit apart (YYYYMMDD), within 1 month, 1 year, 10 years
  postcode,             // fixed levels: same sector, district, area (UK postcodes)
  dice,                 // Dice similarity of CLK encodings ≥ each threshold (descending)
};

std::string_view to_string(ComparisonMethod method);
std::optional<ComparisonMethod> comparison_method_from(std::string_view name);
// The methods and blocking key functions, described once (the API lists them):
// {"methods":[{key,title,description,thresholds,default_thresholds}],
//  "key_functions":[{key,syntax,description}]}.
nlohmann::json linkage_methods_json();

struct ComparisonSpec {
  std::string column;
  ComparisonMethod method = ComparisonMethod::exact;
  std::vector<double> thresholds;  // see ComparisonMethod; defaults filled in by parsing
  bool term_frequency = false;     // adjust the exact level's weight by the value's frequency
  std::string format;              // date: the date format (%Y%m%d …); empty = recognise
  bool relative = false;           // numeric: thresholds are relative differences
  int q = 2;                       // jaccard: gram length
  // m per level from exact to else, when known (EM then uses it and leaves it alone): a
  // comparison that cannot be estimated, such as the only one of a privacy-preserving run.
  std::vector<double> m_probabilities;

  // Levels: null, exact, one per threshold (date: 4, postcode: 3), else.
  int level_count() const;
  // "exact", "jaro_winkler >= 0.92", "within 1 year", "else"… for level `level` (0 = null).
  std::string level_label(int level) const;
};

// A blocking key: a column, or a function of one.
struct BlockingKey {
  enum class Kind { column, prefix, year, soundex };
  Kind kind = Kind::column;
  std::string column;
  int length = 0;  // prefix: how many characters

  // "surname", "prefix(given_name,2)", "year(date_of_birth)", "soundex(surname)".
  std::string to_text() const;
  bool operator==(const BlockingKey&) const = default;
};
Result<BlockingKey> parse_blocking_key(std::string_view text);

// Pairs are candidates when every key of the rule is equal (and not missing) in both records.
using BlockingRule = std::vector<BlockingKey>;
std::string to_text(const BlockingRule& rule);  // "surname & prefix(given_name,2)"

struct EmOptions {
  int max_iterations = 25;
  double tolerance = 1e-4;  // largest change of any m or λ between iterations
};

struct LinkSettings {
  LinkType link_type = LinkType::dedupe_only;
  std::string unique_id_column = "unique_id";
  std::vector<BlockingRule> blocking_rules;  // empty: every pair is a candidate
  std::vector<ComparisonSpec> comparisons;
  double threshold_match_probability = 0.5;
  EmOptions em;
  uint64_t seed = 1;

  // Optional, with defaults that suit most data:
  // EM sessions, one per rule (default: the blocking rules). A rule's own columns are not
  // estimated in its session, as in Splink.
  std::vector<BlockingRule> training_blocking_rules;
  // Random pairs sampled to estimate u (all pairs when there are fewer).
  int64_t u_max_pairs = 5'000'000;
  // The prior λ, probability that two random records match: fixed when given; else from
  // deterministic rules with their assumed recall; else by EM over the candidate pairs.
  std::optional<double> probability_two_random_records_match;
  std::vector<BlockingRule> deterministic_rules;
  double deterministic_recall = 1.0;
};

// Every problem is reported, each with its JSON path ("$.comparisons[1].method").
Result<LinkSettings> parse_settings(const nlohmann::json& json);
nlohmann::json to_json(const LinkSettings& settings);

// The columns the settings read: the unique id, comparison columns and blocking keys' columns.
std::vector<std::string> referenced_columns(const LinkSettings& settings);

// Checks that `header` holds every referenced column; the error names `source` and each missing
// column ("people.csv: no column 'given_nam' (comparisons[0].column)").
Status check_columns(const LinkSettings& settings, const std::vector<std::string>& header,
                     const std::string& source);

}  // namespace pvf::linkage
