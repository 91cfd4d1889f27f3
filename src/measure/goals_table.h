// GOALS.csv and OBS.csv tables (already parsed by core/csv.h) to goal specs and observation
// series for measure/goals.h. Pure: no file I/O; every problem is reported as
// "FILE:LINE:column" (csv::Table::where) with why, all of them in Error.details.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/csv.h"
#include "core/result.h"
#include "measure/goals.h"

namespace pvf::measure {

// GOALS.csv: columns goal,body,indicator,polarity,baseline_period,baseline_value,target_period,
// target_value (header names matched case-insensitively, in any order; other columns ignored).
// Rules per row: goal, body and indicator not empty; goal ids unique; polarity "higher" or
// "lower" (any form parse_polarity accepts, but not neutral: a goal needs a direction); periods
// as Period::parse accepts them (financial year 2024-25, quarter 2024-25 Q1, calendar year
// 2024), both of one kind, target after baseline; values finite decimal numbers.
// On success the result has one spec per row in file order: specs[i] comes from table.rows[i].
// A missing column is reported as "FILE:1:column: missing column".
Result<std::vector<GoalSpec>> read_goals(const csv::Table& table);

using ObservationKey = std::pair<std::string, std::string>;  // (body, indicator)

// OBS.csv: columns body,indicator,period,value (matched as above). Each series is sorted by
// period. Errors: empty body or indicator, a bad period, an empty or non-finite value (leave the
// row out for a missing observation), the same (body, indicator, period) twice, and periods of
// different kinds in one (body, indicator) series (reported at the first row whose kind differs
// from the series' first row).
Result<std::map<ObservationKey, std::vector<PeriodValue>>> read_observations(
    const csv::Table& table);

}  // namespace pvf::measure
