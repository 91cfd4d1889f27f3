#include "server/json_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace pvf::server::json_text {
namespace {

TEST(JsonText, StringsAreEscapedAsRfc8259AndParseBack) {
  const std::string tricky = "Brighton & Hove \"City\"\\\n\t\x01 Ynys Môn";
  std::string out;
  append_string(out, tricky);
  EXPECT_EQ(out, "\"Brighton & Hove \\\"City\\\"\\\\\\n\\t\\u0001 Ynys Môn\"");
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), tricky);
}

TEST(JsonText, NumbersRoundTripAndNonFiniteIsNull) {
  for (double v : {0.0, -1.5, 9959.7, 0.1 + 0.2, 1e-300, 123456789012.0}) {
    std::string out;
    append_number(out, v);
    EXPECT_EQ(nlohmann::json::parse(out).get<double>(), v) << out;
  }
  std::string out;
  append_number(out, std::numeric_limits<double>::quiet_NaN());
  out += ',';
  append_number(out, std::numeric_limits<double>::infinity());
  out += ',';
  append_number(out, int64_t{-9007199254740993});
  out += ',';
  append_optional(out, std::optional<double>());
  EXPECT_EQ(out, "null,null,-9007199254740993,null");
}

}  // namespace
}  // namespace pvf::server::json_text
