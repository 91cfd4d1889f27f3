// Indicator definitions: what is measured, in what unit, and which direction is better.
// Shared vocabulary of the measure engines (comparison, goals, productivity, surveys, signals)
// and of the store; pure values, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/period.h"
#include "core/result.h"

namespace pvf::measure {

// Which direction of change is an improvement. `neutral` is for contextual measures that
// publishers deliberately do not rank (Oflog's rank_order "None", e.g. requests per 100,000):
// they are compared and charted but never called better or worse.
enum class Polarity { higher_is_better, lower_is_better, neutral };

// Accepts, case-insensitively: "higher", "higher_is_better", "higher is better", "desc", "up";
// "lower", "lower_is_better", "lower is better", "asc", "down"; "neutral", "none", "".
// ("desc"/"asc" are Oflog's rank_order: rank 1 is the highest / lowest value.)
Result<Polarity> parse_polarity(std::string_view text);
// "higher", "lower" or "neutral": the form written by pvf everywhere (CSV, JSON, database).
const char* to_string(Polarity polarity);

// +1 when a rise is an improvement, -1 when a fall is, 0 for neutral.
inline int direction(Polarity polarity) {
  return polarity == Polarity::higher_is_better ? 1
         : polarity == Polarity::lower_is_better ? -1
                                                 : 0;
}

enum class Frequency { annual, quarterly };
Result<Frequency> parse_frequency(std::string_view text);  // "annual" | "quarterly"
const char* to_string(Frequency frequency);

struct IndicatorDef {
  std::string key;     // stable identifier, e.g. "ASC1"; 1-64 chars of [A-Za-z0-9_.-]
  std::string name;    // e.g. "ASC Carer Quality of Life"
  std::string unit;    // free text, e.g. "%", "score (0-12)", "per 100,000 adults"; may be empty
  Polarity polarity = Polarity::higher_is_better;
  Frequency frequency = Frequency::annual;
  std::string area_key;  // framework area it informs, e.g. "progress_towards_goals"; may be empty
  std::string source;    // publisher and licence, e.g. "Oflog (OGL v3.0)"; may be empty
};

// Checks key format, non-empty name and field lengths. Errors name the field ("key", "name").
Status validate(const IndicatorDef& def);

// Position of a period on a time axis in years, for trends and trajectories: a financial year
// or calendar year is its start year (2024-25 -> 2024.0); a quarter adds (q-1)/4.
double period_to_year(const Period& period);

}  // namespace pvf::measure
