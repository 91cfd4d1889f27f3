// Header detection for the observation import's two layouts (observations_layout.h).
#include "store/observations_layout.h"

#include <algorithm>

#include "store/repo_internal.h"

namespace pvf::store::observations_detail {

std::optional<Layout> detect_layout(std::span<const std::string_view> header,
                                    const std::string& source,
                                    indicators_detail::ProblemList& problems) {
  Layout l;
  l.col.fill(-1);
  std::vector<std::string> keys;
  for (auto h : header) {
    l.names.push_back(detail::trim(h));
    keys.push_back(detail::lower(l.names.back()));
  }
  auto find = [&](std::string_view k) {
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == k) return static_cast<int>(i);
    return -1;
  };
  const bool oflog = find("local authority code") >= 0 || find("financial year") >= 0;
  l.format = oflog ? "oflog" : "pvf";
  struct Spec {
    std::string_view name;
    Cell cell;
    bool required;
  };
  static const std::vector<Spec> kPvf{
      {"indicator", kIndicator, true},  {"body", kBody, true},
      {"period", kPeriod, true},        {"value", kValue, true},
      {"numerator", kNumerator, false}, {"denominator", kDenominator, false},
      {"quality", kQuality, false}};
  static const std::vector<Spec> kOflog{{"financial year", kPeriod, true},
                                        {"local authority code", kBody, true},
                                        {"local authority name", kBodyName, true},
                                        {"entity_name", kSubtype, false},
                                        {"region", kRegion, false},
                                        {"measure", kMeasure, true},
                                        {"code", kIndicator, true},
                                        {"value", kValue, true},
                                        {"rank_order", kRank, false}};
  const auto& specs = oflog ? kOflog : kPvf;
  const int64_t before = problems.count();
  std::string expected;
  for (const auto& s : specs) expected += (expected.empty() ? "" : ",") + std::string(s.name);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (find(keys[i]) != static_cast<int>(i)) {
      problems.add(source + ":1:" + l.names[i], "column '" + l.names[i] + "' appears twice");
      continue;
    }
    auto s =
        std::find_if(specs.begin(), specs.end(), [&](const Spec& x) { return x.name == keys[i]; });
    if (s != specs.end())
      l.col[s->cell] = static_cast<int>(i);
    else if (!oflog)  // Oflog's extra columns (MEDIAN, MADs_from_median, Grouping) are not ours
      problems.add(source + ":1:" + l.names[i],
                   "unknown column '" + l.names[i] + "': pvf's columns are " + expected);
  }
  for (const auto& s : specs)
    if (s.required && l.col[s.cell] < 0)
      problems.add(source + ":1:" + std::string(s.name),
                   "the " + std::string(s.name) + " column is missing (" +
                       (oflog ? "Oflog's layout has " : "pvf's long format has ") + expected + ")");
  if (problems.count() != before) return std::nullopt;
  return l;
}

}  // namespace pvf::store::observations_detail
