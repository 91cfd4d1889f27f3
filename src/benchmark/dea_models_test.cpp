#include "benchmark/dea_models.h"

#include <gtest/gtest.h>

namespace pvf::benchmark {
namespace {

TEST(DeaModels, EveryModelParsesBackFromItsNameInAnyCase) {
  for (const auto& m : returns_to_scale_models()) {
    EXPECT_EQ(parse_returns_to_scale(m.name), m.value);
    std::string upper(m.name);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(parse_returns_to_scale(upper), m.value);
    EXPECT_EQ(info(m.value).name, m.name);
    EXPECT_FALSE(m.description.empty());
  }
  for (const auto& o : orientations()) {
    EXPECT_EQ(parse_orientation(o.name), o.value);
    EXPECT_EQ(info(o.value).name, o.name);
  }
}

TEST(DeaModels, UnknownNamesAreRefused) {
  EXPECT_FALSE(parse_returns_to_scale("irs"));
  EXPECT_FALSE(parse_returns_to_scale(""));
  EXPECT_FALSE(parse_orientation("in"));
}

TEST(DeaModels, ChoicesListEveryModel) {
  for (const auto& m : returns_to_scale_models())
    EXPECT_NE(returns_to_scale_choices().find(m.name), std::string_view::npos);
  for (const auto& o : orientations())
    EXPECT_NE(orientation_choices().find(o.name), std::string_view::npos);
}

}  // namespace
}  // namespace pvf::benchmark
