#include "linkage/settings.h"

#include "core/csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

namespace pvf::linkage {
namespace {

using nlohmann::json;

struct MethodInfo {
  ComparisonMethod method;
  std::string_view name;
  enum class Thresholds { none, similarity, distance, difference } thresholds;
  std::vector<double> defaults;
  std::string_view title;
  std::string_view description;
};

const std::array<MethodInfo, 10>& methods() {
  using T = MethodInfo::Thresholds;
  static const std::array<MethodInfo, 10> table{{
      {ComparisonMethod::exact, "exact", T::none, {}, "Exact",
       "The standardised values are equal, or not. For identifiers and codes."},
      {ComparisonMethod::jaro_winkler, "jaro_winkler", T::similarity, {0.92, 0.8}, "Jaro-Winkler",
       "Similarity of two strings weighted towards a shared beginning; levels at each "
       "similarity threshold. For names."},
      {ComparisonMethod::jaro, "jaro", T::similarity, {0.9, 0.8}, "Jaro",
       "Similarity of two strings by matching characters and transpositions."},
      {ComparisonMethod::jaccard, "jaccard", T::similarity, {0.8, 0.6}, "Jaccard (q-grams)",
       "Overlap of the two values' sets of q-character grams. For addresses and long text."},
      {ComparisonMethod::levenshtein, "levenshtein", T::distance, {1, 2}, "Levenshtein",
       "Edits (insertions, deletions, substitutions) between the values; levels at each "
       "distance threshold."},
      {ComparisonMethod::damerau_levenshtein, "damerau_levenshtein", T::distance, {1, 2},
       "Damerau-Levenshtein", "As Levenshtein, with a swap of adjacent characters one edit."},
      {ComparisonMethod::numeric, "numeric", T::difference, {}, "Numeric",
       "Absolute (or, with relative, proportional) difference of two numbers within each "
       "threshold."},
      {ComparisonMethod::date, "date", T::none, {}, "Date",
       "Exact; one edit apart (typing errors, day and month swapped); within 1 month, 1 year, "
       "10 years."},
      {ComparisonMethod::postcode, "postcode", T::none, {}, "UK postcode",
       "Same postcode, sector, district or area."},
      {ComparisonMethod::dice, "dice", T::similarity, {0.9, 0.8, 0.7}, "Dice (encodings)",
       "Sørensen-Dice similarity of two privacy-preserving Bloom-filter encodings (CLKs)."},
  }};
  return table;
}

const MethodInfo& info(ComparisonMethod method) {
  for (const auto& m : methods())
    if (m.method == method) return m;
  return methods()[0];
}

// 4 bits per comparison in a pair's level pattern (see pattern.h): 16 levels, 16 comparisons.
constexpr int kMaxLevels = 16;
constexpr std::size_t kMaxComparisons = 16;

std::string method_names() {
  std::string names;
  for (const auto& m : methods()) {
    if (!names.empty()) names += ", ";
    names += m.name;
  }
  return names;
}

std::string format_threshold(double value) { return csv::format_number(value); }

class Parser {
 public:
  std::vector<ErrorDetail> problems;

  void problem(std::string where, std::string message) {
    problems.push_back({std::move(where), std::move(message)});
  }

