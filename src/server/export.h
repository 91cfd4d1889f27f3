// Scorecards as files people open in Excel or R.
//
// Scorecard CSV, one tidy table (filter on `scope`):
//   body,code,period,status,scope,pillar,area,title,level_label,score,previous_period,previous_score,change
//   scope = area (score = the level), pillar, or overall.
// Comparison CSV, one row per body:
//   body,code,type,region,status,<area keys...>,<pillar keys...>,overall
// XLSX holds the same tables with cells filled in the scale's colours, plus a History sheet
// for a scorecard. Numbers stay numbers (not text) in both.
#pragma once

#include <string>

#include "core/result.h"
#include "server/scorecard_view.h"

namespace pvf::server {

std::string scorecard_csv(const ScorecardView& v);
Result<std::string> scorecard_xlsx(const ScorecardView& v);
std::string comparison_csv(const Comparison& c);
Result<std::string> comparison_xlsx(const Comparison& c);

// "leeds-pvf-2017-2024-25" style file name stem (ASCII letters, digits and hyphens).
std::string file_stem(std::string_view text);

}  // namespace pvf::server
