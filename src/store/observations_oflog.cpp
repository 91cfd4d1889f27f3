// The observation import's Oflog pass (observations_importer.h): Oflog's published file names
// councils and measures by code, and the store may lack them. A first pass over the file finds
// them (and blank subtypes or regions of stored councils it can fill); oflog_create writes them
// before the rows, so the main pass (observations_import.cpp) sees every code resolved.
#include <unordered_map>

#include "core/csv_stream.h"
#include "store/observations_importer.h"
#include "store/repo_internal.h"

namespace pvf::store::observations_detail {
namespace {

constexpr std::string_view kOflogSource =
    "Oflog, Local Authority Data Explorer: adult social care (OGL v3.0)";

}  // namespace

void Import::oflog_scan() {
  csv::Reader reader(text_, source_);
  reader.next();  // the header
  const size_t width = layout_.names.size();
  auto cell = [&](std::span<const std::string_view> f, Cell c) { return layout_.at(f, c); };
  while (reader.next()) {
    const auto f = reader.fields();
    const int line = reader.line();
    if (f.size() != width) continue;  // reported by the main pass
    const std::string_view code = cell(f, kBody);
    if (code.empty()) {
      problems_.add(where(line, kBody), "the local authority code is empty");
    } else if (auto b = bodies_.find(code, false); !b) {
      Body nb;
      nb.code = std::string(code);
      nb.name = std::string(cell(f, kBodyName));
      nb.type = "council";
      if (!cell(f, kSubtype).empty()) nb.subtype = std::string(cell(f, kSubtype));
      if (!cell(f, kRegion).empty()) nb.region = std::string(cell(f, kRegion));
      if (nb.name.empty())
        problems_.add(where(line, kBodyName),
                      "the name is empty: it is needed to create council " + *nb.code);
      bodies_.stored.push_back(std::move(nb));
      const auto index = static_cast<uint32_t>(bodies_.stored.size() - 1);
      bodies_.by_code.emplace(std::string(code), index);
      new_bodies_.push_back({index, line, {}});
    } else if (bodies_.stored[*b].id != 0) {  // stored: fill a blank subtype or region
      const Body& stored = bodies_.stored[*b];
      const auto subtype = cell(f, kSubtype), region = cell(f, kRegion);
      if ((!stored.subtype && !subtype.empty()) || (!stored.region && !region.empty())) {
        auto [it, fresh] = fills_.try_emplace(*b);
        BodyInput& in = it->second;
        if (fresh)
          in = BodyInput{stored.code,   stored.name,      stored.type,
                         stored.region, stored.parent_id, stored.subtype};
        if (!in.subtype && !subtype.empty()) in.subtype = std::string(subtype);
        if (!in.region && !region.empty()) in.region = std::string(region);
      }
    }
    // The latest year a new council appears in decides who keeps a shared name.
    if (auto b = bodies_.find(code, false); b && *b >= first_new_body_) {
      NewBody& nb = new_bodies_[*b - first_new_body_];
      const auto& p = periods_[periods_.lookup(cell(f, kPeriod))];
      if (p.error.empty() && p.canonical > nb.last_period) nb.last_period = p.canonical;
    }

    const std::string_view key = cell(f, kIndicator);
    auto rank = measure::parse_polarity(cell(f, kRank));
    if (!rank) problems_.add(where(line, kRank), rank.error().message);
    if (key.empty()) {
      problems_.add(where(line, kIndicator), "the measure code is empty");
      continue;
    }
    auto i = indicators_.find(key);
    if (!i) {
      if (!detail::is_key(key))
        problems_.add(where(line, kIndicator),
                      "'" + std::string(key) +
                          "' is not an indicator key (1-64 letters, digits, "
                          "'_', '.' or '-')");
      i = indicators_.add({0, measure::Frequency::annual, std::string(key)});
      NewIndicator ni{*i, line, {}, false};
      ni.def.key = std::string(key);
      ni.def.polarity = measure::Polarity::neutral;
      ni.def.source = std::string(kOflogSource);
      new_indicators_.push_back(std::move(ni));
    }
    if (*i < first_new_indicator_) continue;
    NewIndicator& ni = new_indicators_[*i - first_new_indicator_];
    std::string_view measure = cell(f, kMeasure);
    if (ni.def.name.empty() && !measure.empty()) {
      if (measure.size() > 9 && detail::lower(measure.substr(0, 9)) == "outcome, ")
        measure.remove_prefix(9);
      ni.def.name = detail::trim(measure);
    }
    if (!ni.polarity_set && rank && !cell(f, kRank).empty()) {
      ni.def.polarity = *rank;
      ni.polarity_set = true;
    }
  }
  for (const auto& ni : new_indicators_)
    if (ni.def.name.empty())
      problems_.add(where(ni.line, kMeasure),
                    "measure " + ni.def.key + " has no name in any row (the Measure column)");
}

Status Import::oflog_create() {
  // A name another body has (stored, or a newer council in this file) gets the code after it.
  std::unordered_map<std::string, std::vector<const NewBody*>> by_name;
  for (const auto& nb : new_bodies_) by_name[bodies_.stored[nb.index].name].push_back(&nb);
  for (const auto& nb : new_bodies_) {
    Body& b = bodies_.stored[nb.index];
    const auto& same = by_name[b.name];
    const NewBody* keeper = nullptr;
    if (!bodies_.by_name.count(b.name))
      for (const NewBody* o : same)
        if (!keeper || o->last_period > keeper->last_period) keeper = o;
    BodyInput in{b.code,       keeper == &nb ? b.name : b.name + " (" + *b.code + ")",
                 b.type,       b.region,
                 std::nullopt, b.subtype};
    PVF_TRY(b, create_body(db_, actor_, in));
    ++summary_.bodies_created;
  }
  for (const auto& nb : new_bodies_)
    bodies_.by_name.emplace(bodies_.stored[nb.index].name, nb.index);
  for (auto& [index, in] : fills_) {
    PVF_TRY(bodies_.stored[index], update_body(db_, actor_, bodies_.stored[index].id, in));
    ++summary_.bodies_updated;
  }
  for (auto& ni : new_indicators_) {
    PVF_TRY(Indicator created, upsert_indicator(db_, actor_, ni.def));
    indicators_.entries[ni.index].id = created.id;
    ++summary_.indicators_created;
  }
  return {};
}

}  // namespace pvf::store::observations_detail
