// The framework model: lookups, the one validator every loader uses, and the JSON form.
#include "framework/framework.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <set>
#include <string>
#include <utility>

namespace pvf::framework {

namespace {

using nlohmann::json;

bool is_key(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_version(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_';
  });
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "#rgb", "#rrggbb" or a CSS colour name (letters only, e.g. "green").
bool is_colour(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] == '#') {
    if (s.size() != 4 && s.size() != 7) return false;
    return std::all_of(s.begin() + 1, s.end(), is_hex);
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string field(const std::string& path, std::string_view name) {
  if (path.empty()) return std::string(name);
  return path + "." + std::string(name);
}

std::string index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string level_list(const std::vector<ScaleLevel>& scale) {
  std::string out;
  for (const auto& l : scale) {
    if (!out.empty()) out += ", ";
    out += std::to_string(l.level);
  }
  return out;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// Parses a whole decimal integer ("3", "-1"); nullopt for anything else.
std::optional<int> parse_int(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int out = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return out;
}

void check_key(std::vector<ErrorDetail>& out, const std::string& path, const std::string& key,
               std::string_view what) {
  if (key.empty()) {
    out.push_back({path, std::string(what) + " key is required"});
  } else if (!is_key(key)) {
    out.push_back({path, in_quotes(key) +
                             " is not a valid key: use only lower-case letters, digits and "
                             "underscores (e.g. \"setting_goals\")"});
  }
}

void check_required(std::vector<ErrorDetail>& out, const std::string& path,
                    const std::string& value, std::string_view what) {
  if (value.empty() || is_blank(value)) out.push_back({path, std::string(what) + " is required"});
}

Error invalid_definition(std::vector<ErrorDetail> details) {
  std::string message = "the framework definition is invalid (" +
                        std::to_string(details.size()) +
                        (details.size() == 1 ? " problem)" : " problems)");
  Error e = Error::invalid(std::move(message), details.empty() ? "" : details.front().where);
  e.details = std::move(details);
  return e;
}

// Reads the JSON form into a model, recording every structural problem (wrong type, unknown
// field, missing level, unknown aggregation) by field path. Whatever is well formed is kept, so
// the model validator can still report the rest.
class JsonReader {
 public:
  std::vector<ErrorDetail> problems;
  bool scale_broken = false;  // a scale entry could not be read: level checks would mislead

  void problem(std::string path, std::string message) {
    problems.push_back({std::move(path), std::move(message)});
  }

  Framework read(const json& j) {
    Framework f;
    if (!j.is_object()) {
      problem("", "a framework definition must be a mapping with the fields key, version, title, "
                  "scale and pillars, not " + describe(j));
      return f;
    }
    check_fields(j, "", {"key", "version", "title", "description", "scale", "scoring", "pillars"});
    read_string(j, "", "key", f.key);
    read_string(j, "", "version", f.version);
    read_string(j, "", "title", f.title);
    read_string(j, "", "description", f.description);
    read_scale(j, f);
    read_scoring(j, f);
    if (const json* pillars = list(j, "", "pillars", "a list of pillars")) {
      for (size_t i = 0; i < pillars->size(); ++i)
        f.pillars.push_back(read_pillar((*pillars)[i], index("pillars", i)));
    }
    return f;
  }

 private:
  static std::string describe(const json& j) {
    switch (j.type()) {
      case json::value_t::object: return "a mapping";
      case json::value_t::array: return "a list";
      case json::value_t::string: return "text";
      case json::value_t::boolean: return "true/false";
      case json::value_t::null: return "empty";
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
      case json::value_t::number_float: return "a number";
      default: return "an unexpected value";
    }
  }

  // Refuses fields other than `allowed`, so a typo never passes silently.
  void check_fields(const json& obj, const std::string& path,
                    std::initializer_list<std::string_view> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string expected;
      for (auto a : allowed) {
        if (!expected.empty()) expected += ", ";
        expected += a;
      }
      problem(field(path, it.key()),
              "unknown field " + in_quotes(it.key()) + " (expected one of: " + expected + ")");
    }
  }

  // Absent and null leave `out` empty (the validator decides whether it was required).
  void read_string(const json& obj, const std::string& path, std::string_view name,
                   std::string& out) {
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) return;
    if (it->is_string()) {
      out = it->get<std::string>();
    } else if (it->is_number_integer()) {
      out = it->dump();  // YAML `version: 2017`
    } else {
      problem(field(path, name), std::string(name) + " must be text, not " + describe(*it));
    }
  }

  // The list under `name`, or nullptr when absent, null or not a list (the latter reported).
  const json* list(const json& obj, const std::string& path, std::string_view name,
                   std::string_view what) {
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) return nullptr;
    if (!it->is_array()) {
      problem(field(path, name),
              std::string(name) + " must be " + std::string(what) + ", not " + describe(*it));
      return nullptr;
    }
    return &*it;
  }

