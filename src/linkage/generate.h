// Synthetic person records with known truth, for tests and benchmarks of linkage: realistic name
// frequencies and the errors real records carry (typos, transpositions, nicknames, missing
// values, swapped names, day/month swaps, house moves).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace pvf::linkage {

// A name and its relative frequency (any positive scale).
struct WeightedName {
  std::string name;
  double weight = 1;
};

// Reference tables the generator draws from (data/linkage/, loaded by the caller).
struct PeopleTables {
  std::vector<WeightedName> given_names_female;
  std::vector<WeightedName> given_names_male;
  std::vector<WeightedName> surnames;
  std::vector<std::pair<std::string, std::string>> nicknames;  // formal name, nickname
  std::vector<WeightedName> streets;   // street names ("Church Road")
  std::vector<std::pair<std::string, std::string>> towns;      // postcode area, town
};

struct GenerateOptions {
  int64_t rows = 1000;          // records written, originals and duplicates together
  double duplicate_rate = 0.3;  // share of rows that are duplicates of another row's person
  uint64_t seed = 1;
};

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
// streaming: no record is kept, so memory is a few bytes per row at most. The same options and tables always give the same records. Errors: rows < 1,
// duplicate_rate outside [0, 1), empty tables.
Status generate_people(const GenerateOptions& options, const PeopleTables& tables,
                       const std::function<void(const PersonRecord&)>& sink);

}  // namespace pvf::linkage
