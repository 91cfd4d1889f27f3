#include "framework/scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pvf::framework {

namespace {

nlohmann::json rounded(const std::optional<double>& v) {
  if (!v) return nullptr;
  double r = std::round(*v * 100.0) / 100.0;
  if (r == 0.0) r = 0.0;  // no "-0.0"
  return r;
}

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  if (!v) return nullptr;
  return *v;
}

std::optional<double> difference(const std::optional<double>& now,
                                 const std::optional<double>& before) {
  if (!now || !before) return std::nullopt;
  return *now - *before;
}

}  // namespace

std::vector<ErrorDetail> check_levels(const Framework& f, const LevelMap& levels) {
  std::vector<ErrorDetail> out;
  for (const auto& [key, level] : levels) {
    if (!f.find_area(key)) {
      out.push_back({key, "'" + key + "' is not an area of " + f.key + " " + f.version});
    } else if (!f.find_level(level)) {
      std::string scale;
      for (const auto& l : f.scale) scale += (scale.empty() ? "" : ", ") + std::to_string(l.level);
      out.push_back({key, "level " + std::to_string(level) + " is not on the scale (levels: " +
                              scale + ")"});
    }
  }
  return out;
}

std::optional<double> aggregate(Aggregation how, std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  switch (how) {
    case Aggregation::mean:
      return std::accumulate(values.begin(), values.end(), 0.0) /
             static_cast<double>(values.size());
    case Aggregation::median: {
      std::sort(values.begin(), values.end());
      size_t n = values.size();
      if (n % 2 == 1) return values[n / 2];
      return (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }
    case Aggregation::min:
      return *std::min_element(values.begin(), values.end());
  }
  return std::nullopt;
}

Scorecard compute_scorecard(const Framework& f, const LevelMap& current,
                            const LevelMap* previous) {
  Scorecard card;
  size_t areas = 0;
  size_t rated = 0;
  std::vector<double> pillar_scores;
  std::vector<double> previous_pillar_scores;
  for (const auto& pillar : f.pillars) {
    PillarScore ps;
    ps.key = pillar.key;
    ps.title = pillar.title;
    std::vector<double> levels;
    std::vector<double> previous_levels;
    for (const auto& area : pillar.areas) {
      AreaScore as;
      as.key = area.key;
      as.title = area.title;
      if (auto it = current.find(area.key); it != current.end()) {
        as.level = it->second;
        levels.push_back(it->second);
      }
      if (previous) {
        if (auto it = previous->find(area.key); it != previous->end()) {
          as.previous_level = it->second;
          previous_levels.push_back(it->second);
        }
      }
      if (as.level && as.previous_level) as.change = *as.level - *as.previous_level;
      ps.areas.push_back(std::move(as));
    }
    areas += pillar.areas.size();
    ps.rated = static_cast<int>(levels.size());
    rated += levels.size();
    ps.score = aggregate(f.scoring.area_to_pillar, std::move(levels));
    ps.previous_score = aggregate(f.scoring.area_to_pillar, std::move(previous_levels));
    ps.change = difference(ps.score, ps.previous_score);
    if (ps.score) pillar_scores.push_back(*ps.score);
    if (ps.previous_score) previous_pillar_scores.push_back(*ps.previous_score);
    card.pillars.push_back(std::move(ps));
  }
  card.overall = aggregate(f.scoring.pillar_to_overall, std::move(pillar_scores));
  card.previous_overall =
      aggregate(f.scoring.pillar_to_overall, std::move(previous_pillar_scores));
  card.change = difference(card.overall, card.previous_overall);
  card.complete = areas > 0 && rated == areas;
  return card;
}

nlohmann::json to_json(const Scorecard& s) {
  nlohmann::json pillars = nlohmann::json::array();
  for (const auto& p : s.pillars) {
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& a : p.areas) {
      areas.push_back({{"key", a.key},
                       {"title", a.title},
                       {"level", or_null(a.level)},
                       {"previous_level", or_null(a.previous_level)},
                       {"change", or_null(a.change)}});
    }
    pillars.push_back({{"key", p.key},
                       {"title", p.title},
                       {"score", rounded(p.score)},
                       {"previous_score", rounded(p.previous_score)},
                       {"change", rounded(p.change)},
                       {"rated", p.rated},
                       {"areas", std::move(areas)}});
  }
  return {{"complete", s.complete},
          {"overall", rounded(s.overall)},
          {"previous_overall", rounded(s.previous_overall)},
          {"change", rounded(s.change)},
          {"pillars", std::move(pillars)}};
}

}  // namespace pvf::framework
