// Synthetic person records with known truth, for tests and benchmarks of linkage: realistic name
// frequencies and the errors real records carry (typos, transpositions, nicknames, missing
// values, swapped names, day/month swaps, house moves). The model and its rates are described at
// the top of generate.cpp and in `pvf generate people --help`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pvf::linkage {

// A name and its relative frequency (any positive scale).
struct WeightedName {
  std::string name;
  double weight = 1;
};

// A UK postcode area ("B") with its post town and the range of its district numbers (B1..B99);
// `district_letters`, when not empty, are the sub-district letters its districts always carry
// (EC1A, EC1M, ...). `weight` is its relative population.
struct PostcodeArea {
  std::string area;
  std::string town;
  int first_district = 1;
  int last_district = 9;
  std::string district_letters;
  double weight = 1;
};

// Reference tables the generator draws from (data/linkage/, loaded by the caller).
struct PeopleTables {
  std::vector<WeightedName> given_names_female;
  std::vector<WeightedName> given_names_male;
  std::vector<WeightedName> surnames;
  std::vector<std::pair<std::string, std::string>> nicknames;  // formal name, nickname
  std::vector<WeightedName> streets;                           // street names ("Church Road")
  std::vector<std::pair<std::string, std::string>> towns;      // postcode area, town
  // Postcode areas with district ranges and populations. When empty, `towns` is used, each area
  // with districts 1..9 and equal weight.
  std::vector<PostcodeArea> areas;
};

// The files in data/linkage/ that make up the tables, and their columns.
inline constexpr const char* kGivenNamesFemaleFile = "given_names_female.csv";  // name,weight
inline constexpr const char* kGivenNamesMaleFile = "given_names_male.csv";      // name,weight
inline constexpr const char* kSurnamesFile = "surnames.csv";                    // name,weight
inline constexpr const char* kNicknamesFile = "nicknames.csv";                  // formal,nickname
inline constexpr const char* kStreetsFile = "streets.csv";                      // street,weight
// area,town,first_district,last_district,district_letters,weight
inline constexpr const char* kPostcodeAreasFile = "postcode_areas.csv";

// The text of each file above (the caller reads them; the engine does no I/O).
struct PeopleTableTexts {
  std::string given_names_female;
  std::string given_names_male;
  std::string surnames;
  std::string nicknames;
  std::string streets;
  std::string postcode_areas;
};

// Parses the tables. Errors name the file, row and field ("surnames.csv:12:weight"): a missing
// column, an empty name, a weight that is not a positive number, a district range that is not
// 0 <= first <= last <= 99, an empty table. Every problem is listed.
Result<PeopleTables> parse_people_tables(const PeopleTableTexts& texts);

struct GenerateOptions {
  int64_t rows = 1000;          // records written, originals and duplicates together
  double duplicate_rate = 0.3;  // share of rows that are duplicates of another row's person
  uint64_t seed = 1;
};

// Every table present, names non-empty, weights positive and finite.
Status check_people_tables(const PeopleTables& tables);

// Rows in 1..1e9, duplicate_rate in [0, 1). Errors name the option ("rows", "duplicate_rate").
Status check_generate_options(const GenerateOptions& options);

// One row of `pvf generate people`: unique_id,cluster,given_name,surname,date_of_birth,sex,
// postcode,address_1,town. `cluster` is the true person; dates are ISO (YYYY-MM-DD) unless an
// error changed them; missing values are empty strings.
struct PersonRecord {
  std::string unique_id;
  std::string cluster;
  std::string given_name;
  std::string surname;
  std::string date_of_birth;
  std::string sex;
  std::string postcode;
  std::string address_1;
  std::string town;
};

// Calls `sink` once per record, in a shuffled order (a person's records are not adjacent),
// streaming: no record is kept, so memory does not grow with `rows` (only the tables' alias
// samplers). The same options and tables always give the same records, with any standard library
// (its own splitmix64 PRNG and sampling, not <random>'s distributions). The record passed to
// `sink` is reused between calls: copy what must outlive the call. Time is O(rows), about
// half a second per million rows. Errors: check_generate_options, empty tables.
Status generate_people(const GenerateOptions& options, const PeopleTables& tables,
                       const std::function<void(const PersonRecord&)>& sink);

}  // namespace pvf::linkage
