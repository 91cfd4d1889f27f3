// A CSV table -> the nearest-neighbour engine's input (benchmark/neighbours.h). Pure: takes a
// parsed table.
//
// One row per body: an id column and one numeric column per variable, chosen by name (matched
// case-insensitively, ignoring surrounding spaces, as csv::Table::column does); other columns
// are ignored. Numbers are plain decimals ("1234.5", "-0.3", "1e6"; no thousands separators,
// currency or percent signs).
//
// Missing values are refused, not imputed: an empty cell (or "NA", "N/A", "-", "..", which
// statistical releases use for missing) is a problem naming the cell. Imputing a mean would
// quietly pull a body towards the middle of every distance it takes part in.
//
// Every problem is reported (Error.details), each as "file:LINE:column" with why: a missing
// column or two variables that name the same column (where "file:1"), an empty or repeated id
// (naming the line it repeats), and a value that is missing, not a number, or not finite.
// Rules on the numbers as a whole (zero variance, too few bodies for k) are the engine's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "benchmark/neighbours.h"
#include "core/csv.h"
#include "core/result.h"

namespace pvf::benchmark {

// The result's `variables` are the names as given (not as spelled in the header), its ids and
// values are in row order; weights and k are left at their defaults for the caller to set.
Result<NeighbourInput> read_neighbour_table(const csv::Table& table, std::string_view id_column,
                                            const std::vector<std::string>& variables);

}  // namespace pvf::benchmark
