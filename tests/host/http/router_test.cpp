#include "host/http/router.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

using Outcome = Router::Outcome;

std::string paramOf(const Router::Match& m, const std::string& name) {
  for (const auto& [k, v] : m.params) {
    if (k == name) return v;
  }
  return "<missing>";
}

std::string errorOf(Router& r, std::string_view method, std::string_view pattern) {
  try {
    r.add(method, pattern, 99);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(RouterTest, StaticRoutesAndRoot) {
  Router r;
  r.add("GET", "/", 0);
  r.add("GET", "/items", 1);
  r.add("GET", "/items/new", 2);
  auto m = r.match("GET", "/");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(m.route_index, 0u);
  EXPECT_EQ(m.pattern, "/");
  EXPECT_TRUE(m.params.empty());
  EXPECT_EQ(r.match("GET", "/items").route_index, 1u);
  EXPECT_EQ(r.match("GET", "/items/new").route_index, 2u);
  EXPECT_EQ(r.match("GET", "/item").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/items/new/x").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/ITEMS").outcome, Outcome::kNotFound);  // paths are case-sensitive
}

TEST(RouterTest, EmptyRouterAndBadPaths) {
  Router r;
  EXPECT_EQ(r.match("GET", "/").outcome, Outcome::kNotFound);
  r.add("GET", "/a", 0);
  EXPECT_EQ(r.match("GET", "").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "a").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("OPTIONS", "*").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "http://x/a").outcome, Outcome::kNotFound);
}

TEST(RouterTest, ParamsAreCapturedAndDecoded) {
  Router r;
  r.add("GET", "/users/:user_id/posts/:post", 7);
  auto m = r.match("GET", "/users/42/posts/hello%20world");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(m.route_index, 7u);
  EXPECT_EQ(m.pattern, "/users/:user_id/posts/:post");
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0].first, "user_id");
  EXPECT_EQ(m.params[0].second, "42");
  EXPECT_EQ(m.params[1].first, "post");
  EXPECT_EQ(m.params[1].second, "hello world");
}

TEST(RouterTest, EncodedSlashStaysInsideParam) {
  Router r;
  r.add("GET", "/files/:name", 0);
  auto m = r.match("GET", "/files/a%2Fb");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(paramOf(m, "name"), "a/b");
  EXPECT_EQ(r.match("GET", "/files/a/b").outcome, Outcome::kNotFound);
}

TEST(RouterTest, UnicodeParamIsDecodedToUtf8) {
  Router r;
  r.add("GET", "/tags/:tag", 0);
  auto m = r.match("GET", "/tags/%D1%82%D0%BE%D0%B9");  // "той"
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(paramOf(m, "tag"), "\xD1\x82\xD0\xBE\xD0\xB9");
  m = r.match("GET", "/tags/caf%c3%a9");  // lower-case hex
  EXPECT_EQ(paramOf(m, "tag"), "caf\xC3\xA9");
}

TEST(RouterTest, PlusIsKeptInParams) {
  Router r;
  r.add("GET", "/q/:v", 0);
  EXPECT_EQ(paramOf(r.match("GET", "/q/a+b"), "v"), "a+b");
}

TEST(RouterTest, MalformedEscapeInParamIsNotFound) {
  Router r;
  r.add("GET", "/a/:x", 0);
  r.add("GET", "/w/*rest", 1);
  EXPECT_EQ(r.match("GET", "/a/%zz").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/a/100%").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/a/%4").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/w/ok/%g0").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/a/%41").outcome, Outcome::kFound);
}

TEST(RouterTest, StaticBeatsParamBeatsWildcard) {
  Router r;
  r.add("GET", "/items/*rest", 3);
  r.add("GET", "/items/:id", 2);
  r.add("GET", "/items/new", 1);
  EXPECT_EQ(r.match("GET", "/items/new").route_index, 1u);
  auto m = r.match("GET", "/items/5");
  EXPECT_EQ(m.route_index, 2u);
  EXPECT_EQ(paramOf(m, "id"), "5");
  m = r.match("GET", "/items/5/6");
  EXPECT_EQ(m.route_index, 3u);
  EXPECT_EQ(paramOf(m, "rest"), "5/6");
}

