// A Public Value Framework definition as data: pillars, areas, a scale of ordered levels with
// labels, per-area level descriptors and guiding questions, and the rule that turns area levels
// into pillar and overall scores. Plain values; no I/O. Thread-safe to share once built.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pvf::framework {

struct ScaleLevel {
  int level = 0;       // ordered: a higher level is better
  std::string label;   // e.g. "Developing"
  std::string colour;  // optional CSS colour for charts ("#d4351c"); empty = front end default
};

struct Area {
  std::string key;    // stable identifier, [a-z0-9_]+, unique across the framework
  std::string title;
  std::vector<std::string> questions;      // 2..4 guiding questions
  std::map<int, std::string> descriptors;  // level -> what that level looks like (every level)
};

struct Pillar {
  std::string key;
  std::string title;
  std::vector<Area> areas;
};

// How levels combine. mean and median give fractional scores; min is the weakest link.
enum class Aggregation { mean, median, min };
const char* to_string(Aggregation a);
std::optional<Aggregation> parse_aggregation(std::string_view s);

struct ScoringRule {
  Aggregation area_to_pillar = Aggregation::mean;   // over the pillar's rated areas
  Aggregation pillar_to_overall = Aggregation::mean;  // over the pillars that have a score
};

struct Framework {
  std::string key;      // e.g. "pvf"
  std::string version;  // e.g. "2017"; (key, version) identifies a definition
  std::string title;
  std::string description;
  std::vector<ScaleLevel> scale;  // sorted ascending by level
  std::vector<Pillar> pillars;
  ScoringRule scoring;

  const Area* find_area(std::string_view area_key) const;      // nullptr if unknown
  const Pillar* pillar_of(std::string_view area_key) const;    // nullptr if unknown
  const ScaleLevel* find_level(int level) const;               // nullptr if outside the scale
  size_t area_count() const;
};

// Checks a model against every rule the loaders apply: required fields, keys matching
// [a-z0-9_]+ and unique (pillars among pillars, areas across the framework), scale levels unique
// and ascending with labels, one descriptor for every scale level and none for other levels,
// 2..4 non-empty questions per area. Each problem's `where` is a field path such as
// "pillars[1].areas[0].key". Empty when the framework is valid.
std::vector<ErrorDetail> validate(const Framework& f);

// Parses and validates YAML text. On failure the error lists every problem, each with
// `where` = "<source>:<line>:<field path>" (line 1-based), e.g. "pvf.yaml:42:pillars[1].areas[0].key".
Result<Framework> parse_yaml(std::string_view yaml_text, std::string_view source_name);

// Reads a file and parses it; errors name the file.
Result<Framework> load_yaml_file(const std::string& path);

// The JSON form used by `pvf framework show --json` and the API:
// {"key","version","title","description","scale":[{"level","label","colour"}],
//  "scoring":{"area_to_pillar","pillar_to_overall"},
//  "pillars":[{"key","title","areas":[{"key","title","questions":[],"descriptors":{"1":"..."}}]}]}
nlohmann::json to_json(const Framework& f);
// The inverse of to_json (how the store keeps a definition); validates like parse_yaml.
Result<Framework> from_json(const nlohmann::json& j);

}  // namespace pvf::framework