  void read_scale(const json& j, Framework& f) {
    const json* scale = list(j, "", "scale", "a list of levels");
    if (!scale) {
      if (j.contains("scale") && !j["scale"].is_null()) scale_broken = true;
      return;
    }
    for (size_t i = 0; i < scale->size(); ++i) {
      const json& item = (*scale)[i];
      std::string path = index("scale", i);
      ScaleLevel level;
      if (!item.is_object()) {
        problem(path, "a scale level must be a mapping with level and label, not " +
                          describe(item));
        scale_broken = true;
        f.scale.push_back(level);
        continue;
      }
      check_fields(item, path, {"level", "label", "colour"});
      auto it = item.find("level");
      if (it == item.end() || it->is_null()) {
        problem(field(path, "level"), "level is required: a whole number such as 1");
        scale_broken = true;
      } else if (!it->is_number_integer() || it->get<long long>() < INT_MIN ||
                 it->get<long long>() > INT_MAX) {
        problem(field(path, "level"), "level must be a whole number, not " + describe(*it) +
                                          (it->is_string() ? " " + in_quotes(it->get<std::string>())
                                                           : std::string()));
        scale_broken = true;
      } else {
        level.level = it->get<int>();
      }
      read_string(item, path, "label", level.label);
      read_string(item, path, "colour", level.colour);
      f.scale.push_back(std::move(level));
    }
  }

  void read_scoring(const json& j, Framework& f) {
    auto it = j.find("scoring");
    if (it == j.end() || it->is_null()) return;
    if (!it->is_object()) {
      problem("scoring", "scoring must be a mapping with area_to_pillar and pillar_to_overall, "
                         "not " + describe(*it));
      return;
    }
    check_fields(*it, "scoring", {"area_to_pillar", "pillar_to_overall"});
    read_aggregation(*it, "area_to_pillar", f.scoring.area_to_pillar);
    read_aggregation(*it, "pillar_to_overall", f.scoring.pillar_to_overall);
  }

  void read_aggregation(const json& scoring, std::string_view name, Aggregation& out) {
    std::string text;
    size_t before = problems.size();
    read_string(scoring, "scoring", name, text);
    if (problems.size() != before || text.empty()) return;
    if (auto a = parse_aggregation(text)) {
      out = *a;
    } else {
      problem(field("scoring", name),
              "unknown aggregation " + in_quotes(text) + " (use mean, median or min)");
    }
  }

  Pillar read_pillar(const json& j, const std::string& path) {
    Pillar p;
    if (!j.is_object()) {
      problem(path, "a pillar must be a mapping with key, title and areas, not " + describe(j));
      return p;
    }
    check_fields(j, path, {"key", "title", "areas"});
    read_string(j, path, "key", p.key);
    read_string(j, path, "title", p.title);
    if (const json* areas = list(j, path, "areas", "a list of areas")) {
      for (size_t i = 0; i < areas->size(); ++i)
        p.areas.push_back(read_area((*areas)[i], index(field(path, "areas"), i)));
    }
    return p;
  }

  Area read_area(const json& j, const std::string& path) {
    Area a;
    if (!j.is_object()) {
      problem(path, "an area must be a mapping with key, title, descriptors and questions, not " +
                        describe(j));
      return a;
    }
    check_fields(j, path, {"key", "title", "descriptors", "questions"});
    read_string(j, path, "key", a.key);
    read_string(j, path, "title", a.title);
    if (const json* questions = list(j, path, "questions", "a list of questions")) {
      for (size_t i = 0; i < questions->size(); ++i) {
        const json& q = (*questions)[i];
        std::string qpath = index(field(path, "questions"), i);
        if (q.is_string()) {
          a.questions.push_back(q.get<std::string>());
        } else {
          problem(qpath, "a question must be text, not " + describe(q));
          a.questions.emplace_back();
        }
      }
    }
    auto it = j.find("descriptors");
    if (it != j.end() && !it->is_null()) {
      std::string dpath = field(path, "descriptors");
      if (!it->is_object()) {
        problem(dpath, "descriptors must be a mapping from scale level to text (1: ..., 2: ...), "
                       "not " + describe(*it));
      } else {
        for (auto d = it->begin(); d != it->end(); ++d) {
          std::string lpath = field(dpath, d.key());
          auto level = parse_int(d.key());
          if (!level) {
            problem(lpath, in_quotes(d.key()) +
                               " is not a scale level; descriptors are keyed by level number");
          } else if (!d->is_string()) {
            problem(lpath, "a descriptor must be text, not " + describe(*d));
          } else {
            a.descriptors[*level] = d->get<std::string>();
          }
        }
      }
    }
    return a;
  }
};

