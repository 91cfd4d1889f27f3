#include "measure/productivity.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "measure/indicator.h"

namespace pvf::measure {

namespace {

// One item (activity or input line) of one body in one period, reduced to what a link needs.
struct Item {
  const std::string* name;
  double cost;    // weight basis: unit cost × volume, or nominal expenditure
  double volume;  // growth basis: volume × quality, or expenditure ÷ deflator
};

struct Slice {
  Period period;
  std::vector<Item> items;  // sorted by name
};

// What one series is called in warnings.
struct SeriesWords {
  const char* index;   // "output" / "input"
  const char* item;    // "activity" / "input line"
  const char* amount;  // "volume" / "expenditure"
  const char* file;    // "activity" / "input"
  const char* items;   // "activities" / "input lines"
};
constexpr SeriesWords kOutputWords{"output", "activity", "volume", "activity", "activities"};
constexpr SeriesWords kInputWords{"input", "input line", "expenditure", "input", "input lines"};

struct LinkPart {
  const std::string* name;
  double weight;
  double relative;  // volume_t / volume_t-1
};

struct Link {
  std::optional<double> value;  // absent: no item with a positive weight in both periods
  std::vector<LinkPart> parts;
};

struct PendingWarning {
  std::optional<Period> period;
  std::string message;
};

class Warnings {
 public:
  void add(std::optional<Period> period, std::string message) {
    items_.push_back({period, std::move(message)});
  }
  // Moves this body's warnings, ordered by period ("" first), into `out`.
  void flush(const std::string& body, std::vector<ProductivityWarning>& out) {
    std::stable_sort(
        items_.begin(), items_.end(),
        [](const PendingWarning& a, const PendingWarning& b) { return a.period < b.period; });
    for (auto& w : items_)
      out.push_back({body, w.period ? w.period->to_string() : std::string(), std::move(w.message)});
    items_.clear();
  }

