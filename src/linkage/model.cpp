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

}  // namespace pvf::linkage
