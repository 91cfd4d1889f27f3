#include "linkage/model.h"

namespace pvf::linkage {

LinkModel initial_model(const PairComparer& comparer) {
  LinkModel model;
  for (std::size_t i = 0; i < comparer.size(); ++i) {
    const PreparedComparison& c = comparer.comparison(i);
    ComparisonModel cm;
    cm.column = c.spec().column;
    cm.method = std::string(to_string(c.spec().method));
    cm.term_frequency = c.spec().term_frequency;
    const auto levels = static_cast<std::size_t>(c.levels());
    for (std::size_t l = 0; l < levels; ++l) cm.labels.push_back(c.spec().level_label(static_cast<int>(l)));
    // m starts at 0.9 for exact and shares 0.1 among the other levels, halving level by level
    // (matches mostly agree); u starts flat. EM and sampling replace both.
    cm.m.assign(levels, 0.0);
    cm.u.assign(levels, 0.0);
    cm.u_count.assign(levels, 0);
    const std::size_t rest = levels - 2;
    // Encodings compared alone cannot be trained (see run_linkage), so their start is what
    // scores pairs: an error anywhere in a record moves its encoding, so matches spread over
    // the similarity levels (exact 0.3, then each level 0.6 of the one above; on FEBRL's
    // dataset1 this puts the cut where the data would, between dice 0.8 and 0.7).
    const bool encoding = c.spec().method == ComparisonMethod::dice;
    const double exact = encoding ? 0.3 : 0.9;
    const double ratio = encoding ? 0.6 : 0.5;
    double share = 0;
    for (std::size_t l = 2; l < levels; ++l) share += std::pow(ratio, static_cast<double>(l - 2));
    cm.m[1] = exact;
    for (std::size_t l = 2; l < levels; ++l)
      cm.m[l] = (1 - exact) * std::pow(ratio, static_cast<double>(l - 2)) / share;
    for (std::size_t l = 1; l < levels; ++l) cm.u[l] = 1.0 / static_cast<double>(rest + 1);
    const auto& given = c.spec().m_probabilities;
    if (!given.empty()) {
      for (std::size_t l = 1; l < levels; ++l) cm.m[l] = given[l - 1];
      cm.m_fixed = true;
    }
    model.comparisons.push_back(std::move(cm));
  }
  model.prior = 1e-4;
  return model;
}

nlohmann::json to_json(const LinkModel& model) {
  using nlohmann::json;
  json comparisons = json::array();
  for (const auto& c : model.comparisons) {
    json levels = json::array();
    for (std::size_t l = 1; l < c.m.size(); ++l) {
      // gamma as Splink numbers it: -1 null, 0 else, up to the exact level's number.
      levels.push_back({{"gamma", static_cast<int>(c.m.size() - 1 - l)},
                        {"label", c.labels[l]},
                        {"m", c.m[l]},
                        {"u", c.u[l]},
                        {"u_pairs", c.u_count[l]},
                        {"match_weight", c.weight(static_cast<int>(l))},
                        {"bayes_factor", c.m[l] / c.u[l]}});
    }
    comparisons.push_back({{"column", c.column},
                           {"method", c.method},
                           {"term_frequency", c.term_frequency},
                           {"m_estimated", c.m_estimated},
                           {"m_fixed", c.m_fixed},
                           {"levels", std::move(levels)}});
  }
  json sessions = json::array();
  for (const auto& s : model.sessions)
    sessions.push_back({{"blocking_rule", s.rule},
                        {"pairs", s.pairs},
                        {"iterations", s.iterations},
                        {"converged", s.converged},
                        {"ran", s.ran},
                        {"note", s.note},
                        {"lambda", s.lambda},
                        {"estimated", s.estimated},
                        {"fixed", s.fixed}});
  int iterations = 0;
  for (const auto& s : model.sessions) iterations += s.iterations;
  return json{{"probability_two_random_records_match", model.prior},
              {"prior_match_weight", model.prior_weight()},
              {"prior_source", model.prior_source},
              {"u_pairs_sampled", model.u_pairs},
              {"u_exhaustive", model.u_exhaustive},
              {"iterations", iterations},
              {"converged", model.converged()},
              {"em_sessions", std::move(sessions)},
              {"comparisons", std::move(comparisons)}};
}

Result<LinkModel> model_from_json(const nlohmann::json& json) {
  std::vector<ErrorDetail> problems;
  auto problem = [&](std::string where, std::string message) {
    problems.push_back({std::move(where), std::move(message)});
  };
  auto probability = [&](const nlohmann::json& v, const std::string& where, bool open_low) {
    if (!v.is_number()) {
      problem(where, "must be a number");
      return 0.0;
    }
    double x = v.get<double>();
    if (!(open_low ? x > 0 : x >= 0) || x > 1)
      problem(where, open_low ? "must be in (0, 1]" : "must be in [0, 1]");
    return x;
  };
  LinkModel model;
  if (!json.is_object() || !json.contains("comparisons") || !json["comparisons"].is_array() ||
      !json.contains("probability_two_random_records_match"))
    return fail(Error::invalid(
        "not a pvf linkage model (model.json with probability_two_random_records_match and "
        "comparisons)",
        "$"));
  model.prior = probability(json["probability_two_random_records_match"],
                            "$.probability_two_random_records_match", true);
  model.prior_source = "model";
  const auto& list = json["comparisons"];
  for (std::size_t c = 0; c < list.size(); ++c) {
    const std::string w = "$.comparisons[" + std::to_string(c) + "]";
    const auto& item = list[c];
    if (!item.is_object() || !item.contains("levels") || !item["levels"].is_array() ||
        !item.contains("column") || !item.contains("method") || !item["column"].is_string() ||
        !item["method"].is_string()) {
      problem(w, "needs column, method and levels");
      continue;
    }
    ComparisonModel cm;
    cm.column = item["column"].get<std::string>();
    cm.method = item["method"].get<std::string>();
    cm.term_frequency = item.value("term_frequency", false);
    cm.m_estimated = item.value("m_estimated", false);
    cm.m_fixed = item.value("m_fixed", false);
    const auto& levels = item["levels"];
    const std::size_t n = levels.size() + 1;  // level 0 (null) is not listed
    cm.labels.assign(n, "null");
    cm.m.assign(n, 0.0);
    cm.u.assign(n, 0.0);
    cm.u_count.assign(n, 0);
    for (std::size_t l = 0; l < levels.size(); ++l) {
      const std::string lw = w + ".levels[" + std::to_string(l) + "]";
      const auto& level = levels[l];
      if (!level.is_object() || !level.contains("m") || !level.contains("u") ||
          !level.contains("label") || !level["label"].is_string()) {
        problem(lw, "needs label, m and u");
        continue;
      }
      cm.labels[l + 1] = level["label"].get<std::string>();
      cm.m[l + 1] = probability(level["m"], lw + ".m", true);
      cm.u[l + 1] = probability(level["u"], lw + ".u", true);
      if (level.contains("u_pairs") && level["u_pairs"].is_number_unsigned())
        cm.u_count[l + 1] = level["u_pairs"].get<uint64_t>();
    }
    model.comparisons.push_back(std::move(cm));
  }
  if (!problems.empty()) {
    std::string summary = "the model has " + std::to_string(problems.size()) + " problems";
    return fail(Error::invalid_all(std::move(problems), std::move(summary)));
  }
  return model;
}

}  // namespace pvf::linkage