TEST(RouterTest, BacktracksFromStaticToParam) {
  Router r;
  r.add("GET", "/a/b/c", 0);
  r.add("GET", "/a/:x/d", 1);
  auto m = r.match("GET", "/a/b/d");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(m.route_index, 1u);
  EXPECT_EQ(paramOf(m, "x"), "b");
  EXPECT_EQ(r.match("GET", "/a/b/c").route_index, 0u);
}

TEST(RouterTest, ParamCaptureFromAbandonedBranchDoesNotLeak) {
  Router r;
  r.add("GET", "/a/:x/:y/z", 0);
  r.add("GET", "/a/:x/*rest", 1);
  auto m = r.match("GET", "/a/1/2/q");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(m.route_index, 1u);
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(paramOf(m, "x"), "1");
  EXPECT_EQ(paramOf(m, "rest"), "2/q");
}

TEST(RouterTest, WildcardMatchesRestIncludingEmpty) {
  Router r;
  r.add("GET", "/static/*path", 0);
  auto m = r.match("GET", "/static/css/site.css");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(paramOf(m, "path"), "css/site.css");
  m = r.match("GET", "/static/");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(paramOf(m, "path"), "");
  m = r.match("GET", "/static");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(paramOf(m, "path"), "");
  m = r.match("GET", "/static/dir/");  // the wildcard keeps the trailing slash
  EXPECT_EQ(paramOf(m, "path"), "dir/");
  m = r.match("GET", "/static/a%20b/c%2Fd");
  EXPECT_EQ(paramOf(m, "path"), "a b/c/d");
  EXPECT_EQ(r.match("GET", "/staticx").outcome, Outcome::kNotFound);
}

TEST(RouterTest, RootWildcard) {
  Router r;
  r.add("GET", "/*all", 0);
  r.add("GET", "/api/ping", 1);
  EXPECT_EQ(paramOf(r.match("GET", "/"), "all"), "");
  EXPECT_EQ(paramOf(r.match("GET", "/x/y"), "all"), "x/y");
  EXPECT_EQ(r.match("GET", "/api/ping").route_index, 1u);
  EXPECT_EQ(paramOf(r.match("GET", "/api/pong"), "all"), "api/pong");
}

TEST(RouterTest, StaticRouteAtNodeBeatsWildcardWithEmptyRest) {
  Router r;
  r.add("GET", "/docs", 0);
  r.add("GET", "/docs/*page", 1);
  EXPECT_EQ(r.match("GET", "/docs").route_index, 0u);
  EXPECT_EQ(r.match("GET", "/docs/").route_index, 0u);
  EXPECT_EQ(r.match("GET", "/docs/a").route_index, 1u);
}

TEST(RouterTest, TrailingSlashTolerance) {
  Router r;
  r.add("GET", "/a", 0);
  r.add("GET", "/b/", 1);  // a trailing slash in the pattern is not significant either
  r.add("GET", "/p/:id", 2);
  EXPECT_EQ(r.match("GET", "/a/").outcome, Outcome::kFound);
  EXPECT_EQ(r.match("GET", "/b").route_index, 1u);
  EXPECT_EQ(r.match("GET", "/b/").route_index, 1u);
  EXPECT_EQ(paramOf(r.match("GET", "/p/7/"), "id"), "7");
  EXPECT_EQ(r.match("GET", "/a//").outcome, Outcome::kNotFound);  // only one slash
  EXPECT_EQ(r.match("GET", "//").outcome, Outcome::kNotFound);
}