  // Refuses keys outside `allowed`, naming each.
  void known_keys(const json& object, const std::string& where,
                  std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) {
          if (!list.empty()) list += ", ";
          list += a;
        }
        problem(where + "." + key, "unknown key '" + key + "' (expected one of: " + list + ")");
      }
    }
  }

  std::optional<std::string> text(const json& value, const std::string& where) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
      problem(where, "must be a non-empty string");
      return std::nullopt;
    }
    return value.get<std::string>();
  }

  std::optional<double> number(const json& value, const std::string& where, double lo, double hi,
                               bool open_lo, bool open_hi) {
    if (!value.is_number()) {
      problem(where, "must be a number");
      return std::nullopt;
    }
    double v = value.get<double>();
    bool below = open_lo ? v <= lo : v < lo;
    bool above = open_hi ? v >= hi : v > hi;
    if (!std::isfinite(v) || below || above) {
      problem(where, std::string("must be in ") + (open_lo ? "(" : "[") + format_threshold(lo) +
                         ", " + format_threshold(hi) + (open_hi ? ")" : "]"));
      return std::nullopt;
    }
    return v;
  }

  std::optional<int64_t> integer(const json& value, const std::string& where, int64_t lo,
                                 int64_t hi) {
    if (!value.is_number_integer()) {
      problem(where, "must be a whole number");
      return std::nullopt;
    }
    int64_t v = value.get<int64_t>();
    if (v < lo || v > hi) {
      problem(where, "must be from " + std::to_string(lo) + " to " + std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }

  std::vector<BlockingRule> rules(const json& value, const std::string& where, bool allow_empty) {
    std::vector<BlockingRule> out;
    if (!value.is_array()) {
      problem(where, "must be a list of rules, each a list of keys like [\"surname\"]");
      return out;
    }
    if (value.empty() && !allow_empty) problem(where, "must hold at least one rule");
    for (std::size_t r = 0; r < value.size(); ++r) {
      std::string rw = where + "[" + std::to_string(r) + "]";
      const json& rule = value[r];
      if (!rule.is_array() || rule.empty()) {
        problem(rw, "must be a non-empty list of keys like [\"surname\", \"year(date_of_birth)\"]");
        continue;
      }
      BlockingRule parsed;
      for (std::size_t k = 0; k < rule.size(); ++k) {
        std::string kw = rw + "[" + std::to_string(k) + "]";
        auto key_text = text(rule[k], kw);
        if (!key_text) continue;
        auto key = parse_blocking_key(*key_text);
        if (!key) {
          problem(kw, key.error().message);
          continue;
        }
        parsed.push_back(*key);
      }
      if (parsed.size() == rule.size()) out.push_back(std::move(parsed));
    }
    return out;
  }

  std::optional<ComparisonSpec> comparison(const json& value, const std::string& where) {
    if (!value.is_object()) {
      problem(where, "must be an object like {\"column\":\"surname\",\"method\":\"jaro_winkler\"}");
      return std::nullopt;
    }
    known_keys(value, where,
               {"column", "method", "thresholds", "term_frequency", "format", "relative", "q",
                "m_probabilities"});
    std::size_t before = problems.size();
    ComparisonSpec spec;
    if (!value.contains("column")) {
      problem(where + ".column", "is required");
    } else if (auto c = text(value["column"], where + ".column")) {
      spec.column = *c;
    }
    if (!value.contains("method")) {
      problem(where + ".method", "is required (one of: " + method_names() + ")");
      return std::nullopt;
    }
    auto name = text(value["method"], where + ".method");
    if (!name) return std::nullopt;
    auto method = comparison_method_from(*name);
    if (!method) {
      problem(where + ".method", "unknown method '" + *name + "' (one of: " + method_names() + ")");
      return std::nullopt;
    }
    spec.method = *method;
    const MethodInfo& m = info(*method);
    using T = MethodInfo::Thresholds;
    if (value.contains("thresholds")) {
      const json& t = value["thresholds"];
      std::string tw = where + ".thresholds";
      if (m.thresholds == T::none) {
        problem(tw, std::string(m.name) + " has fixed levels and takes no thresholds");
      } else if (!t.is_array() || t.empty()) {
        problem(tw, "must be a non-empty list of numbers");
      } else {
        for (std::size_t i = 0; i < t.size(); ++i) {
          std::string iw = tw + "[" + std::to_string(i) + "]";
          std::optional<double> v;
          if (m.thresholds == T::similarity) {
            v = number(t[i], iw, 0, 1, true, true);
          } else if (m.thresholds == T::distance) {
            auto n = integer(t[i], iw, 1, 1000);
            if (n) v = static_cast<double>(*n);
          } else {
            v = number(t[i], iw, 0, 1e300, true, false);
          }
          if (v) spec.thresholds.push_back(*v);
        }
        bool descending = m.thresholds == T::similarity;
        for (std::size_t i = 1; i < spec.thresholds.size(); ++i) {
          bool ordered = descending ? spec.thresholds[i] < spec.thresholds[i - 1]
                                    : spec.thresholds[i] > spec.thresholds[i - 1];
          if (!ordered) {
            problem(tw, std::string("must be strictly ") +
                            (descending ? "decreasing (similarity: strictest first)"
                                        : "increasing (distance: strictest first)"));
            break;
          }
        }
      }
    } else if (m.thresholds == T::difference) {
      problem(where + ".thresholds", "numeric needs thresholds, e.g. [1, 5]");
    } else {
      spec.thresholds = m.defaults;
    }
    if (spec.level_count() > kMaxLevels)
      problem(where + ".thresholds", "at most " + std::to_string(kMaxLevels - 3) + " thresholds");
    if (value.contains("term_frequency")) {
      if (!value["term_frequency"].is_boolean()) {
        problem(where + ".term_frequency", "must be true or false");
      } else {
        spec.term_frequency = value["term_frequency"].get<bool>();
        if (spec.term_frequency && spec.method == ComparisonMethod::dice)
          problem(where + ".term_frequency",
                  "does not apply to dice: encodings hide how common a value is");
      }
    }
    if (value.contains("format")) {
      if (spec.method != ComparisonMethod::date) {
        problem(where + ".format", "applies to the date method only");
      } else if (auto f = text(value["format"], where + ".format")) {
        spec.format = *f;
      }
    }
    if (value.contains("relative")) {
      if (spec.method != ComparisonMethod::numeric) {
        problem(where + ".relative", "applies to the numeric method only");
      } else if (!value["relative"].is_boolean()) {
        problem(where + ".relative", "must be true or false");
      } else {
        spec.relative = value["relative"].get<bool>();
      }
    }
    if (value.contains("q")) {
      if (spec.method != ComparisonMethod::jaccard) {
        problem(where + ".q", "applies to the jaccard method only");
      } else if (auto q = integer(value["q"], where + ".q", 1, 4)) {
        spec.q = static_cast<int>(*q);
      }
    }
    if (value.contains("m_probabilities") && problems.size() == before) {
      const json& m = value["m_probabilities"];
      std::string mw = where + ".m_probabilities";
      auto expected = static_cast<std::size_t>(spec.level_count() - 1);
      if (!m.is_array() || m.size() != expected) {
        problem(mw, "must list " + std::to_string(expected) +
                        " probabilities, one per level from exact to else");
      } else {
        double sum = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
          auto v = number(m[i], mw + "[" + std::to_string(i) + "]", 0, 1, true, false);
          if (v) {
            spec.m_probabilities.push_back(*v);
            sum += *v;
          }
        }
        if (spec.m_probabilities.size() == expected && std::fabs(sum - 1) > 1e-6)
          problem(mw, "must add up to 1 (they add up to " + format_threshold(sum) + ")");
      }
    }
    if (problems.size() != before) return std::nullopt;
    return spec;
  }
};

}  // namespace

