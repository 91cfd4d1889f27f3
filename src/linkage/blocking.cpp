#include "linkage/blocking.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "linkage/dates.h"
#include "linkage/string_metrics.h"

namespace pvf::linkage {
namespace {

// The first `n` characters (not bytes) of UTF-8 text.
std::string_view utf8_prefix(std::string_view text, int n) {
  std::size_t i = 0;
  for (int c = 0; c < n && i < text.size(); ++c) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return text.substr(0, i);
}

// For one key, the part id of each value id of its column (0 = no part: the key is missing).
std::vector<uint32_t> key_parts(const BlockingKey& key, const Column& column) {
  const std::size_t values = column.pool.size();
  std::vector<uint32_t> part(values, 0);
  if (key.kind == BlockingKey::Kind::column) {
    for (uint32_t v = 1; v < values; ++v) part[v] = v;
    return part;
  }
  std::unordered_map<std::string, uint32_t> ids;
  for (uint32_t v = 1; v < values; ++v) {
    std::string_view text = column.pool.text(v);
    std::string derived;
    switch (key.kind) {
      case BlockingKey::Kind::prefix:
        derived = std::string(utf8_prefix(text, key.length));
        break;
      case BlockingKey::Kind::year:
        if (column.kind == ColumnKind::date) {
          derived = std::string(text.substr(0, 4));  // standardised as YYYY-MM-DD
        } else if (auto date = parse_date(text)) {
          derived = std::to_string(date->year);
        }
        break;
      case BlockingKey::Kind::soundex:
        derived = soundex(text);
        break;
      case BlockingKey::Kind::column:
        break;
    }
    if (derived.empty()) continue;
    part[v] = ids.emplace(std::move(derived), static_cast<uint32_t>(ids.size() + 1)).first->second;
  }
  return part;
}

RuleBlocks build_rule(const BlockingRule& rule, const Records& records, LinkType link_type) {
  RuleBlocks out;
  out.rule = rule.empty() ? "every pair" : to_text(rule);
  const auto n = static_cast<uint32_t>(records.size());
  out.key.assign(n, rule.empty() ? 1U : 0U);
  uint32_t key_count = rule.empty() ? 1 : 0;
  if (!rule.empty()) {
    // Combine the parts key by key: (key so far, next part) -> a dense id.
    std::vector<uint32_t> combined(n, 0);
    for (std::size_t k = 0; k < rule.size(); ++k) {
      const Column& column =
          records.columns[static_cast<std::size_t>(records.column_index(rule[k].column))];
      std::vector<uint32_t> part = key_parts(rule[k], column);
      if (k == 0) {
        for (uint32_t r = 0; r < n; ++r) combined[r] = part[column.value[r]];
        key_count = static_cast<uint32_t>(part.empty() ? 0 : *std::max_element(part.begin(), part.end()));
        continue;
      }
      std::unordered_map<uint64_t, uint32_t> ids;
      ids.reserve(n / 4 + 16);
      for (uint32_t r = 0; r < n; ++r) {
        uint32_t p = part[column.value[r]];
        if (combined[r] == 0 || p == 0) {
          combined[r] = 0;
          continue;
        }
        uint64_t pair = (static_cast<uint64_t>(combined[r]) << 32) | p;
        combined[r] = ids.emplace(pair, static_cast<uint32_t>(ids.size() + 1)).first->second;
      }
      key_count = static_cast<uint32_t>(ids.size());
    }
    out.key = std::move(combined);
  }

  // Counting sort by (key, source): records of a block sit together, in input order, left first.
  // Slot 2k + s holds key k's records of source s; start[slot] becomes the slot's first index.
  std::vector<uint32_t> start(static_cast<std::size_t>(key_count) * 2 + 3, 0);
  auto slot = [&](uint32_t r) {
    return static_cast<std::size_t>(out.key[r]) * 2 + (records.source[r] ? 1 : 0);
  };
  for (uint32_t r = 0; r < n; ++r)
    if (out.key[r] != 0) ++start[slot(r) + 1];
  for (std::size_t s = 1; s < start.size(); ++s) start[s] += start[s - 1];
  std::vector<uint32_t> sorted(start.back());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t r = 0; r < n; ++r)
      if (out.key[r] != 0) sorted[next[slot(r)]++] = r;
  }
  // Keep only blocks that can make a pair.
  for (uint32_t key = 1; key <= key_count; ++key) {
    std::size_t left_begin = start[key * 2];
    std::size_t right_begin = start[key * 2 + 1];
    std::size_t end = start[key * 2 + 2];
    uint64_t left = right_begin - left_begin;
    uint64_t right = end - right_begin;
    uint64_t pairs = link_type == LinkType::link_only ? left * right
                                                      : (left + right) * (left + right - 1) / 2;
    if (pairs == 0) continue;
    out.block_start.push_back(static_cast<uint32_t>(out.order.size()));
    out.left_count.push_back(static_cast<uint32_t>(left));
    out.order.insert(out.order.end(), sorted.begin() + static_cast<std::ptrdiff_t>(left_begin),
                     sorted.begin() + static_cast<std::ptrdiff_t>(end));
    out.pairs += pairs;
    out.largest_block = std::max(out.largest_block, static_cast<uint32_t>(left + right));
  }
  out.block_start.push_back(static_cast<uint32_t>(out.order.size()));
  out.order.shrink_to_fit();
  return out;
}

// A unit of parallel work: a run of whole blocks of one rule, or a slice of one big block's
// first members.
struct WorkItem {
  uint32_t rule = 0;
  uint32_t block_begin = 0;
  uint32_t block_end = 0;
  uint32_t first_begin = 0;  // within a single block: positions of the pair's first member
  uint32_t first_end = 0;    // 0 = the whole block(s)
  uint64_t pairs = 0;
};