 private:
  std::vector<PendingWarning> items_;
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string number_text(double v) {
  std::string s = std::to_string(v);
  if (std::isfinite(v)) {
    // to_string gives 6 decimals; trim trailing zeros for a readable message.
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

// Checks one number against its rule; appends a problem when it breaks it.
void check_number(double v, bool zero_allowed, const char* field, const std::string& where,
                  const std::string& key, std::vector<ErrorDetail>& problems) {
  std::string why;
  if (!std::isfinite(v))
    why = "is not finite";
  else if (v < 0)
    why = "is negative (" + number_text(v) + ")";
  else if (v == 0 && !zero_allowed)
    why = "must be positive, not 0";
  if (!why.empty()) problems.push_back({where, key + ": " + field + " " + why});
}

// The link from `prev` to `cur`; warns about items left out of it.
Link compute_link(const Slice& prev, const Slice& cur, const SeriesWords& words, Warnings& warn) {
  Link link;
  const std::string from = prev.period.to_string();
  const std::string to = cur.period.to_string();
  auto named = [&](const Item& item) {
    return item.name->empty() ? std::string("total inputs")
                              : std::string(words.item) + " " + quoted(*item.name);
  };
  size_t i = 0, j = 0;
  while (i < prev.items.size() || j < cur.items.size()) {
    const bool take_prev = j == cur.items.size() ||
                           (i < prev.items.size() && *prev.items[i].name < *cur.items[j].name);
    const bool take_cur = i == prev.items.size() ||
                          (j < cur.items.size() && *cur.items[j].name < *prev.items[i].name);
    if (take_prev) {
      warn.add(cur.period, named(prev.items[i]) + " has no record for " + to +
                               ": left out of the " + words.index + " link from " + from +
                               " (weights renormalised over the " + words.items +
                               " in both periods)");
      ++i;
    } else if (take_cur) {
      warn.add(cur.period, named(cur.items[j]) + " has no record for " + from +
                               ": left out of the " + words.index + " link into " + to +
                               " (weights renormalised over the " + words.items +
                               " in both periods)");
      ++j;
    } else {
      const Item& a = prev.items[i];
      const Item& b = cur.items[j];
      if (a.volume > 0) {
        link.parts.push_back({a.name, a.cost, b.volume / a.volume});
      } else if (b.volume > 0) {
        warn.add(cur.period, named(a) + " has zero " + words.amount + " in " + from +
                                 ": its growth into " + to + " cannot be measured, left out of " +
                                 "the " + words.index + " link");
      }
      ++i;
      ++j;
    }
  }
  double total = 0;
  for (const auto& p : link.parts) total += p.weight;
  if (link.parts.empty() || !(total > 0)) {
    link.parts.clear();
    return link;
  }
  double value = 0;
  for (auto& p : link.parts) {
    p.weight /= total;
    value += p.weight * p.relative;
  }
  link.value = value;
  return link;
}

// The chained index of one series, referenced to 100 in slices[ref]; absent across a break.
std::vector<std::optional<double>> chain(const std::vector<Slice>& slices,
                                         const std::vector<Link>& links, size_t ref,
                                         const SeriesWords& words, Warnings& warn) {
  std::vector<std::optional<double>> index(slices.size());
  if (slices.empty()) return index;
  index[ref] = 100.0;
  for (size_t k = ref + 1; k < slices.size() && links[k].value; ++k)
    index[k] = *index[k - 1] * *links[k].value;
  for (size_t k = ref; k > 0 && links[k].value; --k) index[k - 1] = *index[k] / *links[k].value;
  for (size_t k = 1; k < slices.size(); ++k) {
    const std::string from = slices[k - 1].period.to_string();
    if (slices[k].period != slices[k - 1].period.next())
      warn.add(slices[k].period, std::string("no ") + words.file + " records between " + from +
                                     " and " + slices[k].period.to_string() + ": the " +
                                     words.index + " index is linked directly across the gap");
    if (!links[k].value)
      warn.add(slices[k].period,
               std::string("no ") + words.item + " has a positive " + words.amount + " in " + from +
                   " and a record in " + slices[k].period.to_string() + ": the " + words.index +
                   " chain breaks here, so the " + words.index +
                   " index is absent on the side away from the reference period " +
                   slices[ref].period.to_string());
  }
  return index;
}

std::vector<Link> links_of(const std::vector<Slice>& slices, const SeriesWords& words,
                           Warnings& warn) {
  std::vector<Link> links(slices.size());
  for (size_t k = 1; k < slices.size(); ++k)
    links[k] = compute_link(slices[k - 1], slices[k], words, warn);
  return links;
}

std::string activity_where(size_t i) { return "activities[" + std::to_string(i) + "]"; }
std::string input_where(size_t i) { return "inputs[" + std::to_string(i) + "]"; }

std::string activity_key(const ActivityRecord& r) {
  return "body " + quoted(r.body) + " " + r.period.to_string() + " activity " + quoted(r.activity);
}
std::string input_key(const InputRecord& r) {
  std::string key = "body " + quoted(r.body) + " " + r.period.to_string();
  if (!r.input.empty()) key += " input " + quoted(r.input);
  return key;
}

// Record order: body, period, then activity / input name. Index vectors keep the spans intact.
std::vector<size_t> sorted_activities(std::span<const ActivityRecord> a) {
  std::vector<size_t> order(a.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return std::tie(a[x].body, a[x].period, a[x].activity) <
           std::tie(a[y].body, a[y].period, a[y].activity);
  });
  return order;
}
std::vector<size_t> sorted_inputs(std::span<const InputRecord> a) {
  std::vector<size_t> order(a.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return std::tie(a[x].body, a[x].period, a[x].input) <
           std::tie(a[y].body, a[y].period, a[y].input);
  });
  return order;
}

std::vector<ErrorDetail> validate(std::span<const ActivityRecord> acts,
                                  std::span<const InputRecord> ins,
                                  const std::vector<size_t>& act_order,
                                  const std::vector<size_t>& in_order) {
  std::vector<ErrorDetail> problems;
  for (size_t i = 0; i < acts.size(); ++i) {
    const auto& r = acts[i];
    const std::string where = activity_where(i), key = activity_key(r);
    if (r.body.empty()) problems.push_back({where, key + ": body is empty"});
    if (r.activity.empty()) problems.push_back({where, key + ": activity is empty"});
    check_number(r.volume, true, "volume", where, key, problems);
    check_number(r.unit_cost, false, "unit_cost", where, key, problems);
    check_number(r.quality, false, "quality", where, key, problems);
    if (std::isfinite(r.volume) && std::isfinite(r.unit_cost) &&
        !std::isfinite(r.volume * r.unit_cost))
      problems.push_back({where, key + ": volume × unit_cost is too large to represent"});
  }
  for (size_t i = 0; i < ins.size(); ++i) {
    const auto& r = ins[i];
    const std::string where = input_where(i), key = input_key(r);
    if (r.body.empty()) problems.push_back({where, key + ": body is empty"});
    check_number(r.expenditure, true, "expenditure", where, key, problems);
    check_number(r.deflator, false, "deflator", where, key, problems);
    if (std::isfinite(r.expenditure) && r.deflator > 0 &&
        !std::isfinite(r.expenditure / r.deflator))
      problems.push_back({where, key + ": expenditure ÷ deflator is too large to represent"});
  }
  for (size_t k = 1; k < act_order.size(); ++k) {
    const auto& a = acts[act_order[k - 1]];
    const auto& b = acts[act_order[k]];
    if (a.body == b.body && a.period == b.period && a.activity == b.activity)
      problems.push_back({activity_where(act_order[k]),
                          activity_key(b) + ": duplicate of " + activity_where(act_order[k - 1])});
  }
  for (size_t k = 1; k < in_order.size(); ++k) {
    const auto& a = ins[in_order[k - 1]];
    const auto& b = ins[in_order[k]];
    if (a.body == b.body && a.period == b.period && a.input == b.input)
      problems.push_back({input_where(in_order[k]),
                          input_key(b) + ": duplicate of " + input_where(in_order[k - 1])});
  }
  // Per body: one kind of period across both files; inputs either all total or all named.
  size_t i = 0, j = 0;
  while (i < act_order.size() || j < in_order.size()) {
    const std::string& body = j == in_order.size() ? acts[act_order[i]].body
                              : i == act_order.size()
                                  ? ins[in_order[j]].body
                                  : std::min(acts[act_order[i]].body, ins[in_order[j]].body);
    std::optional<Period> first;
    bool kind_reported = false;
    auto check_kind = [&](const Period& p, const std::string& where) {
      if (!first) {
        first = p;
      } else if (p.kind() != first->kind() && !kind_reported) {
        kind_reported = true;
        problems.push_back({where, "body " + quoted(body) + " mixes kinds of period (" +
                                       first->to_string() + " and " + p.to_string() +
                                       "): use financial years, quarters or calendar years, "
                                       "one kind per body"});
      }
    };
    for (; i < act_order.size() && acts[act_order[i]].body == body; ++i)
      check_kind(acts[act_order[i]].period, activity_where(act_order[i]));
    std::optional<bool> named;
    bool naming_reported = false;
    for (; j < in_order.size() && ins[in_order[j]].body == body; ++j) {
      const auto& r = ins[in_order[j]];
      check_kind(r.period, input_where(in_order[j]));
      if (!named) {
        named = !r.input.empty();
      } else if (*named != !r.input.empty() && !naming_reported) {
        naming_reported = true;
        problems.push_back({input_where(in_order[j]),
                            "body " + quoted(body) +
                                " mixes total-input records (no input name) with named input "
                                "lines: give every record an input name, or none"});
      }
    }
  }
  return problems;
}

// Appends one body's unit-cost rows and trends; `rows` are the body's activity records.
void unit_costs_of(std::span<const ActivityRecord> acts, std::vector<size_t> rows,
                   ProductivityResult& out) {
  std::stable_sort(rows.begin(), rows.end(), [&](size_t x, size_t y) {
    return std::tie(acts[x].activity, acts[x].period) < std::tie(acts[y].activity, acts[y].period);
  });
  size_t start = 0;
  for (size_t k = 0; k < rows.size(); ++k) {
    const auto& r = acts[rows[k]];
    UnitCostRow row{r.body, r.activity, r.period, r.unit_cost, std::nullopt};
    const bool same_activity_before = k > start;
    if (same_activity_before && acts[rows[k - 1]].period == r.period.previous())
      row.change_from_previous = r.unit_cost / acts[rows[k - 1]].unit_cost - 1.0;
    out.unit_costs.push_back(std::move(row));
    if (k + 1 == rows.size() || acts[rows[k + 1]].activity != r.activity) {
      const auto& f = acts[rows[start]];
      UnitCostTrend t{r.body,      r.activity,  f.period,    r.period,
                      f.unit_cost, r.unit_cost, std::nullopt};
      const double years = period_to_year(r.period) - period_to_year(f.period);
      if (years > 0) t.annual_change = std::pow(r.unit_cost / f.unit_cost, 1.0 / years) - 1.0;
      out.unit_cost_trends.push_back(std::move(t));
      start = k + 1;
    }
  }
}

}  // namespace

Result<ProductivityResult> compute_productivity(std::span<const ActivityRecord> activities,
                                                std::span<const InputRecord> inputs) {
  const auto act_order = sorted_activities(activities);
  const auto in_order = sorted_inputs(inputs);
  if (auto problems = validate(activities, inputs, act_order, in_order); !problems.empty()) {
    Error e = Error::invalid(problems.front().message, problems.front().where);
    e.details = std::move(problems);
    return fail(std::move(e));
  }

  ProductivityResult out;
  Warnings warn;
  size_t i = 0, j = 0;
  while (i < act_order.size() || j < in_order.size()) {
    const std::string body =
        j == in_order.size()    ? activities[act_order[i]].body
        : i == act_order.size() ? inputs[in_order[j]].body
                                : std::min(activities[act_order[i]].body, inputs[in_order[j]].body);

    // The body's two series, one slice per period.
    std::vector<Slice> output, input;
    std::vector<size_t> body_acts;
    for (; i < act_order.size() && activities[act_order[i]].body == body; ++i) {
      const auto& r = activities[act_order[i]];
      body_acts.push_back(act_order[i]);
      if (output.empty() || output.back().period != r.period) output.push_back({r.period, {}});
      output.back().items.push_back({&r.activity, r.unit_cost * r.volume, r.volume * r.quality});
    }
    for (; j < in_order.size() && inputs[in_order[j]].body == body; ++j) {
      const auto& r = inputs[in_order[j]];
      if (input.empty() || input.back().period != r.period) input.push_back({r.period, {}});
      input.back().items.push_back({&r.input, r.expenditure, r.expenditure / r.deflator});
    }

    const auto out_links = links_of(output, kOutputWords, warn);
    const auto in_links = links_of(input, kInputWords, warn);

    // Reference: the first period both series have; else each series' own first period.
    size_t out_ref = 0, in_ref = 0;
    bool common = false;
    for (size_t a = 0, b = 0; a < output.size() && b < input.size();) {
      if (output[a].period < input[b].period) {
        ++a;
      } else if (input[b].period < output[a].period) {
        ++b;
      } else {
        out_ref = a;
        in_ref = b;
        common = true;
        break;
      }
    }
    if (output.empty())
      warn.add(std::nullopt,
               "no activity records for this body: output index and productivity absent");
    else if (input.empty())
      warn.add(std::nullopt, "no input records for this body: input index and productivity absent");
    else if (!common)
      warn.add(std::nullopt,
               "the activity and input records share no period: each index is "
               "referenced to its own first period and productivity is absent");
    const auto out_index = chain(output, out_links, out_ref, kOutputWords, warn);
    const auto in_index = chain(input, in_links, in_ref, kInputWords, warn);

    // Rows over the union of periods.
    for (size_t a = 0, b = 0; a < output.size() || b < input.size();) {
      const bool has_out =
          a < output.size() && (b == input.size() || !(input[b].period < output[a].period));
      const bool has_in =
          b < input.size() && (a == output.size() || !(output[a].period < input[b].period));
      IndexRow row{body, has_out ? output[a].period : input[b].period, std::nullopt, std::nullopt,
                   std::nullopt};
      if (has_out) row.output_index = out_index[a++];
      if (has_in) row.input_index = in_index[b++];
      if (has_out && !has_in && !input.empty())
        warn.add(row.period,
                 "no input records for this period: input index and productivity absent");
      if (has_in && !has_out && !output.empty())
        warn.add(row.period,
                 "no activity records for this period: output index and productivity absent");
      if (row.output_index && row.input_index)
        row.productivity_index = 100.0 * *row.output_index / *row.input_index;
      out.indices.push_back(std::move(row));
    }

    for (size_t k = 1; k < output.size(); ++k) {
      for (const auto& p : out_links[k].parts)  // in activity order, as the merge walked them
        out.contributions.push_back({body, output[k].period, *p.name, p.weight, p.relative - 1.0,
                                     p.weight * (p.relative - 1.0) * 100.0});
    }

    unit_costs_of(activities, std::move(body_acts), out);
    warn.flush(body, out.warnings);
  }
  return out;
}

}  // namespace pvf::measure