nlohmann::json linkage_methods_json() {
  auto kind = [](MethodInfo::Thresholds t) {
    switch (t) {
      case MethodInfo::Thresholds::none: return "none";
      case MethodInfo::Thresholds::similarity: return "similarity";
      case MethodInfo::Thresholds::distance: return "distance";
      case MethodInfo::Thresholds::difference: return "difference";
    }
    return "none";
  };
  json list = json::array();
  for (const auto& m : methods())
    list.push_back({{"key", m.name},
                    {"title", m.title},
                    {"description", m.description},
                    {"thresholds", kind(m.thresholds)},
                    {"default_thresholds", m.defaults}});
  json keys = json::array({
      {{"key", "column"}, {"syntax", "surname"}, {"description", "The column's value."}},
      {{"key", "prefix"},
       {"syntax", "prefix(given_name,2)"},
       {"description", "The first n characters of the standardised value."}},
      {{"key", "year"},
       {"syntax", "year(date_of_birth)"},
       {"description", "The year of a date."}},
      {{"key", "soundex"},
       {"syntax", "soundex(surname)"},
       {"description", "The Soundex code: names that sound alike block together."}},
  });
  return json{{"methods", std::move(list)}, {"key_functions", std::move(keys)}};
}

std::string_view to_string(ComparisonMethod method) { return info(method).name; }

std::optional<ComparisonMethod> comparison_method_from(std::string_view name) {
  for (const auto& m : methods())
    if (m.name == name) return m.method;
  return std::nullopt;
}

int ComparisonSpec::level_count() const {
  switch (method) {
    case ComparisonMethod::date:
      return 7;  // null, exact, one edit, 1 month, 1 year, 10 years, else
    case ComparisonMethod::postcode:
      return 6;  // null, full, sector, district, area, else
    default:
      return 3 + static_cast<int>(thresholds.size());
  }
}

