// CSV tables -> DEA data (benchmark/dea.h). Pure: takes a parsed table.
//
// The id column, the input columns and the output columns are named by the caller (as on the
// command line: `--id code --inputs staff,spend --outputs cases`); header names match ignoring
// case, other columns are ignored. Numbers are plain decimals ("1234.5", "1e6"), ≥ 0, with at
// least one positive input and one positive output per row; ids are unique (per period in a
// panel). Every problem is listed in Error.details as "file:LINE:column" with why.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "benchmark/dea.h"
#include "core/csv.h"
#include "core/result.h"

namespace pvf::benchmark {

struct DeaColumns {
  std::string id;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};

Result<DeaData> read_dea_table(const csv::Table& table, const DeaColumns& columns);

// A panel for Malmquist: one DeaData per period, periods in time order. Periods sort as pvf
// periods ("2023-24", "2023-24 Q1") when every value is one, else as numbers when every value
// is one ("2019", "2020"), else as text. A unit may be missing from some periods.
struct DeaPanel {
  std::vector<std::string> periods;
  std::vector<DeaData> data;  // data[p] holds the units observed in periods[p]
};

Result<DeaPanel> read_dea_panel(const csv::Table& table, const DeaColumns& columns,
                                std::string_view period_column);

// "a,b,c" -> {"a","b","c"}, trimming spaces; empty items are dropped.
std::vector<std::string> split_names(std::string_view list);

}  // namespace pvf::benchmark
