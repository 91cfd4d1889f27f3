// Scorecard scoring: area levels -> pillar scores -> overall score, by the framework's own rule,
// and the change since a previous assessment (marginal gains). Pure; no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "framework/framework.h"

namespace pvf::framework {

using LevelMap = std::map<std::string, int>;  // area key -> level (unrated areas are absent)

// Checks ratings against a framework: every key must name an area and every level must be on
// the scale. Each problem's `where` is the area key. Empty when every rating is usable.
std::vector<ErrorDetail> check_levels(const Framework& f, const LevelMap& levels);

// Combines values by the rule; nullopt for an empty list.
std::optional<double> aggregate(Aggregation how, std::vector<double> values);

struct AreaScore {
  std::string key;
  std::string title;
  std::optional<int> level;           // nullopt when not rated
  std::optional<int> previous_level;  // the same area in the previous assessment
  std::optional<int> change;          // level - previous_level, when both exist
};

struct PillarScore {
  std::string key;
  std::string title;
  std::vector<AreaScore> areas;  // in framework order
  int rated = 0;                 // areas with a level
  std::optional<double> score;   // rule over rated areas; nullopt if none rated
  std::optional<double> previous_score;
  std::optional<double> change;
};

struct Scorecard {
  std::vector<PillarScore> pillars;
  std::optional<double> overall;  // rule over pillar scores; nullopt if no pillar has a score
  std::optional<double> previous_overall;
  std::optional<double> change;
  bool complete = false;  // every area rated
};

// `previous` may come from another version of the framework: areas are matched by key and
// previous pillar scores use the same rule over the matched areas' previous levels.
Scorecard compute_scorecard(const Framework& f, const LevelMap& current,
                            const LevelMap* previous = nullptr);

// {"complete","overall","previous_overall","change","pillars":[{"key","title","score",
//   "previous_score","change","rated","areas":[{"key","title","level","previous_level","change"}]}]}
// Absent values are JSON null; scores rounded to 2 decimals.
nlohmann::json to_json(const Scorecard& s);

}  // namespace pvf::framework
