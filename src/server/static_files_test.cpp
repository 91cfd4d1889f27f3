#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "server/http_server.h"

namespace pvf::server {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A throwaway web root: <tmp>/pvf-static-XXXX/{dist/..., secret.txt}
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    base_ = fs::temp_directory_path() /
            ("pvf-static-" + std::to_string(rd()) + "-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    root_ = base_ / "dist";
    write_file(root_ / "index.html", "<!doctype html><title>pvf</title>");
    write_file(root_ / "assets" / "index-4f3a9c.js", "console.log('pvf')");
    write_file(root_ / "assets" / "index-4f3a9c.js.map", "{}");
    write_file(root_ / "assets" / "style-77aa.css", "body{}");
    write_file(root_ / "assets" / "font.woff2", "wOF2");
    write_file(root_ / "assets" / "font.woff", "wOFF");
    write_file(root_ / "assets" / "logo.svg", "<svg/>");
    write_file(root_ / "assets" / "worker.mjs", "export {}");
    write_file(root_ / "favicon.ico", "ico");
    write_file(root_ / "icon.png", "png");
    write_file(root_ / "manifest.json", "{}");
    write_file(root_ / "robots.txt", "User-agent: *");
    write_file(root_ / "blob.bin", "bin");
    write_file(root_ / "docs" / "index.html", "<p>docs</p>");
    write_file(root_ / ".env", "SECRET=1");
    write_file(base_ / "secret.txt", "top secret");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  Response get(const std::string& target, std::map<std::string, std::string> headers = {}) {
    return serve_static(root_.string(), Request::make("GET", target, "", std::move(headers)));
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesIndexAtRootWithNoCache) {
  Response r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html><title>pvf</title>");
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_TRUE(r.header("ETag").has_value());
}

TEST_F(StaticFilesTest, SetsContentTypeByExtension) {
  const std::map<std::string, std::string> expected = {
      {"/assets/index-4f3a9c.js", "text/javascript; charset=utf-8"},
      {"/assets/worker.mjs", "text/javascript; charset=utf-8"},
      {"/assets/style-77aa.css", "text/css; charset=utf-8"},
      {"/assets/logo.svg", "image/svg+xml"},
      {"/assets/font.woff2", "font/woff2"},
      {"/assets/font.woff", "font/woff"},
      {"/assets/index-4f3a9c.js.map", "application/json"},
      {"/favicon.ico", "image/x-icon"},
      {"/icon.png", "image/png"},
      {"/manifest.json", "application/json"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/blob.bin", "application/octet-stream"},
  };
  for (const auto& [path, type] : expected) {
    Response r = get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("Content-Type"), type) << path;
  }
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  Response r = get("/assets/index-4f3a9c.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log('pvf')");
  auto cache = r.header("Cache-Control");
  ASSERT_TRUE(cache.has_value());
  EXPECT_NE(cache->find("immutable"), std::string::npos);
  EXPECT_NE(cache->find("max-age=31536000"), std::string::npos);
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (const std::string target :
       {"/../secret.txt", "/../../etc/passwd", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd", "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%5csecret.txt",
        "/./index.html", "/index.html%00.png"}) {
    Response r = get(target);
    EXPECT_GE(r.status, 400) << target;
    EXPECT_EQ(r.body.find("top secret"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
  }
  EXPECT_EQ(get("/../secret.txt").status, 400);
  EXPECT_EQ(get("/%2e%2e/secret.txt").status, 400);
}

TEST_F(StaticFilesTest, DoesNotServeDotFiles) {
  Response r = get("/.env");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("SECRET"), std::string::npos);
}

TEST_F(StaticFilesTest, ExtensionlessMissingPathFallsBackToIndex) {
  Response r = get("/bodies/hmrc/scorecard?year=2024-25");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html><title>pvf</title>");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, MissingFileWithExtensionIs404) {
  Response r = get("/assets/missing-123.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "not_found");
}

TEST_F(StaticFilesTest, DirectoryServesItsIndex) {
  Response r = get("/docs/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<p>docs</p>");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchGives304) {
  Response first = get("/assets/style-77aa.css");
  ASSERT_EQ(first.status, 200);
  auto etag = first.header("ETag");
  ASSERT_TRUE(etag.has_value());
  EXPECT_EQ(etag->front(), '"');

  Response again = get("/assets/style-77aa.css", {{"If-None-Match", *etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);

  Response listed = get("/assets/style-77aa.css", {{"If-None-Match", "\"other\", W/" + *etag}});
  EXPECT_EQ(listed.status, 304);

  Response stale = get("/assets/style-77aa.css", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, "body{}");
}

TEST_F(StaticFilesTest, EtagChangesWhenFileChanges) {
  auto before = get("/robots.txt").header("ETag");
  write_file(root_ / "robots.txt", "User-agent: *\nDisallow: /");
  auto after = get("/robots.txt").header("ETag");
  EXPECT_NE(before, after);
}

TEST_F(StaticFilesTest, HeadIsServedAndOtherMethodsAre405) {
  Response head = serve_static(root_.string(), Request::make("HEAD", "/robots.txt"));
  EXPECT_EQ(head.status, 200);
  Response post = serve_static(root_.string(), Request::make("POST", "/robots.txt"));
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, MissingRootIs404) {
  Response r = serve_static((base_ / "nope").string(), Request::make("GET", "/anything"));
  EXPECT_EQ(r.status, 404);
}

}  // namespace
}  // namespace pvf::server