bool under(const std::string& path, const std::string& prefix) {
  if (path == prefix) return true;
  if (prefix.empty()) return true;
  if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  char next = path[prefix.size()];
  return next == '.' || next == '[';
}

bool is_level_path(const std::string& path) {
  return (path.rfind("scale[", 0) == 0 && path.size() > 6 &&
          path.compare(path.size() - 6, 6, ".level") == 0) ||
         path.find(".descriptors") != std::string::npos;
}

}  // namespace

const char* to_string(Aggregation a) {
  switch (a) {
    case Aggregation::mean: return "mean";
    case Aggregation::median: return "median";
    case Aggregation::min: return "min";
  }
  return "mean";
}

std::optional<Aggregation> parse_aggregation(std::string_view s) {
  for (Aggregation a : {Aggregation::mean, Aggregation::median, Aggregation::min})
    if (s == to_string(a)) return a;
  return std::nullopt;
}

const Area* Framework::find_area(std::string_view area_key) const {
  for (const auto& p : pillars)
    for (const auto& a : p.areas)
      if (a.key == area_key) return &a;
  return nullptr;
}

const Pillar* Framework::pillar_of(std::string_view area_key) const {
  for (const auto& p : pillars)
    for (const auto& a : p.areas)
      if (a.key == area_key) return &p;
  return nullptr;
}

const ScaleLevel* Framework::find_level(int level) const {
  for (const auto& l : scale)
    if (l.level == level) return &l;
  return nullptr;
}

size_t Framework::area_count() const {
  size_t n = 0;
  for (const auto& p : pillars) n += p.areas.size();
  return n;
}

std::vector<ErrorDetail> validate(const Framework& f) {
  std::vector<ErrorDetail> out;

  check_key(out, "key", f.key, "the framework");
  if (f.version.empty()) {
    out.push_back({"version", "version is required (e.g. \"2017\")"});
  } else if (!is_version(f.version)) {
    out.push_back({"version", in_quotes(f.version) +
                                  " is not a valid version: use letters, digits, '.', '-' and "
                                  "'_' (e.g. \"2017\" or \"2017-local-1\")"});
  }
  check_required(out, "title", f.title, "title");

  // Scale: unique, ascending levels with labels.
  if (f.scale.size() < 2) {
    out.push_back({"scale", "the scale needs at least two levels (found " +
                                std::to_string(f.scale.size()) + ")"});
  }
  std::map<int, size_t> level_at;
  std::map<std::string, size_t> label_at;
  for (size_t i = 0; i < f.scale.size(); ++i) {
    const ScaleLevel& l = f.scale[i];
    std::string path = index("scale", i);
    if (auto seen = level_at.find(l.level); seen != level_at.end()) {
      out.push_back({field(path, "level"), "level " + std::to_string(l.level) +
                                               " appears more than once (also at " +
                                               index("scale", seen->second) + ")"});
    } else {
      if (i > 0 && l.level < f.scale[i - 1].level) {
        out.push_back({field(path, "level"),
                       "levels must be in ascending order: " + std::to_string(l.level) +
                           " comes after " + std::to_string(f.scale[i - 1].level)});
      }
      level_at.emplace(l.level, i);
    }
    if (l.label.empty() || is_blank(l.label)) {
      out.push_back({field(path, "label"), "label is required (e.g. \"Developing\")"});
    } else if (auto seen = label_at.find(l.label); seen != label_at.end()) {
      out.push_back({field(path, "label"), "label " + in_quotes(l.label) +
                                               " is already used by " +
                                               index("scale", seen->second)});
    } else {
      label_at.emplace(l.label, i);
    }
    if (!l.colour.empty() && !is_colour(l.colour)) {
      out.push_back({field(path, "colour"),
                     in_quotes(l.colour) + " is not a colour: use \"#rgb\", \"#rrggbb\" or a CSS "
                                        "colour name"});
    }
  }

  // Pillars and areas.
  if (f.pillars.empty()) out.push_back({"pillars", "at least one pillar is required"});
  std::map<std::string, std::string> pillar_at;
  std::map<std::string, std::string> area_at;
  for (size_t p = 0; p < f.pillars.size(); ++p) {
    const Pillar& pillar = f.pillars[p];
    std::string ppath = index("pillars", p);
    check_key(out, field(ppath, "key"), pillar.key, "a pillar");
    if (is_key(pillar.key)) {
      if (auto seen = pillar_at.find(pillar.key); seen != pillar_at.end()) {
        out.push_back({field(ppath, "key"), "duplicate pillar key " + in_quotes(pillar.key) +
                                                " (already used by " + seen->second + ")"});
      } else {
        pillar_at.emplace(pillar.key, ppath);
      }
    }
    check_required(out, field(ppath, "title"), pillar.title, "a pillar title");
    if (pillar.areas.empty())
      out.push_back({field(ppath, "areas"), "a pillar needs at least one area"});

    for (size_t a = 0; a < pillar.areas.size(); ++a) {
      const Area& area = pillar.areas[a];
      std::string apath = index(field(ppath, "areas"), a);
      check_key(out, field(apath, "key"), area.key, "an area");
      if (is_key(area.key)) {
        if (auto seen = area_at.find(area.key); seen != area_at.end()) {
          out.push_back({field(apath, "key"), "duplicate area key " + in_quotes(area.key) +
                                                  " (already used by " + seen->second + ")"});
        } else {
          area_at.emplace(area.key, apath);
        }
      }
      check_required(out, field(apath, "title"), area.title, "an area title");

      std::string qpath = field(apath, "questions");
      if (area.questions.size() < 2 || area.questions.size() > 4) {
        out.push_back({qpath, "an area needs 2 to 4 guiding questions (found " +
                                  std::to_string(area.questions.size()) + ")"});
      }
      for (size_t q = 0; q < area.questions.size(); ++q) {
        if (area.questions[q].empty() || is_blank(area.questions[q]))
          out.push_back({index(qpath, q), "a question must not be empty"});
      }

      std::string dpath = field(apath, "descriptors");
      if (area.descriptors.empty()) {
        out.push_back({dpath, "descriptors are required: one for each scale level (" +
                                  level_list(f.scale) + ")"});
        continue;
      }
      for (const auto& l : f.scale) {
        if (!area.descriptors.count(l.level)) {
          out.push_back({field(dpath, std::to_string(l.level)),
                         "the descriptor for level " + std::to_string(l.level) +
                             (l.label.empty() ? "" : " (" + l.label + ")") + " is missing"});
        }
      }
      for (const auto& [level, text] : area.descriptors) {
        std::string lpath = field(dpath, std::to_string(level));
        if (!f.find_level(level)) {
          out.push_back({lpath, "level " + std::to_string(level) +
                                    " is not on the scale (levels: " + level_list(f.scale) +
                                    ")"});
        } else if (text.empty() || is_blank(text)) {
          out.push_back({lpath, "the descriptor must not be empty"});
        }
      }
    }
  }
  return out;
}

