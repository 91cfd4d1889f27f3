#include "linkage/linkage.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "linkage/blocking.h"
#include "linkage/comparison.h"
#include "linkage/train.h"

namespace pvf::linkage {
namespace {

class Stopwatch {
 public:
  explicit Stopwatch(std::vector<StageTime>& out) : out_(out) {}
  void lap(std::string stage) {
    auto now = std::chrono::steady_clock::now();
    out_.push_back({std::move(stage), std::chrono::duration<double>(now - start_).count()});
    start_ = now;
  }

 private:
  std::vector<StageTime>& out_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

bool rule_uses(const BlockingRule& rule, const std::string& column) {
  return std::any_of(rule.begin(), rule.end(),
                     [&](const BlockingKey& k) { return k.column == column; });
}

Error cancelled() { return Error::cancelled("the linkage run was cancelled"); }

// A trained model fits these settings when it has the same comparisons with the same levels.
Status check_model(const LinkModel& trained, const LinkModel& fresh) {
  if (trained.comparisons.size() != fresh.comparisons.size())
    return fail(Error::invalid("the model has " + std::to_string(trained.comparisons.size()) +
                               " comparisons; the settings have " +
                               std::to_string(fresh.comparisons.size())));
  for (std::size_t c = 0; c < fresh.comparisons.size(); ++c) {
    const auto& t = trained.comparisons[c];
    const auto& f = fresh.comparisons[c];
    if (t.column != f.column || t.method != f.method || t.labels != f.labels)
      return fail(Error::invalid("the model's comparison " + std::to_string(c + 1) + " (" +
                                 t.column + ", " + t.method + ") differs from the settings' (" +
                                 f.column + ", " + f.method +
                                 "): train a model with these settings"));
  }
  return {};
}

}  // namespace

Result<LinkRun> run_linkage(const Records& records, const LinkSettings& settings,
                            const ScoredSink& sink, const LinkProgress& progress,
                            const LinkModel* trained) {
  LinkRun run;
  run.records = records.size();
  if (records.size() < 2) return fail(Error::invalid("linkage needs at least two records"));
  if (settings.link_type == LinkType::link_only &&
      (records.source_names.size() != 2 || records.count_in(0) == 0 || records.count_in(1) == 0))
    return fail(Error::invalid("link_only needs two files, each with at least one record"));
  if (records.size() > UINT32_MAX - 1)
    return fail(Error::invalid("more than 4,294,967,294 records: split the data"));
  run.total_pairs = total_pairs(records, settings.link_type);
  const LinkType link_type = settings.link_type;
  auto stage = [&](const char* name) -> PairProgress {
    if (!progress) return {};
    return [&progress, name](uint64_t done, uint64_t total) { return progress(name, done, total); };
  };

  for (const auto& column : records.columns) {
    if (column.unparsed == 0) continue;
    std::string what = column.kind == ColumnKind::date ? "dates" : "numbers";
    run.warnings.push_back(
        column.name + ": " + std::to_string(column.unparsed) + " values are not " + what +
        " (first at " + column.first_unparsed_source + ":" +
        std::to_string(column.first_unparsed_line) + "); they are treated as missing");
  }

  Stopwatch clock(run.stages);
  const PairComparer comparer = PairComparer::create(settings, records);
  LinkModel model = initial_model(comparer);
  const std::vector<RuleBlocks> blocks = build_blocks(settings.blocking_rules, records, link_type);
  for (const auto& rb : blocks) run.blocking.push_back({rb.rule, rb.pairs, rb.largest_block});
  if (progress && !progress("blocking", 1, 1)) return fail(cancelled());
  clock.lap("blocking");

  if (trained != nullptr) {
    // A model trained before (and signed off) scores these records as it is: no training.
    if (auto ok = check_model(*trained, model); !ok) return fail(ok.error());
    model = *trained;
  } else {
    if (!estimate_u(model, records, comparer, link_type, settings.u_max_pairs, settings.seed,
                    stage("u")))
      return fail(cancelled());
    clock.lap("u");

    // m: one EM session per training rule; each comparison's m is the mean over the sessions that
    // could estimate it.
    const std::vector<BlockingRule> training =
        !settings.training_blocking_rules.empty() ? settings.training_blocking_rules
        : !settings.blocking_rules.empty()        ? settings.blocking_rules
                                                  : std::vector<BlockingRule>{BlockingRule{}};
    const LinkModel start = model;
    std::vector<std::vector<double>> m_sum(model.comparisons.size());
    std::vector<int> m_sessions(model.comparisons.size(), 0);
    for (const auto& rule : training) {
      std::vector<EmRole> roles(model.comparisons.size());
      EmSession session;
      session.rule = rule.empty() ? "every pair" : to_text(rule);
      std::size_t estimable = 0;
      for (std::size_t c = 0; c < roles.size(); ++c) {
        const ComparisonModel& cm = model.comparisons[c];
        if (rule_uses(rule, cm.column)) {
          roles[c] = EmRole::ignore;
          session.fixed.push_back(cm.column);
        } else if (cm.m_fixed) {
          roles[c] = EmRole::fixed;
        } else {
          roles[c] = EmRole::estimate;
          session.estimated.push_back(cm.column);
          ++estimable;
        }
      }
      std::size_t used = 0;
      for (auto r : roles) used += r != EmRole::ignore;
      if (estimable == 0 || used < 2) {
        // One comparison alone cannot tell matches from non-matches: any m fits its levels.
        session.ran = false;
        session.note = estimable == 0
                           ? "nothing to estimate: every comparison is in the rule or has m given"
                           : "EM needs at least two comparisons outside the rule";
        session.estimated.clear();
        model.sessions.push_back(std::move(session));
        continue;
      }
      const auto session_blocks = build_blocks({rule}, records, link_type);
      auto counts = count_patterns(session_blocks, comparer, link_type, stage("em"));
      if (!counts) return fail(cancelled());
      for (const auto& [pattern, n] : *counts) session.pairs += n;
      if (session.pairs == 0) {
        session.ran = false;
        session.note = "the rule finds no pairs";
        session.estimated.clear();
        run.warnings.push_back("training rule " + session.rule + " finds no pairs; it was skipped");
        model.sessions.push_back(std::move(session));
        continue;
      }
      EmResult em = run_em(*counts, start, roles, 0.1, settings.em, true);
      session.iterations = em.iterations;
      session.converged = em.converged;
      session.lambda = em.lambda;
      for (std::size_t c = 0; c < roles.size(); ++c) {
        if (roles[c] != EmRole::estimate) continue;
        if (m_sum[c].empty()) m_sum[c].assign(em.m[c].size(), 0.0);
        for (std::size_t l = 0; l < em.m[c].size(); ++l) m_sum[c][l] += em.m[c][l];
        ++m_sessions[c];
      }
      if (!em.converged)
        run.warnings.push_back("EM on " + session.rule + " did not converge in " +
                               std::to_string(em.iterations) +
                               " iterations; raise em.max_iterations or check the rule");
      model.sessions.push_back(std::move(session));
    }
    for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
      ComparisonModel& cm = model.comparisons[c];
      if (cm.m_fixed) continue;
      if (m_sessions[c] == 0) {
        run.warnings.push_back(
            "m for " + cm.column +
            " kept its starting values: no training session could estimate it (a session needs "
            "two comparisons outside its rule); add a training rule or give m_probabilities");
        continue;
      }
      for (std::size_t l = 1; l < cm.m.size(); ++l) cm.m[l] = m_sum[c][l] / m_sessions[c];
      cm.m_estimated = true;
    }
    clock.lap("em");

    const double total = static_cast<double>(run.total_pairs);
    if (settings.probability_two_random_records_match) {
      model.prior = *settings.probability_two_random_records_match;
      model.prior_source = "fixed";
    } else if (!settings.deterministic_rules.empty()) {
      const auto rules = build_blocks(settings.deterministic_rules, records, link_type);
      std::vector<uint64_t> found(pair_slots(), 0);
      if (!for_each_candidate_pair(
              rules, link_type,
              [&](std::size_t slot, const PairBatch& batch) { found[slot] += batch.a.size(); },
              stage("prior")))
        return fail(cancelled());
      uint64_t matches = 0;
      for (auto n : found) matches += n;
      model.prior =
          std::max(static_cast<double>(matches) / settings.deterministic_recall, 1.0) / total;
      model.prior_source = "deterministic_rules";
    } else {
      auto counts = count_patterns(blocks, comparer, link_type, stage("prior"));
      if (!counts) return fail(cancelled());
      uint64_t candidates = 0;
      for (const auto& [pattern, n] : *counts) candidates += n;
      // λ and u depend on each other through the matches among the random pairs: alternate
      // until λ settles, starting high so that u is first cleared of matches, not last.
      if (settings.blocking_rules.empty()) {
        // The candidates are every pair: their levels are u's data, whole, not a sample that
        // would disagree with them at the rare levels where the matches are.
        for (auto& cm : model.comparisons) std::fill(cm.u_count.begin(), cm.u_count.end(), 0);
        for (const auto& [pattern, n] : *counts)
          for (std::size_t c = 0; c < model.comparisons.size(); ++c)
            model.comparisons[c].u_count[static_cast<std::size_t>(level_of(pattern, c))] += n;
        model.u_pairs = candidates;
        model.u_exhaustive = true;
      }
      double lambda = 0.5;
      for (int round = 0; round < 200; ++round) {
        double prior = std::max(lambda * static_cast<double>(candidates), 1.0) / total;
        correct_u_for_matches(model, prior);
        lambda = estimate_lambda(*counts, model, lambda, settings.em);
        // Matches outside every block are assumed few: λ over all pairs is the candidates'
        // matches spread over every pair.
        double next = std::max(lambda * static_cast<double>(candidates), 1.0) / total;
        bool settled = std::fabs(next - prior) <= 1e-6 * prior;
        model.prior = next;
        if (settled) break;
      }
      correct_u_for_matches(model, model.prior);
      model.prior_source = "em";
    }
    if (model.prior_source != "em") correct_u_for_matches(model, model.prior);
    model.prior = std::clamp(model.prior, 1e-15, 1 - 1e-9);
    clock.lap("prior");
  }

  const PairScorer scorer(model, comparer);
  auto prediction = predict(blocks, comparer, scorer, link_type,
                            settings.threshold_match_probability, sink, stage("predict"));
  if (!prediction) return fail(cancelled());
  run.candidate_pairs = prediction->candidate_pairs;
  run.predicted_pairs = prediction->predicted_pairs;
  run.histogram = std::move(prediction->histogram);
  clock.lap("predict");

  run.cluster = connected_components(records.size(), prediction->links);
  for (uint32_t r = 0; r < run.cluster.size(); ++r)
    if (run.cluster[r] == r) ++run.clusters;
  if (progress && !progress("cluster", 1, 1)) return fail(cancelled());
  clock.lap("cluster");
  run.model = std::move(model);
  return run;
}

}  // namespace pvf::linkage
