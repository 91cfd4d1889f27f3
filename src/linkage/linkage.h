// A whole linkage run over records already standardised (RecordsBuilder): block, estimate u,
// train m by EM, estimate the prior, score every candidate pair (streamed to the caller's sink)
// and cluster. Memory grows with records and predicted pairs, never with candidate pairs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "linkage/model.h"
#include "linkage/predict.h"
#include "linkage/records.h"
#include "linkage/settings.h"

namespace pvf::linkage {

// Stages, in order: "blocking", "u", "em", "prior", "predict", "cluster". Called from worker
// threads (never concurrently) with the stage's progress in its own units (pairs); return false
// to cancel the run, which then fails with ErrorCode::cancelled.
using LinkProgress = std::function<bool(std::string_view stage, uint64_t done, uint64_t total)>;

struct StageTime {
  std::string stage;
  double seconds = 0;
};

struct RuleReport {
  std::string rule;
  uint64_t pairs = 0;          // before pairs found by earlier rules are removed
  uint32_t largest_block = 0;
};

struct LinkRun {
  LinkModel model;
  uint64_t records = 0;
  uint64_t total_pairs = 0;       // every pair the data could make
  uint64_t candidate_pairs = 0;   // distinct pairs the blocking rules found
  uint64_t predicted_pairs = 0;   // at or above the threshold
  std::vector<uint32_t> cluster;  // per record: its cluster's smallest record index
  std::size_t clusters = 0;
  std::vector<RuleReport> blocking;
  WeightHistogram histogram;
  std::vector<StageTime> stages;
  std::vector<std::string> warnings;  // data and training issues a user should read
};

// With `trained` (a model from an earlier run, e.g. model_from_json), the u, EM and prior stages
// are skipped and the records are scored with it; it must have the settings' comparisons and
// levels. Term frequencies still come from these records.
Result<LinkRun> run_linkage(const Records& records, const LinkSettings& settings,
                            const ScoredSink& sink, const LinkProgress& progress = {},
                            const LinkModel* trained = nullptr);

}  // namespace pvf::linkage
