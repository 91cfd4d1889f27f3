#include <gtest/gtest.h>

#include "server/http.h"

namespace pvf::server {
namespace {

Handler answer(std::string text) {
  return [text](Request&) { return Response::text(200, text); };
}

nlohmann::json error_of(const Response& r) { return nlohmann::json::parse(r.body)["error"]; }

TEST(Router, MatchesLiteralRoute) {
  Router router;
  router.add("GET", "/api/v1/health", answer("ok"));
  Request req = Request::make("GET", "/api/v1/health");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "ok");
}

TEST(Router, FillsParamsFromSegments) {
  Router router;
  router.add("GET", "/api/v1/bodies/{body}/assessments/{id}", [](Request& r) {
    return Response::text(200, *r.param("body") + "|" + *r.param("id"));
  });
  Request req = Request::make("GET", "/api/v1/bodies/HM%20Treasury/assessments/42?x=1");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "HM Treasury|42");
  EXPECT_EQ(req.params.at("id"), "42");
}

TEST(Router, ParamDoesNotMatchEmptySegmentOrExtraSegments) {
  Router router;
  router.add("GET", "/api/v1/jobs/{id}", answer("job"));
  Request empty = Request::make("GET", "/api/v1/jobs/");
  EXPECT_EQ(router.dispatch(empty).status, 404);
  Request extra = Request::make("GET", "/api/v1/jobs/1/more");
  EXPECT_EQ(router.dispatch(extra).status, 404);
  Request shorter = Request::make("GET", "/api/v1/jobs");
  EXPECT_EQ(router.dispatch(shorter).status, 404);
}

TEST(Router, LiteralSegmentBeatsParamRegardlessOfOrder) {
  Router router;
  router.add("GET", "/api/v1/jobs/{id}", answer("by-id"));
  router.add("GET", "/api/v1/jobs/stats", answer("stats"));
  Request stats = Request::make("GET", "/api/v1/jobs/stats");
  EXPECT_EQ(router.dispatch(stats).body, "stats");
  Request job = Request::make("GET", "/api/v1/jobs/7");
  EXPECT_EQ(router.dispatch(job).body, "by-id");
}

TEST(Router, UnknownApiPathAnswers404JsonEvenWithFallback) {
  Router router;
  router.add("GET", "/api/v1/health", answer("ok"));
  router.set_fallback(answer("fallback"));
  Request req = Request::make("GET", "/api/v1/nope");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  EXPECT_EQ(error_of(res)["code"], "not_found");
  EXPECT_TRUE(error_of(res)["details"].is_array());
}

TEST(Router, KnownPathWithOtherMethodAnswers405WithAllow) {
  Router router;
  router.add("GET", "/api/v1/bodies", answer("list"));
  router.add("POST", "/api/v1/bodies", answer("create"));
  router.add("DELETE", "/api/v1/bodies/{id}", answer("delete"));
  Request req = Request::make("PUT", "/api/v1/bodies");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(error_of(res)["code"], "method_not_allowed");
}

TEST(Router, HeadIsHandledAsGetWithoutBody) {
  Router router;
  router.add("GET", "/api/v1/health", answer("hello"));
  Request req = Request::make("HEAD", "/api/v1/health");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "");
  EXPECT_EQ(res.header("Content-Length"), "5");
  EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8");
}

TEST(Router, ExplicitHeadRouteWinsOverGet) {
  Router router;
  router.add("GET", "/x", answer("get"));
  router.add("HEAD", "/x", [](Request&) {
    Response r = Response::text(204, "");
    r.set_header("X-Head", "1");
    return r;
  });
  Request req = Request::make("HEAD", "/x");
  EXPECT_EQ(router.dispatch(req).header("X-Head"), "1");
}

TEST(Router, MethodMatchingIsCaseInsensitiveOnAdd) {
  Router router;
  router.add("post", "/api/v1/x", answer("posted"));
  Request req = Request::make("POST", "/api/v1/x");
  EXPECT_EQ(router.dispatch(req).body, "posted");
}

TEST(Router, NonApiPathGoesToFallback) {
  Router router;
  router.add("GET", "/api/v1/health", answer("ok"));
  router.set_fallback([](Request& r) { return Response::text(200, "spa:" + r.path); });
  Request req = Request::make("GET", "/bodies/42");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "spa:/bodies/42");
}

TEST(Router, WithoutFallbackNonApiPathIs404) {
  Router router;
  Request req = Request::make("GET", "/index.html");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(error_of(res)["code"], "not_found");
}

TEST(Router, RootPatternMatchesRootOnly) {
  Router router;
  router.add("GET", "/", answer("root"));
  Request root = Request::make("GET", "/");
  EXPECT_EQ(router.dispatch(root).body, "root");
  Request other = Request::make("GET", "/other");
  EXPECT_EQ(router.dispatch(other).status, 404);
}

TEST(Router, EncodedSlashInPathSplitsSegmentsAfterDecoding) {
  // The path is decoded before routing, so "%2F" splits segments like "/".
  Router router;
  router.add("GET", "/api/v1/files/{name}", answer("file"));
  Request req = Request::make("GET", "/api/v1/files/a%2Fb");
  EXPECT_EQ(router.dispatch(req).status, 404);
}

}  // namespace
}  // namespace pvf::server
