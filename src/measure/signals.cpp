#include "measure/signals.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

namespace pvf::measure {
namespace {

constexpr std::array<SignalRoute, 9> kRoutes{{
    {SignalKind::goals, true, "progress_towards_goals",
     "How many of the body's goals are on track, at risk or off track."},
    {SignalKind::ambition, true, "degree_of_ambition",
     "How the goals' planned improvement compares with the body's own past trend and with the "
     "best quarter of its comparison group."},
    {SignalKind::comparison, false, "",
     "Each indicator's quarter in its comparison group, in the area the indicator informs."},
    {SignalKind::comparison, true, "benchmarking",
     "How many ranked indicators are in the top and the bottom quarter of their groups."},
    {SignalKind::trend, false, "",
     "Each indicator's trend over time, in the area the indicator informs."},
    {SignalKind::efficiency, true, "benchmarking",
     "The body's DEA efficiency and rank in the latest stored benchmarking run."},
    {SignalKind::productivity, true, "cost_control_and_shifting",
     "The change in productivity (ONS method) since the previous period."},
    {SignalKind::malmquist, true, "cost_control_and_shifting",
     "The body's Malmquist productivity change in the latest stored run, split into catching "
     "up with the frontier and the frontier moving."},
    {SignalKind::survey, false, "",
     "Each survey question's share answering in the top levels and its significant changes, in "
     "the area the question informs."},
}};

// ---- text -------------------------------------------------------------------------------------

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string signed_percent(double percent) {
  return (percent >= 0 ? "+" : "") + fixed(percent, 1) + "%";
}

std::string count_of(int n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

const std::string& or_id(const std::string& name, const std::string& id) {
  return name.empty() ? id : name;
}

// ---- goals ------------------------------------------------------------------------------------

struct GoalTally {
  int on_track = 0, at_risk = 0, off_track = 0, too_early = 0;
  int judged() const { return on_track + at_risk + off_track; }
  bool mostly_off_track() const { return 2 * off_track > judged(); }
};

GoalTally tally(const std::vector<GoalSignalInput>& goals) {
  GoalTally t;
  for (const GoalSignalInput& g : goals) {
    switch (g.status) {
      case GoalStatus::on_track:
        ++t.on_track;
        break;
      case GoalStatus::at_risk:
        ++t.at_risk;
        break;
      case GoalStatus::off_track:
        ++t.off_track;
        break;
      case GoalStatus::too_early:
        ++t.too_early;
        break;
    }
  }
  return t;
}

Signal goals_signal(const std::vector<GoalSignalInput>& goals) {
  const GoalTally t = tally(goals);
  Signal s{SignalKind::goals, Direction::neutral, "", "", ""};
  const int judged = t.judged();
  const std::string of = " of " + count_of(judged, "goal", "goals");
  if (judged == 0) {
    s.headline = count_of(t.too_early, "goal", "goals") + ", all too early to judge";
  } else if (2 * t.off_track > judged) {
    s.direction = Direction::negative;
    s.headline = std::to_string(t.off_track) + of + " off track";
  } else if (2 * t.on_track > judged) {
    s.direction = Direction::positive;
    s.headline = std::to_string(t.on_track) + of + " on track";
  } else {
    s.direction = Direction::mixed;
    s.headline = std::to_string(t.on_track) + of + " on track, " + std::to_string(t.at_risk) +
                 " at risk, " + std::to_string(t.off_track) + " off track";
  }
  if (judged > 0 && t.too_early > 0) {
    s.headline += " (" + std::to_string(t.too_early) + " more too early to judge)";
  }
  std::vector<std::string> parts;
  for (GoalStatus status :
       {GoalStatus::off_track, GoalStatus::at_risk, GoalStatus::on_track, GoalStatus::too_early}) {
    std::vector<std::string> names;
    for (const GoalSignalInput& g : goals)
      if (g.status == status) names.push_back(or_id(g.title, g.goal_id));
    if (names.empty()) continue;
    static const std::map<GoalStatus, const char*> kLabel{
        {GoalStatus::off_track, "Off track"},
        {GoalStatus::at_risk, "At risk"},
        {GoalStatus::on_track, "On track"},
        {GoalStatus::too_early, "Too early to judge"}};
    parts.push_back(std::string(kLabel.at(status)) + ": " + join(names, ", ") + ".");
  }
  s.detail = join(parts, " ");
  return s;
}

// ---- ambition ---------------------------------------------------------------------------------

enum class Ambitiousness { ambitious, coasting, moderate, unbenchmarked };

Ambitiousness classify(const AmbitionSignalInput& a) {
  if (!a.ratio_to_own_trend && !a.ratio_to_group_best) return Ambitiousness::unbenchmarked;
  const bool beats_group = a.ratio_to_group_best && *a.ratio_to_group_best >= 1;
  const bool below_own = a.ratio_to_own_trend && *a.ratio_to_own_trend < 1;
  if (beats_group && !below_own) return Ambitiousness::ambitious;
  if (below_own && !beats_group) return Ambitiousness::coasting;
  return Ambitiousness::moderate;
}

Signal ambition_signal(const std::vector<AmbitionSignalInput>& ambitions) {
  int ambitious = 0, coasting = 0, judged = 0;
  std::vector<std::string> parts;
  for (const AmbitionSignalInput& a : ambitions) {
    const Ambitiousness c = classify(a);
    if (c == Ambitiousness::unbenchmarked) continue;
    ++judged;
    ambitious += c == Ambitiousness::ambitious;
    coasting += c == Ambitiousness::coasting;
    std::vector<std::string> ratios;
    if (a.ratio_to_group_best)
      ratios.push_back(fixed(*a.ratio_to_group_best, 2) + " times the group's best-quarter rate");
    if (a.ratio_to_own_trend)
      ratios.push_back(fixed(*a.ratio_to_own_trend, 2) + " times its own past trend");
    parts.push_back(or_id(a.title, a.goal_id) + ": " + join(ratios, ", ") + ".");
  }
  Signal s{SignalKind::ambition, Direction::neutral, "", join(parts, " "), ""};
  const std::string of = " of " + count_of(judged, "goal", "goals");
  if (judged == 0) {
    s.headline = "No benchmark for the ambition of " +
                 count_of(static_cast<int>(ambitions.size()), "goal", "goals");
  } else if (2 * ambitious > judged) {
    s.direction = Direction::positive;
    s.headline =
        std::to_string(ambitious) + of + " at least as ambitious as the group's best quarter";
  } else if (2 * coasting > judged) {
    s.direction = Direction::negative;
    s.headline = std::to_string(coasting) + of + " plan less improvement than the past trend";
  } else {
    s.direction = Direction::mixed;
    s.headline = std::to_string(ambitious) + of + " as ambitious as the group's best quarter, " +
                 std::to_string(coasting) + " below the past trend";
  }
  return s;
}

// ---- comparison -------------------------------------------------------------------------------

Signal position_signal(const PositionSignalInput& p) {
  static constexpr std::array<const char*, 4> kRanked{"top quarter", "second quarter",
                                                      "third quarter", "bottom quarter"};
  static constexpr std::array<const char*, 4> kUnranked{
      "highest quarter of values", "second-highest quarter of values",
      "second-lowest quarter of values", "lowest quarter of values"};
  const bool ranked = p.polarity != Polarity::neutral;
  Signal s{SignalKind::comparison, Direction::neutral, "", "", p.indicator_key};
  if (ranked && p.quartile == 1) s.direction = Direction::positive;
  if (ranked && p.quartile == 4) s.direction = Direction::negative;
  const std::string group =
      p.group_label.empty() ? count_of(p.count, "body", "bodies") : p.group_label;
  s.headline = or_id(p.indicator_name, p.indicator_key) + ": " +
               (ranked ? kRanked : kUnranked)[static_cast<size_t>(p.quartile - 1)] + " among " +
               group + " (rank " + std::to_string(p.rank) + " of " + std::to_string(p.count) + ")";
  s.detail = p.period.to_string() + ".";
  if (p.mads_from_median) {
    const double m = *p.mads_from_median;
    s.detail += m == 0 ? " At the median."
                       : " " + fixed(std::fabs(m), 1) + " median absolute deviations " +
                             (m > 0 ? "above" : "below") + " the median.";
  }
  if (!ranked) s.detail += " A contextual measure: not judged better or worse.";
  return s;
}

std::optional<Signal> benchmarking_signal(const std::vector<PositionSignalInput>& positions) {
  int ranked = 0;
  std::vector<std::string> top, bottom;
  for (const PositionSignalInput& p : positions) {
    if (p.polarity == Polarity::neutral) continue;
    ++ranked;
    if (p.quartile == 1) top.push_back(or_id(p.indicator_name, p.indicator_key));
    if (p.quartile == 4) bottom.push_back(or_id(p.indicator_name, p.indicator_key));
  }
  if (ranked == 0) return std::nullopt;
  const int t = static_cast<int>(top.size()), b = static_cast<int>(bottom.size());
  Signal s{SignalKind::comparison,
           t > b   ? Direction::positive
           : b > t ? Direction::negative
           : t > 0 ? Direction::mixed
                   : Direction::neutral,
           std::to_string(t) + " of " + count_of(ranked, "indicator", "indicators") +
               " in the top quarter, " + std::to_string(b) + " in the bottom quarter",
           "", ""};
  std::vector<std::string> parts;
  if (!top.empty()) parts.push_back("Top quarter: " + join(top, ", ") + ".");
  if (!bottom.empty()) parts.push_back("Bottom quarter: " + join(bottom, ", ") + ".");
  s.detail = join(parts, " ");
  return s;
}

// ---- trend ------------------------------------------------------------------------------------

Signal trend_signal(const TrendSignalInput& t) {
  Signal s{SignalKind::trend, Direction::neutral, "", "", t.indicator_key};
  const bool flat =
      t.slope_per_year == 0 || (t.relative_change && std::fabs(*t.relative_change) < kFlatTrend);
  const int better = direction(t.polarity) * (t.slope_per_year > 0 ? 1 : -1);
  std::string word;
  if (flat) {
    word = "broadly flat";
  } else if (t.polarity == Polarity::neutral) {
    word = t.slope_per_year > 0 ? "rising" : "falling";
  } else {
    s.direction = better > 0 ? Direction::positive : Direction::negative;
    word = better > 0 ? "improving" : "worsening";
  }
  s.headline = or_id(t.indicator_name, t.indicator_key) + " " + word +
               (t.relative_change ? ": " + signed_percent(100 * *t.relative_change) : "") +
               " from " + t.first_period.to_string() + " to " + t.last_period.to_string();
  char slope[64];
  std::snprintf(slope, sizeof slope, "%.3g", t.slope_per_year);
  s.detail = std::string("Least-squares slope ") + slope + " a year" +
             (t.relative_change ? "; the percentage is the change along that line." : ".");
  if (t.polarity == Polarity::neutral)
    s.detail += " A contextual measure: not judged better or worse.";
  return s;
}

// ---- productivity -----------------------------------------------------------------------------

Signal productivity_signal(const ProductivitySignalInput& p) {
  Signal s{SignalKind::productivity, Direction::neutral, "", "", ""};
  const double c = p.productivity_change_pct;
  const std::string in = " in " + p.latest_period.to_string();
  if (c >= kFlatProductivityPct) {
    s.direction = Direction::positive;
    s.headline = "Productivity up " + fixed(c, 1) + "%" + in;
  } else if (c <= -kFlatProductivityPct) {
    s.direction = Direction::negative;
    s.headline = "Productivity down " + fixed(-c, 1) + "%" + in;
  } else {
    s.headline = "Productivity broadly flat" + in + " (" + signed_percent(c) + ")";
  }
  std::vector<std::string> parts;
  if (p.output_change_pct) parts.push_back("output " + signed_percent(*p.output_change_pct));
  if (p.input_change_pct) parts.push_back("inputs " + signed_percent(*p.input_change_pct));
  s.detail = "Since " + p.previous_period.to_string() +
             (parts.empty() ? "" : ": " + join(parts, ", ")) +
             ". ONS warns that productivity is not a value-for-money judgement.";
  return s;
}

// ---- survey -----------------------------------------------------------------------------------

Signal survey_signal(const SurveySignalInput& q) {
  Signal s{SignalKind::survey, Direction::neutral, "", "", q.question_key};
  const bool significant = q.significant.value_or(false);
  if (q.change && significant && *q.change > 0) s.direction = Direction::positive;
  if (q.change && significant && *q.change < 0) s.direction = Direction::negative;
  s.headline = "\"" + or_id(q.question_text, q.question_key) + "\": " + fixed(100 * q.share, 0) +
               "% in the top levels";
  if (q.change) {
    const double points = 100 * *q.change;
    s.headline += std::string(points >= 0 ? ", up " : ", down ") + fixed(std::fabs(points), 1) +
                  " points" +
                  (q.previous_period ? " since " + q.previous_period->to_string() : "") +
                  (significant ? " (significant)" : " (not significant)");
  }
  s.detail = "Survey of " + q.period.to_string() + ", question " + q.question_key + ".";
  return s;
}

// ---- validation -------------------------------------------------------------------------------

std::string at(const char* list, size_t i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

void check_finite(std::vector<ErrorDetail>& problems, std::string where, std::optional<double> v) {
  if (v && !std::isfinite(*v)) problems.push_back({std::move(where), "not a finite number"});
}

std::vector<ErrorDetail> validate(std::span<const AreaRatingInput> areas, const Scale& scale,
                                  const SignalInputs& in) {
  std::vector<ErrorDetail> problems;
  const int levels = scale.max_level - scale.min_level + 1;
  if (levels < 1) {
    problems.push_back({"scale", "min_level " + std::to_string(scale.min_level) +
                                     " is above max_level " + std::to_string(scale.max_level)});
  } else if (!scale.labels.empty() && static_cast<int>(scale.labels.size()) != levels) {
    problems.push_back({"scale.labels", "give one label per level (" + std::to_string(levels) +
                                            "), or none; got " +
                                            std::to_string(scale.labels.size())});
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < areas.size(); ++i) {
    if (areas[i].area_key.empty()) {
      problems.push_back({at("areas", i, "area_key"), "the area key is empty"});
    } else if (!seen.insert(areas[i].area_key).second) {
      problems.push_back(
          {at("areas", i, "area_key"), "area \"" + areas[i].area_key + "\" is given twice"});
    }
    if (const auto& l = areas[i].level; l && (*l < scale.min_level || *l > scale.max_level)) {
      problems.push_back({at("areas", i, "level"), "level " + std::to_string(*l) +
                                                       " is outside the scale " +
                                                       std::to_string(scale.min_level) + ".." +
                                                       std::to_string(scale.max_level)});
    }
  }
  for (size_t i = 0; i < in.ambitions.size(); ++i) {
    check_finite(problems, at("ambitions", i, "ratio_to_own_trend"),
                 in.ambitions[i].ratio_to_own_trend);
    check_finite(problems, at("ambitions", i, "ratio_to_group_best"),
                 in.ambitions[i].ratio_to_group_best);
  }
  for (size_t i = 0; i < in.positions.size(); ++i) {
    const PositionSignalInput& p = in.positions[i];
    if (p.quartile < 1 || p.quartile > 4)
      problems.push_back({at("positions", i, "quartile"), "must be 1 to 4"});
    if (p.count < 1) problems.push_back({at("positions", i, "count"), "must be at least 1"});
    if (p.rank < 1 || p.rank > p.count)
      problems.push_back({at("positions", i, "rank"), "must be 1 to count"});
    check_finite(problems, at("positions", i, "mads_from_median"), p.mads_from_median);
  }
  for (size_t i = 0; i < in.trends.size(); ++i) {
    check_finite(problems, at("trends", i, "slope_per_year"), in.trends[i].slope_per_year);
    check_finite(problems, at("trends", i, "relative_change"), in.trends[i].relative_change);
  }
  if (in.productivity) {
    check_finite(problems, "productivity.productivity_change_pct",
                 in.productivity->productivity_change_pct);
    check_finite(problems, "productivity.output_change_pct", in.productivity->output_change_pct);
    check_finite(problems, "productivity.input_change_pct", in.productivity->input_change_pct);
  }
  for (size_t i = 0; i < in.surveys.size(); ++i) {
    if (!(in.surveys[i].share >= 0 && in.surveys[i].share <= 1))
      problems.push_back({at("surveys", i, "share"), "must be 0 to 1"});
    check_finite(problems, at("surveys", i, "change"), in.surveys[i].change);
  }
  return problems;
}

// ---- per area ---------------------------------------------------------------------------------

Direction balance(const std::vector<Signal>& signals) {
  int positive = 0, negative = 0, mixed = 0;
  for (const Signal& s : signals) {
    positive += s.direction == Direction::positive;
    negative += s.direction == Direction::negative;
    mixed += s.direction == Direction::mixed;
  }
  if (positive > negative) return Direction::positive;
  if (negative > positive) return Direction::negative;
  if (positive > 0 || mixed > 0) return Direction::mixed;
  return Direction::neutral;
}

// "Rated Leading (4 of 4)", "Rated 4 of 4", "Rated 3 (0 to 3)".
std::string rating_text(const Scale& scale, int level) {
  const std::string position =
      scale.min_level == 1
          ? std::to_string(level) + " of " + std::to_string(scale.max_level)
          : std::to_string(level) + " on the scale " + std::to_string(scale.min_level) + " to " +
                std::to_string(scale.max_level);
  if (scale.labels.empty()) return "Rated " + position;
  return "Rated " + scale.labels[static_cast<size_t>(level - scale.min_level)] + " (" + position +
         ")";
}

void judge(AreaSignals& area, const Scale& scale, const GoalTally& goals) {
  area.data_view = balance(area.signals);
  if (!area.level) return;
  const int level = *area.level;
  const std::string rated = rating_text(scale, level);
  const bool has_goals = std::any_of(area.signals.begin(), area.signals.end(),
                                     [](const Signal& s) { return s.kind == SignalKind::goals; });
  if (level == scale.max_level && has_goals && goals.mostly_off_track()) {
    area.disagreement = true;
    area.disagreement_reason =
        rated + ", but " + std::to_string(goals.off_track) +
        (goals.too_early > 0
             ? " of the " + std::to_string(goals.judged()) +
                   " goals that can be judged are off track."
             : " of " + std::to_string(goals.judged()) +
                   (goals.judged() == 1 ? " goal is" : " goals are") + " off track.");
    return;
  }
  // Compared doubled to stay in integers: level > (min + max) / 2.
  const int twice = 2 * level, sum = scale.min_level + scale.max_level;
  Direction against;
  if (twice > sum && area.data_view == Direction::negative) {
    against = Direction::negative;
  } else if (twice < sum && area.data_view == Direction::positive) {
    against = Direction::positive;
  } else {
    return;
  }
  std::vector<std::string> headlines;
  for (const Signal& s : area.signals)
    if (s.direction == against) headlines.push_back(s.headline);
  area.disagreement = true;
  area.disagreement_reason =
      rated + ", but " + std::to_string(headlines.size()) + " of " +
      count_of(static_cast<int>(area.signals.size()), "data signal", "data signals") +
      (area.signals.size() == 1 ? " is " : " are ") + to_string(against) + ": " +
      join(headlines, "; ") + ".";
}

}  // namespace

const char* to_string(SignalKind kind) {
  switch (kind) {
    case SignalKind::goals:
      return "goals";
    case SignalKind::ambition:
      return "ambition";
    case SignalKind::comparison:
      return "comparison";
    case SignalKind::trend:
      return "trend";
    case SignalKind::productivity:
      return "productivity";
    case SignalKind::survey:
      return "survey";
    case SignalKind::efficiency:
      return "efficiency";
    case SignalKind::malmquist:
      return "malmquist";
  }
  return "goals";
}

const char* to_string(Direction direction) {
  switch (direction) {
    case Direction::positive:
      return "positive";
    case Direction::negative:
      return "negative";
    case Direction::mixed:
      return "mixed";
    case Direction::neutral:
      return "neutral";
  }
  return "neutral";
}

std::span<const SignalRoute> signal_routes() { return kRoutes; }

Result<std::vector<AreaSignals>> derive_signals(std::span<const AreaRatingInput> areas,
                                                const Scale& scale, const SignalInputs& inputs) {
  if (auto problems = validate(areas, scale, inputs); !problems.empty()) {
    Error e = Error::invalid(
        problems.size() == 1
            ? problems.front().message
            : "the signal inputs have " + std::to_string(problems.size()) + " problems",
        problems.front().where);
    e.details = std::move(problems);
    return fail(std::move(e));
  }
  std::vector<AreaSignals> out;
  std::map<std::string, size_t, std::less<>> index;
  for (const AreaRatingInput& a : areas) {
    index.emplace(a.area_key, out.size());
    out.push_back({a.area_key, a.level, {}, Direction::neutral, false, ""});
  }
  // A route names its area, or (empty) defers to the indicator's or question's own.
  auto deliver = [&](const SignalRoute& route, std::string_view own_area, Signal signal) {
    const std::string_view area = route.area_key.empty() ? own_area : route.area_key;
    if (auto it = index.find(area); it != index.end())
      out[it->second].signals.push_back(std::move(signal));
  };
  for (const SignalRoute& route : kRoutes) {
    switch (route.kind) {
      case SignalKind::goals:
        if (!inputs.goals.empty()) deliver(route, {}, goals_signal(inputs.goals));
        break;
      case SignalKind::ambition:
        if (!inputs.ambitions.empty()) deliver(route, {}, ambition_signal(inputs.ambitions));
        break;
      case SignalKind::comparison:
        if (route.summary) {
          if (auto s = benchmarking_signal(inputs.positions)) deliver(route, {}, std::move(*s));
        } else {
          for (const PositionSignalInput& p : inputs.positions)
            deliver(route, p.area_key, position_signal(p));
        }
        break;
      case SignalKind::trend:
        for (const TrendSignalInput& t : inputs.trends) deliver(route, t.area_key, trend_signal(t));
        break;
      case SignalKind::productivity:
        if (inputs.productivity) deliver(route, {}, productivity_signal(*inputs.productivity));
        break;
      case SignalKind::survey:
        for (const SurveySignalInput& q : inputs.surveys)
          deliver(route, q.area_key, survey_signal(q));
        break;
      case SignalKind::efficiency:
        if (inputs.efficiency) deliver(route, {}, efficiency_signal(*inputs.efficiency));
        break;
      case SignalKind::malmquist:
        if (inputs.malmquist) deliver(route, {}, malmquist_signal(*inputs.malmquist));
        break;
    }
  }
  const GoalTally goals = tally(inputs.goals);
  for (AreaSignals& area : out) judge(area, scale, goals);
  return out;
}

}  // namespace pvf::measure