TEST(RouterTest, EmptySegmentsDoNotMatch) {
  Router r;
  r.add("GET", "/a/b", 0);
  r.add("GET", "/p/:id/x", 1);
  EXPECT_EQ(r.match("GET", "/a//b").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "//a/b").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/p//x").outcome, Outcome::kNotFound);  // a param is non-empty
}

TEST(RouterTest, StaticMatchIsOnEncodedPath) {
  Router r;
  r.add("GET", "/items", 0);
  r.add("GET", "/a%20b", 1);
  EXPECT_EQ(r.match("GET", "/it%65ms").outcome, Outcome::kNotFound);
  EXPECT_EQ(r.match("GET", "/a%20b").route_index, 1u);
}

TEST(RouterTest, MethodNotAllowedListsMethodsInStableOrder) {
  Router r;
  r.add("DELETE", "/items/:id", 0);
  r.add("PUT", "/items/:id", 1);
  r.add("GET", "/items/:id", 2);
  r.add("PROPFIND", "/items/:id", 3);
  auto m = r.match("POST", "/items/1");
  ASSERT_EQ(m.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD", "PUT", "DELETE", "PROPFIND"}));
  EXPECT_TRUE(m.params.empty());
}

TEST(RouterTest, MethodNotAllowedWithoutGetHasNoHead) {
  Router r;
  r.add("POST", "/login", 0);
  auto m = r.match("GET", "/login");
  ASSERT_EQ(m.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"POST"}));
  EXPECT_EQ(r.match("HEAD", "/login").outcome, Outcome::kMethodNotAllowed);
}