std::string ComparisonSpec::level_label(int level) const {
  int count = level_count();
  if (level <= 0) return "null";
  if (level == 1) return method == ComparisonMethod::postcode ? "same postcode" : "exact";
  if (level >= count - 1) return "else";
  switch (method) {
    case ComparisonMethod::date: {
      static const std::array<const char*, 4> labels{"one edit apart", "within 1 month",
                                                     "within 1 year", "within 10 years"};
      return labels[static_cast<std::size_t>(level - 2)];
    }
    case ComparisonMethod::postcode: {
      static const std::array<const char*, 3> labels{"same sector", "same district",
                                                     "same area"};
      return labels[static_cast<std::size_t>(level - 2)];
    }
    default:
      break;
  }
  double t = thresholds[static_cast<std::size_t>(level - 2)];
  using T = MethodInfo::Thresholds;
  const MethodInfo& m = info(method);
  std::string name(m.name);
  if (m.thresholds == T::similarity) return name + " >= " + format_threshold(t);
  if (m.thresholds == T::distance) return name + " <= " + format_threshold(t);
  return std::string(relative ? "relative difference" : "difference") +
         " <= " + format_threshold(t);
}

std::string BlockingKey::to_text() const {
  switch (kind) {
    case Kind::column:
      return column;
    case Kind::prefix:
      return "prefix(" + column + "," + std::to_string(length) + ")";
    case Kind::year:
      return "year(" + column + ")";
    case Kind::soundex:
      return "soundex(" + column + ")";
  }
  return column;
}

Result<BlockingKey> parse_blocking_key(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  BlockingKey key;
  auto open = text.find('(');
  if (open == std::string_view::npos) {
    if (text.empty() || text.find_first_of("),") != std::string_view::npos)
      return fail(Error::invalid("'" + std::string(text) +
                                 "' is not a key: a column, prefix(col,n), year(col) or "
                                 "soundex(col)"));
    key.column = std::string(text);
    return key;
  }
  std::string_view function = trim(text.substr(0, open));
  if (text.back() != ')')
    return fail(Error::invalid("'" + std::string(text) + "' lacks a closing parenthesis"));
  std::string_view inside = text.substr(open + 1, text.size() - open - 2);
  std::string_view column = inside;
  std::string_view argument;
  if (auto comma = inside.find(','); comma != std::string_view::npos) {
    column = inside.substr(0, comma);
    argument = trim(inside.substr(comma + 1));
  }
  column = trim(column);
  if (column.empty()) return fail(Error::invalid("'" + std::string(text) + "' names no column"));
  key.column = std::string(column);
  if (function == "prefix") {
    key.kind = BlockingKey::Kind::prefix;
    int n = 0;
    auto [end, ec] = std::from_chars(argument.data(), argument.data() + argument.size(), n);
    if (argument.empty() || ec != std::errc() || end != argument.data() + argument.size() ||
        n < 1 || n > 100)
      return fail(Error::invalid("'" + std::string(text) +
                                 "': prefix needs a length from 1 to 100, as prefix(surname,3)"));
    key.length = n;
    return key;
  }
  if (!argument.empty())
    return fail(Error::invalid("'" + std::string(text) + "': " + std::string(function) +
                               " takes one column"));
  if (function == "year") {
    key.kind = BlockingKey::Kind::year;
  } else if (function == "soundex") {
    key.kind = BlockingKey::Kind::soundex;
  } else {
    return fail(Error::invalid("unknown key function '" + std::string(function) +
                               "' (prefix, year or soundex)"));
  }
  return key;
}

std::string to_text(const BlockingRule& rule) {
  std::string text;
  for (const auto& key : rule) {
    if (!text.empty()) text += " & ";
    text += key.to_text();
  }
  return text;
}

