// The DEA models pvf offers, described once: the CLI's option checks and help, the API's model
// listing and the documentation all read these tables, so a model is added in one place.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace pvf::benchmark {

// Returns to scale of the envelopment technology: the constraint on the sum of the peer weights.
enum class ReturnsToScale { crs, vrs, nirs, ndrs };
// Input orientation shrinks inputs at fixed outputs (Farrell θ ≤ 1); output orientation expands
// outputs at fixed inputs (Farrell φ ≥ 1).
enum class Orientation { input, output };

struct ReturnsToScaleInfo {
  ReturnsToScale value;
  std::string_view name;         // as typed on the command line and in the API: "crs"
  std::string_view title;        // "Constant returns to scale"
  std::string_view lambda_rule;  // the constraint it puts on the peer weights: "none", "sum = 1"
  std::string_view description;  // one sentence for help text and the API listing
};

struct OrientationInfo {
  Orientation value;
  std::string_view name;
  std::string_view title;
  std::string_view description;
};

std::span<const ReturnsToScaleInfo> returns_to_scale_models();
std::span<const OrientationInfo> orientations();

const ReturnsToScaleInfo& info(ReturnsToScale rts);
const OrientationInfo& info(Orientation orientation);

// By name, ignoring case; nullopt for an unknown name.
std::optional<ReturnsToScale> parse_returns_to_scale(std::string_view name);
std::optional<Orientation> parse_orientation(std::string_view name);

// "crs, vrs, nirs or ndrs": for messages that list the choices.
std::string_view returns_to_scale_choices();
std::string_view orientation_choices();

}  // namespace pvf::benchmark
