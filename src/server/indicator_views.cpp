// Indicator comparison and series views (measure_views.h).
#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "measure/comparison.h"
#include "server/json_text.h"
#include "server/measure_views.h"
#include "store/repositories.h"

namespace pvf::server {

using nlohmann::json;

Result<store::GroupSelector> group_selector(const std::optional<std::string>& group,
                                            const std::optional<std::string>& group_id,
                                            std::optional<int64_t> body_id,
                                            store::GroupScope fallback) {
  store::GroupSelector s;
  s.body_id = body_id;
  const std::string g = group.value_or("");
  if (g.empty()) s.scope = fallback;
  else if (g == "all") s.scope = store::GroupScope::all;
  else if (g == "type") s.scope = store::GroupScope::same_type;
  else if (g == "region") s.scope = store::GroupScope::same_region;
  else if (g == "group") s.scope = store::GroupScope::named;
  else return fail(Error::invalid("group must be all, type, region or group, not '" + g + "'", "group"));
  if (group_id && !group_id->empty()) {
    int64_t id = 0;
    const auto* end = group_id->data() + group_id->size();
    auto [p, ec] = std::from_chars(group_id->data(), end, id);
    if (ec != std::errc() || p != end || id < 1)
      return fail(Error::invalid("group_id must be a positive integer", "group_id"));
    s.group_id = id;
  }
  if (s.scope == store::GroupScope::named && !s.group_id)
    return fail(Error::invalid("group=group needs a group_id", "group_id"));
  if ((s.scope == store::GroupScope::same_type || s.scope == store::GroupScope::same_region) &&
      !s.body_id) {
    // A default scope that needs a body falls back to all bodies; an explicit one is an error.
    if (g.empty()) s.scope = store::GroupScope::all;
    else return fail(Error::invalid("group=" + g + " needs a body", "body"));
  }
  return s;
}

json group_ref(const store::GroupSelector& selector, const store::ResolvedGroup& group) {
  const char* scope = "all";
  switch (selector.scope) {
    case store::GroupScope::all: scope = "all"; break;
    case store::GroupScope::same_type: scope = "type"; break;
    case store::GroupScope::same_region: scope = "region"; break;
    case store::GroupScope::named: scope = "group"; break;
  }
  return json{{"scope", scope},
              {"group_id", selector.scope == store::GroupScope::named && selector.group_id
                               ? json(*selector.group_id)
                               : json(nullptr)},
              {"label", group.label},
              {"body_count", group.body_ids.size()}};
}

namespace {

json opt_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

bool in_group(const store::ResolvedGroup& g, int64_t id) {
  return std::binary_search(g.body_ids.begin(), g.body_ids.end(), id);
}

// A body's place, the Comparison's "body" member: {"body_id","value","rank","quartile",
// "mads_from_median"}.
void append_place(std::string& out, const measure::PlacedValue& p) {
  using namespace json_text;
  out += '{';
  append_key(out, "body_id");
  append_number(out, p.body_id);
  out += ',';
  append_key(out, "value");
  append_number(out, p.value);
  out += ',';
  append_key(out, "rank");
  append_number(out, int64_t{p.rank});
  out += ',';
  append_key(out, "quartile");
  append_number(out, int64_t{p.quartile});
  out += ',';
  append_key(out, "mads_from_median");
  append_optional(out, p.mads_from_median);
  out += '}';
}

json distribution_json(const measure::Distribution& d) {
  return json{{"count", d.count}, {"min", d.min}, {"q1", d.q1},   {"median", d.median},
              {"q3", d.q3},       {"max", d.max}, {"mad", d.mad}};
}

}  // namespace

Result<BodyDirectory> load_body_directory(store::Database& db) {
  auto bodies = store::list_bodies(db);
  if (!bodies) return fail(bodies.error());
  BodyDirectory out;
  out.by_id.reserve(bodies->size());
  for (auto& b : *bodies) {
    const int64_t id = b.id;
    out.by_id.emplace(id, std::move(b));
  }
  return out;
}

Result<std::optional<std::string>> comparison_period(const store::IndicatorSummary& ind,
                                                     const std::optional<std::string>& period) {
  if (period && !period->empty()) {
    auto p = Period::parse(*period);
    if (!p) return fail(Error::invalid(p.error().message, "period"));
    return std::optional<std::string>(p->to_string());
  }
  if (ind.periods.empty()) return std::optional<std::string>();
  return std::optional<std::string>(ind.periods.back());  // the latest with data
}

Result<ComparisonText> comparison_text(store::Database& db, const store::IndicatorSummary& ind,
                                       const std::optional<std::string>& period,
                                       const store::GroupSelector& selector,
                                       const store::ResolvedGroup& group,
                                       const BodyDirectory& directory) {
  auto chosen = comparison_period(ind, period);
  if (!chosen) return fail(chosen.error());
  json rest{{"indicator", store::to_json(ind)},
            {"period", *chosen ? json(**chosen) : json(nullptr)},
            {"periods", ind.periods},
            {"group", group_ref(selector, group)},
            {"distribution", nullptr},
            {"missing", json::array()}};
  auto find_body = [&](int64_t id) -> const store::Body* {
    auto it = directory.by_id.find(id);
    return it == directory.by_id.end() ? nullptr : &it->second;
  };

  std::vector<measure::BodyValue> values;
  if (*chosen) {
    auto obs = store::observations_for_period(db, ind.indicator.id, **chosen);
    if (!obs) return fail(obs.error());
    values.reserve(obs->size());
    for (const auto& o : *obs)
      if (in_group(group, o.body_id)) values.push_back({o.body_id, o.value});
  }
  std::vector<int64_t> have;
  have.reserve(values.size());
  for (const auto& v : values) have.push_back(v.body_id);
  std::sort(have.begin(), have.end());
  for (int64_t id : group.body_ids) {
    if (std::binary_search(have.begin(), have.end(), id)) continue;
    const store::Body* b = find_body(id);
    rest["missing"].push_back({{"body_id", id}, {"name", b ? b->name : ""}});
  }

  ComparisonText out;
  out.head = "{\"bodies\":[";
  if (!values.empty()) {
    auto cmp = measure::compare(values, ind.indicator.def.polarity);
    if (!cmp) return fail(cmp.error());
    rest["distribution"] = distribution_json(cmp->distribution);
    out.places.reserve(cmp->bodies.size());
    out.head.reserve(cmp->bodies.size() * 240);
    std::string place;
    for (const auto& p : cmp->bodies) {
      place.clear();
      append_place(place, p);
      out.head += out.head.back() == '[' ? "" : ",";
      out.head.append(place, 0, place.size() - 1);  // the row is the place plus the body's names
      const store::Body* b = find_body(p.body_id);
      using namespace json_text;
      out.head += ',';
      append_key(out.head, "code");
      append_optional(out.head, b ? b->code : std::nullopt);
      out.head += ',';
      append_key(out.head, "name");
      append_string(out.head, b ? b->name : "");
      out.head += ',';
      append_key(out.head, "type");
      append_string(out.head, b ? b->type : "other");
      out.head += ',';
      append_key(out.head, "subtype");
      append_optional(out.head, b ? b->subtype : std::nullopt);
      out.head += ',';
      append_key(out.head, "region");
      append_optional(out.head, b ? b->region : std::nullopt);
      out.head += '}';
      out.places.emplace(p.body_id, place);
    }
  }
  out.head += ']';
  // "bodies" and "body" first, then the rest as nlohmann::json writes them.
  out.tail = rest.dump();
  out.tail.front() = ',';  // the opening brace
  return out;
}

std::string ComparisonText::with_body(std::optional<int64_t> body_id) const {
  const std::string* place = nullptr;
  if (body_id)
    if (auto it = places.find(*body_id); it != places.end()) place = &it->second;
  std::string out;
  out.reserve(head.size() + tail.size() + 16 + (place ? place->size() : 0));
  out += head;
  out += ",\"body\":";
  out += place ? *place : "null";
  out += tail;
  return out;
}

Result<json> series_view(store::Database& db, std::string_view indicator_key, int64_t body_id,
                         const store::GroupSelector& selector) {
  auto ind = store::get_indicator_summary(db, indicator_key);
  if (!ind) return fail(ind.error());
  auto body = store::get_body(db, body_id);
  if (!body) return fail(body.error());
  auto group = store::resolve_group(db, selector);
  if (!group) return fail(group.error());
  auto obs = store::observations_for_indicator(db, ind->indicator.id);
  if (!obs) return fail(obs.error());

  // Group members' values per period (observations come ordered by period, then body).
  std::map<std::string, std::vector<measure::BodyValue>> by_period;
  std::map<std::string, double> own;
  for (const auto& o : *obs) {
    if (o.body_id == body_id) own[o.period] = o.value;
    if (in_group(*group, o.body_id)) by_period[o.period].push_back({o.body_id, o.value});
  }
  json points = json::array();
  for (const auto& [period, values] : by_period) {
    auto cmp = measure::compare(values, ind->indicator.def.polarity);
    if (!cmp) return fail(cmp.error());
    json value = nullptr, rank = nullptr;
    if (auto it = own.find(period); it != own.end()) {
      value = it->second;
      for (const auto& p : cmp->bodies)
        if (p.body_id == body_id) rank = p.rank;
    }
    const auto& d = cmp->distribution;
    points.push_back({{"period", period}, {"value", value}, {"rank", rank}, {"count", d.count},
                      {"q1", d.q1}, {"median", d.median}, {"q3", d.q3}});
  }
  return json{{"indicator", store::to_json(*ind)},
              {"body", {{"id", body->id}, {"name", body->name}, {"code", opt_text(body->code)}}},
              {"group", group_ref(selector, *group)},
              {"points", points}};
}

}  // namespace pvf::server
