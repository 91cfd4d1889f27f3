#include "server/http.h"

#include <gtest/gtest.h>

namespace pvf::server {
namespace {

TEST(RequestMake, DecodesPercentEscapesInPath) {
  Request r = Request::make("GET", "/api/v1/bodies/HM%20Treasury/caf%C3%A9");
  EXPECT_EQ(r.path, "/api/v1/bodies/HM Treasury/caf\xC3\xA9");
  EXPECT_EQ(r.target, "/api/v1/bodies/HM%20Treasury/caf%C3%A9");
  EXPECT_TRUE(r.query.empty());
}

TEST(RequestMake, KeepsPlusLiteralInPathButDecodesEncodedSlash) {
  Request r = Request::make("GET", "/a+b/c%2Fd");
  EXPECT_EQ(r.path, "/a+b/c/d");
}

TEST(RequestMake, KeepsMalformedEscapesLiterally) {
  Request r = Request::make("GET", "/100%/x%zz/%4");
  EXPECT_EQ(r.path, "/100%/x%zz/%4");
}

TEST(RequestMake, ParsesQueryWithPlusAsSpaceAndEncodedSlash) {
  Request r = Request::make("GET", "/search?q=public+value%2Fframework&limit=10&flag&=x&&empty=");
  EXPECT_EQ(r.path, "/search");
  EXPECT_EQ(r.query.at("q"), "public value/framework");
  EXPECT_EQ(r.query.at("limit"), "10");
  EXPECT_EQ(r.query.at("flag"), "");
  EXPECT_EQ(r.query.at("empty"), "");
  EXPECT_EQ(r.query_param("q"), "public value/framework");
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(RequestMake, DecodesQueryKeysAndKeepsFirstRepeatedKey) {
  Request r = Request::make("GET", "/x?a%20b=1&a%20b=2&c%3Dd=%3D");
  EXPECT_EQ(r.query.at("a b"), "1");
  EXPECT_EQ(r.query.at("c=d"), "=");
}

TEST(RequestMake, EmptyPathBecomesRootAndFragmentIsDropped) {
  EXPECT_EQ(Request::make("GET", "?a=1").path, "/");
  Request r = Request::make("GET", "/page?a=1#top");
  EXPECT_EQ(r.path, "/page");
  EXPECT_EQ(r.query.at("a"), "1");
}

TEST(RequestMake, AcceptsAbsoluteFormTarget) {
  Request r = Request::make("GET", "http://example.org:8080/api/v1/x?y=1");
  EXPECT_EQ(r.path, "/api/v1/x");
  EXPECT_EQ(r.query.at("y"), "1");
}

TEST(RequestMake, UpperCasesMethodAndLowerCasesHeaderNames) {
  Request r = Request::make("post", "/x", "body", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.body, "body");
  EXPECT_EQ(r.headers.count("content-type"), 1u);
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("accept"), std::nullopt);
}

TEST(RequestHeader, FindsHandBuiltHeadersInAnyCase) {
  Request r;
  r.headers.emplace("X-Custom", "1");
  EXPECT_EQ(r.header("x-custom"), "1");
}

TEST(RequestCookie, ParsesSeveralCookiesWithSpaces) {
  Request r = Request::make(
      "GET", "/", "",
      {{"Cookie", "theme=dark;  pvf_session=abc123 ;csrf=\"q=1\";flag; empty=; other=x=y"}});
  EXPECT_EQ(r.cookie("theme"), "dark");
  EXPECT_EQ(r.cookie("pvf_session"), "abc123");
  EXPECT_EQ(r.cookie("csrf"), "q=1");
  EXPECT_EQ(r.cookie("empty"), "");
  EXPECT_EQ(r.cookie("other"), "x=y");
  EXPECT_EQ(r.cookie("flag"), std::nullopt);
  EXPECT_EQ(r.cookie("missing"), std::nullopt);
}

TEST(RequestCookie, NamesAreCaseSensitiveAndFirstMatchWins) {
  Request r = Request::make("GET", "/", "", {{"cookie", "Sid=upper; sid=lower; sid=second"}});
  EXPECT_EQ(r.cookie("sid"), "lower");
  EXPECT_EQ(r.cookie("Sid"), "upper");
  EXPECT_EQ(r.cookie("SID"), std::nullopt);
}

TEST(RequestCookie, NoCookieHeaderMeansNoCookie) {
  EXPECT_EQ(Request::make("GET", "/").cookie("sid"), std::nullopt);
}

TEST(RequestParam, ReadsRouterParams) {
  Request r;
  r.params["id"] = "42";
  EXPECT_EQ(r.param("id"), "42");
  EXPECT_EQ(r.param("other"), std::nullopt);
}

TEST(ResponseFactory, JsonSetsStatusContentTypeAndBody) {
  Response r = Response::json(201, {{"id", 7}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"id", 7}}));
}

TEST(ResponseFactory, JsonReplacesInvalidUtf8InsteadOfThrowing) {
  Response r = Response::json(200, {{"name", std::string("bad\xFF")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(ResponseFactory, TextUsesGivenContentType) {
  Response r = Response::text(200, "hi");
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "hi");
  EXPECT_EQ(Response::text(200, "a,b", "text/csv").header("Content-Type"), "text/csv");
}

TEST(ResponseFactory, ErrorBuildsErrorEnvelope) {
  nlohmann::json details = nlohmann::json::array({{{"where", "$.name"}, {"message", "required"}}});
  Response r = Response::error(422, "invalid_input", "The body is not valid.", details);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "invalid_input");
  EXPECT_EQ(body["error"]["message"], "The body is not valid.");
  EXPECT_EQ(body["error"]["details"], details);
}

TEST(ResponseFactory, ErrorDefaultsToEmptyDetails) {
  auto body = nlohmann::json::parse(Response::error(404, "not_found", "Nope.").body);
  EXPECT_TRUE(body["error"]["details"].is_array());
  EXPECT_TRUE(body["error"]["details"].empty());
}

TEST(ResponseHeaders, SetHeaderReplacesCaseInsensitively) {
  Response r;
  r.set_header("X-A", "1");
  r.set_header("x-a", "2");
  r.set_header("X-B", "3");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.header("X-A"), "2");
  EXPECT_EQ(r.header("x-b"), "3");
  EXPECT_EQ(r.header("x-c"), std::nullopt);
}

}  // namespace
}  // namespace pvf::server
