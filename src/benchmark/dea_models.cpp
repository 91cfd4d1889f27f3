#include "benchmark/dea_models.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace pvf::benchmark {
namespace {

constexpr std::array<ReturnsToScaleInfo, 4> kReturnsToScale{{
    {ReturnsToScale::crs, "crs", "Constant returns to scale", "none",
     "Charnes-Cooper-Rhodes: any scaled mix of peers is feasible, so size earns no allowance."},
    {ReturnsToScale::vrs, "vrs", "Variable returns to scale", "sum = 1",
     "Banker-Charnes-Cooper: peers are mixed as a convex combination, so a body is compared with "
     "bodies of its own scale."},
    {ReturnsToScale::nirs, "nirs", "Non-increasing returns to scale", "sum <= 1",
     "Peers may be scaled down but not up: large bodies are not held to the productivity of "
     "small ones."},
    {ReturnsToScale::ndrs, "ndrs", "Non-decreasing returns to scale", "sum >= 1",
     "Peers may be scaled up but not down: small bodies are not held to the productivity of "
     "large ones."},
}};

constexpr std::array<OrientationInfo, 2> kOrientations{{
    {Orientation::input, "input", "Input orientation",
     "How far all inputs could shrink in proportion while producing the same outputs (efficiency "
     "theta <= 1)."},
    {Orientation::output, "output", "Output orientation",
     "How far all outputs could grow in proportion from the same inputs (efficiency phi >= 1; "
     "te = 1/phi)."},
}};

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const ReturnsToScaleInfo> returns_to_scale_models() { return kReturnsToScale; }
std::span<const OrientationInfo> orientations() { return kOrientations; }

const ReturnsToScaleInfo& info(ReturnsToScale rts) {
  return kReturnsToScale[static_cast<size_t>(rts)];
}
const OrientationInfo& info(Orientation orientation) {
  return kOrientations[static_cast<size_t>(orientation)];
}

std::optional<ReturnsToScale> parse_returns_to_scale(std::string_view name) {
  for (const auto& m : kReturnsToScale)
    if (same_name(m.name, name)) return m.value;
  return std::nullopt;
}

std::optional<Orientation> parse_orientation(std::string_view name) {
  for (const auto& o : kOrientations)
    if (same_name(o.name, name)) return o.value;
  return std::nullopt;
}

std::string_view returns_to_scale_choices() { return "crs, vrs, nirs or ndrs"; }
std::string_view orientation_choices() { return "input or output"; }

}  // namespace pvf::benchmark
