// Candidate pairs: records that agree on every key of at least one blocking rule. Each rule's
// records are grouped into blocks by key (a counting sort, 8 bytes per record per rule); pairs
// are generated block by block, in parallel, and handed to the caller in small batches, so no
// list of pairs is ever held. A pair found by several rules is handed over once: by the first
// rule that finds it (a later rule skips pairs on which an earlier rule's keys all agree).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "linkage/records.h"
#include "linkage/settings.h"

namespace pvf::linkage {

// One rule's blocks. key[r] is record r's key id (0 = a key column is missing: in no block).
struct RuleBlocks {
  std::string rule;                  // "surname & year(date_of_birth)"
  std::vector<uint32_t> key;         // per record
  std::vector<uint32_t> order;       // records grouped by key (link: left before right)
  std::vector<uint32_t> block_start; // blocks that can make a pair: [start[i], start[i + 1])
  std::vector<uint32_t> left_count;  // link: how many of each block's records are left
  uint64_t pairs = 0;                // the pairs its blocks make, before removing repeats
  uint32_t largest_block = 0;
};

// Groups the records by each rule's key. An empty rule list means one rule with no keys: every
// pair is a candidate. Keys: a column's standardised value; prefix(col,n) its first n
// characters; year(col) the year of a date column; soundex(col) the Soundex code.
std::vector<RuleBlocks> build_blocks(const std::vector<BlockingRule>& rules,
                                     const Records& records, LinkType link_type);

// A batch of pairs (record indices; a < b for dedupe, a left and b right for link).
struct PairBatch {
  std::span<const uint32_t> a;
  std::span<const uint32_t> b;
};

// Called with each batch, concurrently from the worker threads; `slot` is the calling thread's
// index in [0, pair_slots()): calls with the same slot never overlap, so per-slot accumulators
// need no lock.
using PairVisitor = std::function<void(std::size_t slot, const PairBatch& batch)>;
// Called now and then (from any thread, never concurrently) with pairs visited so far and the
// total before repeats are removed; return false to stop.
using PairProgress = std::function<bool(uint64_t done, uint64_t total)>;

std::size_t pair_slots();

// Visits every candidate pair of `blocks` once. Returns false if progress asked to stop.
bool for_each_candidate_pair(const std::vector<RuleBlocks>& blocks, LinkType link_type,
                             const PairVisitor& visit, const PairProgress& progress = {});

// How many pairs the whole data would make: n(n − 1)/2 for dedupe, left × right for link.
uint64_t total_pairs(const Records& records, LinkType link_type);

}  // namespace pvf::linkage