Result<LinkSettings> parse_settings(const json& value) {
  Parser p;
  LinkSettings s;
  if (!value.is_object()) return fail(Error::invalid("the settings must be a JSON object", "$"));
  p.known_keys(value, "$",
               {"link_type", "unique_id_column", "blocking_rules", "comparisons",
                "threshold_match_probability", "em", "seed", "training_blocking_rules",
                "u_max_pairs", "probability_two_random_records_match", "deterministic_rules",
                "deterministic_recall", "description"});
  if (!value.contains("link_type")) {
    p.problem("$.link_type", "is required: \"dedupe_only\" or \"link_only\"");
  } else if (auto t = p.text(value["link_type"], "$.link_type")) {
    if (*t == "dedupe_only") {
      s.link_type = LinkType::dedupe_only;
    } else if (*t == "link_only") {
      s.link_type = LinkType::link_only;
    } else {
      p.problem("$.link_type", "unknown link type '" + *t + "' (dedupe_only or link_only)");
    }
  }
  if (value.contains("unique_id_column")) {
    if (auto id = p.text(value["unique_id_column"], "$.unique_id_column")) s.unique_id_column = *id;
  }
  if (value.contains("blocking_rules"))
    s.blocking_rules = p.rules(value["blocking_rules"], "$.blocking_rules", true);
  if (value.contains("training_blocking_rules"))
    s.training_blocking_rules =
        p.rules(value["training_blocking_rules"], "$.training_blocking_rules", false);
  if (value.contains("deterministic_rules"))
    s.deterministic_rules = p.rules(value["deterministic_rules"], "$.deterministic_rules", false);
  if (!value.contains("comparisons")) {
    p.problem("$.comparisons", "is required: a list of comparisons");
  } else if (!value["comparisons"].is_array() || value["comparisons"].empty()) {
    p.problem("$.comparisons", "must be a non-empty list of comparisons");
  } else {
    const json& list = value["comparisons"];
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string w = "$.comparisons[" + std::to_string(i) + "]";
      auto c = p.comparison(list[i], w);
      if (!c) continue;
      if (!seen.insert(c->column).second) {
        p.problem(w + ".column", "'" + c->column + "' is compared twice; one comparison per column");
        continue;
      }
      s.comparisons.push_back(std::move(*c));
    }
    if (list.size() > kMaxComparisons)
      p.problem("$.comparisons", "at most " + std::to_string(kMaxComparisons) + " comparisons");
  }
  if (value.contains("threshold_match_probability")) {
    if (auto t = p.number(value["threshold_match_probability"], "$.threshold_match_probability", 0,
                          1, false, false))
      s.threshold_match_probability = *t;
  }
  if (value.contains("em")) {
    const json& em = value["em"];
    if (!em.is_object()) {
      p.problem("$.em", "must be an object like {\"max_iterations\":25,\"tolerance\":0.0001}");
    } else {
      p.known_keys(em, "$.em", {"max_iterations", "tolerance"});
      if (em.contains("max_iterations")) {
        if (auto n = p.integer(em["max_iterations"], "$.em.max_iterations", 1, 10000))
          s.em.max_iterations = static_cast<int>(*n);
      }
      if (em.contains("tolerance")) {
        if (auto t = p.number(em["tolerance"], "$.em.tolerance", 0, 1, true, true))
          s.em.tolerance = *t;
      }
    }
  }
  if (value.contains("seed")) {
    if (!value["seed"].is_number_unsigned() && !value["seed"].is_number_integer()) {
      p.problem("$.seed", "must be a whole number");
    } else if (value["seed"].is_number_integer() && value["seed"].get<int64_t>() < 0) {
      p.problem("$.seed", "must not be negative");
    } else {
      s.seed = value["seed"].get<uint64_t>();
    }
  }
  if (value.contains("u_max_pairs")) {
    if (auto n = p.integer(value["u_max_pairs"], "$.u_max_pairs", 1000, 1'000'000'000))
      s.u_max_pairs = *n;
  }
  if (value.contains("probability_two_random_records_match")) {
    if (auto v = p.number(value["probability_two_random_records_match"],
                          "$.probability_two_random_records_match", 0, 1, true, true))
      s.probability_two_random_records_match = *v;
  }
  if (value.contains("deterministic_recall")) {
    if (auto v =
            p.number(value["deterministic_recall"], "$.deterministic_recall", 0, 1, true, false))
      s.deterministic_recall = *v;
  }
  if (value.contains("description") && !value["description"].is_string())
    p.problem("$.description", "must be a string");
  if (!p.problems.empty()) {
    std::string summary = "the settings have " + std::to_string(p.problems.size()) + " problems";
    return fail(Error::invalid_all(std::move(p.problems), std::move(summary)));
  }
  return s;
}

namespace {
json rules_json(const std::vector<BlockingRule>& rules) {
  json out = json::array();
  for (const auto& rule : rules) {
    json keys = json::array();
    for (const auto& key : rule) keys.push_back(key.to_text());
    out.push_back(std::move(keys));
  }
  return out;
}
}  // namespace

json to_json(const LinkSettings& s) {
  json out;
  out["link_type"] = s.link_type == LinkType::dedupe_only ? "dedupe_only" : "link_only";
  out["unique_id_column"] = s.unique_id_column;
  out["blocking_rules"] = rules_json(s.blocking_rules);
  json comparisons = json::array();
  for (const auto& c : s.comparisons) {
    json item{{"column", c.column}, {"method", std::string(to_string(c.method))}};
    if (info(c.method).thresholds == MethodInfo::Thresholds::distance) {
      // Distances are whole numbers: written as such so the file reads back.
      std::vector<int64_t> whole;
      for (double t : c.thresholds) whole.push_back(static_cast<int64_t>(t));
      item["thresholds"] = whole;
    } else if (!c.thresholds.empty()) {
      item["thresholds"] = c.thresholds;
    }
    if (c.term_frequency) item["term_frequency"] = true;
    if (!c.format.empty()) item["format"] = c.format;
    if (c.relative) item["relative"] = true;
    if (c.method == ComparisonMethod::jaccard && c.q != 2) item["q"] = c.q;
    if (!c.m_probabilities.empty()) item["m_probabilities"] = c.m_probabilities;
    comparisons.push_back(std::move(item));
  }
  out["comparisons"] = std::move(comparisons);
  out["threshold_match_probability"] = s.threshold_match_probability;
  out["em"] = {{"max_iterations", s.em.max_iterations}, {"tolerance", s.em.tolerance}};
  out["seed"] = s.seed;
  if (!s.training_blocking_rules.empty())
    out["training_blocking_rules"] = rules_json(s.training_blocking_rules);
  out["u_max_pairs"] = s.u_max_pairs;
  if (s.probability_two_random_records_match)
    out["probability_two_random_records_match"] = *s.probability_two_random_records_match;
  if (!s.deterministic_rules.empty()) {
    out["deterministic_rules"] = rules_json(s.deterministic_rules);
    out["deterministic_recall"] = s.deterministic_recall;
  }
  return out;
}

std::vector<std::string> referenced_columns(const LinkSettings& s) {
  std::vector<std::string> columns{s.unique_id_column};
  auto add = [&](const std::string& c) {
    if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
  };
  for (const auto& c : s.comparisons) add(c.column);
  for (const auto* rules : {&s.blocking_rules, &s.training_blocking_rules, &s.deterministic_rules})
    for (const auto& rule : *rules)
      for (const auto& key : rule) add(key.column);
  return columns;
}

Status check_columns(const LinkSettings& s, const std::vector<std::string>& header,
                     const std::string& source) {
  std::vector<ErrorDetail> problems;
  auto has = [&](const std::string& c) {
    return std::find(header.begin(), header.end(), c) != header.end();
  };
  auto need = [&](const std::string& column, const std::string& where) {
    if (has(column)) return;
    for (const auto& p : problems)
      if (p.message.find("'" + column + "'") != std::string::npos) return;
    problems.push_back({source, "no column '" + column + "' (" + where + ")"});
  };
  need(s.unique_id_column, "unique_id_column");
  for (std::size_t i = 0; i < s.comparisons.size(); ++i)
    need(s.comparisons[i].column, "comparisons[" + std::to_string(i) + "].column");
  auto rules = [&](const std::vector<BlockingRule>& list, const std::string& name) {
    for (std::size_t r = 0; r < list.size(); ++r)
      for (const auto& key : list[r]) need(key.column, name + "[" + std::to_string(r) + "]");
  };
  rules(s.blocking_rules, "blocking_rules");
  rules(s.training_blocking_rules, "training_blocking_rules");
  rules(s.deterministic_rules, "deterministic_rules");
  if (problems.empty()) return {};
  std::string summary =
      source + " lacks " + std::to_string(problems.size()) + " columns the settings use";
  return fail(Error::invalid_all(std::move(problems), std::move(summary)));
}

}  // namespace pvf::linkage