TEST(RouterTest, AllowedIsUnionOfAllMatchingRoutes) {
  Router r;
  r.add("GET", "/items/new", 0);
  r.add("DELETE", "/items/:id", 1);
  r.add("PATCH", "/items/*rest", 2);
  auto m = r.match("POST", "/items/new");
  ASSERT_EQ(m.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD", "PATCH", "DELETE"}));
}

TEST(RouterTest, LowerPriorityRouteWithTheMethodWinsOver405) {
  Router r;
  r.add("GET", "/items/new", 0);
  r.add("DELETE", "/items/:id", 1);
  auto m = r.match("DELETE", "/items/new");
  ASSERT_EQ(m.outcome, Outcome::kFound);
  EXPECT_EQ(m.route_index, 1u);
  EXPECT_EQ(paramOf(m, "id"), "new");
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router r;
  r.add("GET", "/a", 0);
  r.add("GET", "/b", 1);
  r.add("HEAD", "/b", 2);
  EXPECT_EQ(r.match("HEAD", "/a").route_index, 0u);
  EXPECT_EQ(r.match("HEAD", "/b").route_index, 2u);
  auto m = r.match("POST", "/b");
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD"}));  // HEAD once
}

TEST(RouterTest, RejectsMalformedPatternsNamingThem) {
  Router r;
  EXPECT_NE(errorOf(r, "GET", "").find("''"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "items").find("'items'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a//b").find("'/a//b'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a/:").find("'/a/:'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a/*").find("'/a/*'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a/*rest/b").find("must be last"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a/:id-x").find("'/a/:id-x'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a b").find("'/a b'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a?x=1").find("'/a?x=1'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a#f").find("'/a#f'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a%2").find("percent"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a%zz").find("percent"), std::string::npos);
  EXPECT_NE(errorOf(r, "get", "/a").find("'/a'"), std::string::npos);
  EXPECT_NE(errorOf(r, "", "/a").find("'/a'"), std::string::npos);
  // Nothing half-added stays behind.
  EXPECT_EQ(r.match("GET", "/a").outcome, Outcome::kNotFound);
}

TEST(RouterTest, RejectsDuplicates) {
  Router r;
  r.add("GET", "/items/:id", 0);
  const std::string err = errorOf(r, "GET", "/items/:id");
  EXPECT_NE(err.find("duplicate"), std::string::npos);
  EXPECT_NE(err.find("'/items/:id'"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/items/:id/").find("duplicate"), std::string::npos);
  EXPECT_EQ(errorOf(r, "POST", "/items/:id"), "");  // another method is fine
  r.add("GET", "/f/*p", 1);
  EXPECT_NE(errorOf(r, "GET", "/f/*p").find("duplicate"), std::string::npos);
}

TEST(RouterTest, RejectsConflictingParamNames) {
  Router r;
  r.add("GET", "/a/:id", 0);
  const std::string err = errorOf(r, "POST", "/a/:slug");
  EXPECT_NE(err.find("'/a/:slug'"), std::string::npos);
  EXPECT_NE(err.find(":id"), std::string::npos);
  EXPECT_NE(errorOf(r, "GET", "/a/:slug/x").find("conflicts"), std::string::npos);
  EXPECT_EQ(errorOf(r, "GET", "/a/:id/x"), "");
  r.add("GET", "/w/*path", 1);
  EXPECT_NE(errorOf(r, "POST", "/w/*rest").find("conflicts"), std::string::npos);
  EXPECT_EQ(errorOf(r, "POST", "/w/*path"), "");
}

TEST(RouterTest, StaticSegmentsMayHoldColonsAndSubDelims) {
  Router r;
  r.add("POST", "/v1/things:batchGet", 0);
  r.add("GET", "/a/~user/@me", 1);
  EXPECT_EQ(r.match("POST", "/v1/things:batchGet").route_index, 0u);
  EXPECT_EQ(r.match("GET", "/a/~user/@me").route_index, 1u);
}

TEST(RouterTest, MovedRouterKeepsRoutes) {
  Router r;
  r.add("GET", "/a/:x", 5);
  Router moved(std::move(r));
  EXPECT_EQ(moved.match("GET", "/a/1").route_index, 5u);
  Router assigned;
  assigned = std::move(moved);
  EXPECT_EQ(paramOf(assigned.match("GET", "/a/1"), "x"), "1");
}

TEST(RouterTest, ManyRoutes) {
  Router r;
  for (size_t i = 0; i < 500; ++i) {
    r.add("GET", "/r" + std::to_string(i) + "/:id", i);
  }
  for (size_t i = 0; i < 500; i += 37) {
    auto m = r.match("GET", "/r" + std::to_string(i) + "/x");
    ASSERT_EQ(m.outcome, Outcome::kFound);
    EXPECT_EQ(m.route_index, i);
  }
  EXPECT_EQ(r.match("GET", "/r500/x").outcome, Outcome::kNotFound);
}

TEST(RouterTest, TooManyParamsRejected) {
  Router r;
  std::string pattern;
  for (int i = 0; i < 33; ++i) pattern += "/:p" + std::to_string(i);
  EXPECT_NE(errorOf(r, "GET", pattern).find("too many"), std::string::npos);
}

TEST(PercentDecodeTest, Cases) {
  std::string out = "stale";
  EXPECT_TRUE(percentDecode("", out));
  EXPECT_EQ(out, "");
  EXPECT_TRUE(percentDecode("plain", out));
  EXPECT_EQ(out, "plain");
  EXPECT_TRUE(percentDecode("a%20b%2fc%2Fd+e", out));
  EXPECT_EQ(out, "a b/c/d+e");
  EXPECT_TRUE(percentDecode("%00", out));
  EXPECT_EQ(out, std::string(1, '\0'));
  EXPECT_TRUE(percentDecode("%FF%fe", out));
  EXPECT_EQ(out, "\xFF\xFE");
  EXPECT_FALSE(percentDecode("%", out));
  EXPECT_FALSE(percentDecode("%2", out));
  EXPECT_FALSE(percentDecode("abc%", out));
  EXPECT_FALSE(percentDecode("%g1", out));
  EXPECT_FALSE(percentDecode("%1g", out));
  EXPECT_FALSE(percentDecode("%%41", out));
}

}  // namespace
}  // namespace atrium::host::http