nlohmann::json to_json(const Framework& f) {
  json scale = json::array();
  for (const auto& l : f.scale)
    scale.push_back({{"level", l.level}, {"label", l.label}, {"colour", l.colour}});
  json pillars = json::array();
  for (const auto& p : f.pillars) {
    json areas = json::array();
    for (const auto& a : p.areas) {
      json descriptors = json::object();
      for (const auto& [level, text] : a.descriptors) descriptors[std::to_string(level)] = text;
      areas.push_back({{"key", a.key},
                       {"title", a.title},
                       {"questions", a.questions},
                       {"descriptors", std::move(descriptors)}});
    }
    pillars.push_back({{"key", p.key}, {"title", p.title}, {"areas", std::move(areas)}});
  }
  return json{{"key", f.key},
              {"version", f.version},
              {"title", f.title},
              {"description", f.description},
              {"scale", std::move(scale)},
              {"scoring",
               {{"area_to_pillar", to_string(f.scoring.area_to_pillar)},
                {"pillar_to_overall", to_string(f.scoring.pillar_to_overall)}}},
              {"pillars", std::move(pillars)}};
}

Result<Framework> from_json(const nlohmann::json& j) {
  JsonReader reader;
  Framework f = reader.read(j);
  std::vector<ErrorDetail> problems = reader.problems;
  if (j.is_object()) {
    // The model validator, minus what the structural pass already explained: problems at or
    // under a path already reported, and level checks when a scale level could not be read.
    for (auto& d : validate(f)) {
      bool explained = std::any_of(reader.problems.begin(), reader.problems.end(),
                                   [&](const ErrorDetail& s) { return under(d.where, s.where); });
      if (reader.scale_broken && is_level_path(d.where)) explained = true;
      if (!explained) problems.push_back(std::move(d));
    }
  }
  if (problems.empty()) return f;
  for (auto& d : problems) d.where = d.where.empty() ? "$" : "$." + d.where;
  return fail(invalid_definition(std::move(problems)));
}

}  // namespace pvf::framework
