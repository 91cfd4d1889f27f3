// CSV tables -> productivity records (measure/productivity.h). Pure: takes parsed tables.
//
// Activity table: body,period,activity,volume,unit_cost[,quality]
// Input table:    body,period,expenditure,deflator[,input]
// Header names match case-insensitively, in any order; other columns are ignored. Numbers are
// plain decimals ("1234.5", "1e6"; no thousands separators or currency signs). An empty quality
// cell means 1 (no adjustment). With an `input` column every cell must name the line
// (labour, goods_and_services, capital...); without it there is one row per body and period.
//
// Every problem is reported (Error.details), each as "file:LINE:column" with why: a missing
// column (where "file:1"), an empty name, a bad period, a number that is not a number, not
// finite, negative, or zero where it must be positive (unit_cost, quality, deflator), and a
// duplicate key (naming the line it repeats). volume and expenditure may be 0.
#pragma once

#include <vector>

#include "core/csv.h"
#include "core/result.h"
#include "measure/productivity.h"

namespace pvf::measure {

Result<std::vector<ActivityRecord>> read_activity(const csv::Table& table);
Result<std::vector<InputRecord>> read_inputs(const csv::Table& table);

}  // namespace pvf::measure
