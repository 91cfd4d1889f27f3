// INTERNAL to the observation import (observations_*.cpp; not API): the two CSV layouts it
// reads — pvf's long format and Oflog's published Local Authority Data Explorer file — told
// apart by the header. The contract of each is import_observations's, in indicators_repo.h.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/indicators_detail.h"

namespace pvf::store::observations_detail {

// What a column holds. Each layout names the ones it has; the rest are absent.
enum Cell {
  kIndicator,  // pvf: indicator key; Oflog: Code
  kBody,       // pvf: body code or name; Oflog: Local authority code
  kPeriod,     // pvf: period; Oflog: Financial year
  kValue,
  kNumerator,    // pvf only
  kDenominator,  // pvf only
  kQuality,      // pvf only
  kBodyName,     // Oflog only: Local authority name
  kSubtype,      // Oflog only: Entity_Name
  kRegion,       // Oflog only
  kMeasure,      // Oflog only: the indicator's name
  kRank,         // Oflog only: rank_order, the polarity
  kCells
};

struct Layout {
  std::string format;              // "pvf" | "oflog"
  std::array<int, kCells> col{};   // index in the record, -1 when absent
  std::vector<std::string> names;  // header as written, for "file:LINE:column"
  bool oflog() const { return format == "oflog"; }
  bool has(Cell c) const { return col[c] >= 0; }
  // The cell of a record (one field per header column), "" when the layout lacks it.
  std::string_view at(std::span<const std::string_view> fields, Cell c) const {
    return has(c) ? fields[static_cast<size_t>(col[c])] : std::string_view();
  }
};

// Tells the layout from the header: Oflog's when it has "Local authority code" or "Financial
// year", else pvf's. Header names match ignoring case and surrounding space. Adds a problem
// ("file:1:column") for a repeated column, an unknown one (pvf's layout only: Oflog's file has
// columns pvf does not store) and a missing required one; nullopt when there was any.
std::optional<Layout> detect_layout(std::span<const std::string_view> header,
                                    const std::string& source,
                                    indicators_detail::ProblemList& problems);

}  // namespace pvf::store::observations_detail