constexpr uint64_t kPairsPerItem = 1 << 16;
constexpr std::size_t kBatch = 2048;

std::vector<WorkItem> plan(const std::vector<RuleBlocks>& rules, LinkType link_type) {
  std::vector<WorkItem> items;
  for (uint32_t r = 0; r < rules.size(); ++r) {
    const RuleBlocks& rb = rules[r];
    const auto blocks = static_cast<uint32_t>(rb.block_start.size() - 1);
    WorkItem run{r, 0, 0, 0, 0, 0};
    auto flush = [&](uint32_t end) {
      run.block_end = end;
      if (run.block_end > run.block_begin) items.push_back(run);
      run = WorkItem{r, end, end, 0, 0, 0};
    };
    for (uint32_t b = 0; b < blocks; ++b) {
      uint64_t size = rb.block_start[b + 1] - rb.block_start[b];
      uint64_t left = rb.left_count[b];
      uint64_t right = size - left;
      bool link = link_type == LinkType::link_only;
      uint64_t pairs = link ? left * right : size * (size - 1) / 2;
      if (pairs <= kPairsPerItem) {
        run.pairs += pairs;
        if (run.pairs >= kPairsPerItem) flush(b + 1);
        continue;
      }
      flush(b);
      // Slice the big block by its pairs' first member.
      uint64_t firsts = link ? left : size - 1;
      uint32_t begin = 0;
      uint64_t acc = 0;
      for (uint32_t i = 0; i < firsts; ++i) {
        acc += link ? right : size - 1 - i;
        if (acc >= kPairsPerItem || i + 1 == firsts) {
          items.push_back(WorkItem{r, b, b + 1, begin, i + 1, acc});
          begin = i + 1;
          acc = 0;
        }
      }
      run = WorkItem{r, b + 1, b + 1, 0, 0, 0};
    }
    flush(blocks);
  }
  return items;
}

}  // namespace

std::vector<RuleBlocks> build_blocks(const std::vector<BlockingRule>& rules,
                                     const Records& records, LinkType link_type) {
  std::vector<RuleBlocks> out;
  if (rules.empty()) {
    out.push_back(build_rule({}, records, link_type));
    return out;
  }
  for (const auto& rule : rules) out.push_back(build_rule(rule, records, link_type));
  return out;
}

std::size_t pair_slots() {
  return static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
}

uint64_t total_pairs(const Records& records, LinkType link_type) {
  uint64_t n = records.size();
  if (link_type == LinkType::link_only) {
    uint64_t left = records.count_in(0);
    return left * (n - left);
  }
  return n * (n > 0 ? n - 1 : 0) / 2;
}

bool for_each_candidate_pair(const std::vector<RuleBlocks>& rules, LinkType link_type,
                             const PairVisitor& visit, const PairProgress& progress) {
  const std::vector<WorkItem> items = plan(rules, link_type);
  uint64_t total = 0;
  for (const auto& rb : rules) total += rb.pairs;
  std::atomic<uint64_t> done{0};
  std::mutex progress_lock;
  auto last_report = std::chrono::steady_clock::now();
  tbb::task_group_context context;
  std::atomic<bool> stopped{false};
  const bool link = link_type == LinkType::link_only;

  auto run_item = [&](const WorkItem& item) {
    const auto slot = static_cast<std::size_t>(tbb::this_task_arena::current_thread_index());
    const RuleBlocks& rb = rules[item.rule];
    std::array<uint32_t, kBatch> as{};
    std::array<uint32_t, kBatch> bs{};
    std::size_t count = 0;
    auto flush = [&] {
      if (count == 0) return;
      visit(slot, PairBatch{std::span<const uint32_t>(as.data(), count),
                            std::span<const uint32_t>(bs.data(), count)});
      count = 0;
    };
    auto emit = [&](uint32_t a, uint32_t b) {
      for (uint32_t k = 0; k < item.rule; ++k) {
        const auto& key = rules[k].key;
        if (key[a] != 0 && key[a] == key[b]) return;  // an earlier rule found this pair
      }
      as[count] = a;
      bs[count] = b;
      if (++count == kBatch) flush();
    };
    for (uint32_t block = item.block_begin; block < item.block_end; ++block) {
      const uint32_t* members = rb.order.data() + rb.block_start[block];
      const uint32_t size = rb.block_start[block + 1] - rb.block_start[block];
      const uint32_t left = rb.left_count[block];
      const bool sliced = item.first_end != 0;
      if (link) {
        uint32_t begin = sliced ? item.first_begin : 0;
        uint32_t end = sliced ? item.first_end : left;
        for (uint32_t i = begin; i < end; ++i)
          for (uint32_t j = left; j < size; ++j) emit(members[i], members[j]);
      } else {
        uint32_t begin = sliced ? item.first_begin : 0;
        uint32_t end = sliced ? item.first_end : (size ? size - 1 : 0);
        for (uint32_t i = begin; i < end; ++i)
          for (uint32_t j = i + 1; j < size; ++j) emit(members[i], members[j]);
      }
    }
    flush();
    uint64_t now_done = done.fetch_add(item.pairs) + item.pairs;
    if (progress && progress_lock.try_lock()) {
      std::lock_guard<std::mutex> guard(progress_lock, std::adopt_lock);
      auto now = std::chrono::steady_clock::now();
      if (now - last_report >= std::chrono::milliseconds(100)) {
        last_report = now;
        if (!progress(now_done, total)) {
          stopped = true;
          context.cancel_group_execution();
        }
      }
    }
  };

  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, items.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          if (stopped) return;
          run_item(items[i]);
        }
      },
      context);
  if (stopped) return false;
  if (progress && !progress(total, total)) return false;
  return true;
}

}  // namespace pvf::linkage
