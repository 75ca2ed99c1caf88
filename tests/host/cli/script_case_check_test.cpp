#include "host/cli/script_case_check.hpp"

#include <gtest/gtest.h>

namespace atrium::host::cli {
namespace {

using nlohmann::json;

TEST(JsonMatchesTest, NumbersCompareByValue) {
  EXPECT_TRUE(jsonMatches(json(1), json(1.0)));
  EXPECT_TRUE(jsonMatches(json(1u), json(1)));
  EXPECT_FALSE(jsonMatches(json(1), json(1.5)));
  EXPECT_FALSE(jsonMatches(json(-1), json(18446744073709551615u)));
  EXPECT_FALSE(jsonMatches(json(1), json("1")));
  EXPECT_FALSE(jsonMatches(json(nullptr), json(false)));
  EXPECT_TRUE(jsonMatches(json::parse(R"({"a":[1,{"b":2}],"c":"x"})"),
                          json::parse(R"({"c":"x","a":[1.0,{"b":2.0}]})")));
}

TEST(JsonMatchesTest, FirstDifferenceNamesThePath) {
  EXPECT_EQ(
      firstDifference(json::parse(R"({"a":{"b":[1,2]}})"), json::parse(R"({"a":{"b":[1,3]}})")),
      "/a/b/1: expected 2, got 3");
  EXPECT_EQ(firstDifference(json::parse(R"({"a":1})"), json::parse(R"({})")),
            "/a: missing (expected 1)");
  EXPECT_EQ(firstDifference(json::parse(R"({})"), json::parse(R"({"x/y":1})")),
            "/x~1y: unexpected (got 1)");
  EXPECT_EQ(firstDifference(json::parse("[1]"), json::parse("[1,2]")),
            "/: expected 1 items, got 2");
  EXPECT_EQ(firstDifference(json("a"), json(nullptr)), "/: expected \"a\", got null");
  EXPECT_EQ(firstDifference(json::array(), json::object()), "/: expected [], got {}");
  EXPECT_EQ(firstDifference(json(2), json(2.0)), std::nullopt);
}

ScriptCase expecting(json expected) {
  ScriptCase c;
  c.name = "n";
  c.expect = std::move(expected);
  return c;
}

ScriptCase expectingError(std::string part) {
  ScriptCase c;
  c.name = "n";
  c.expect_error = std::move(part);
  return c;
}

TEST(CheckScriptCaseTest, ResultCases) {
  EXPECT_TRUE(checkScriptCase(expecting({{"level", 1}}), {json{{"level", 1.0}}, {}}).passed);
  const auto wrong = checkScriptCase(expecting({{"level", 1}}), {json{{"level", 2}}, {}});
  EXPECT_FALSE(wrong.passed);
  EXPECT_EQ(wrong.detail,
            "expected: {\"level\":1}\n     got:      {\"level\":2}\n"
            "     first difference at /level: expected 1, got 2");
  const auto failed = checkScriptCase(expecting(1), {{}, "runtime: a.lua:3: boom"});
  EXPECT_FALSE(failed.passed);
  EXPECT_EQ(failed.detail, "expected: 1\n     got error: runtime: a.lua:3: boom");
  EXPECT_TRUE(checkScriptCase(expecting(nullptr), {json(nullptr), {}}).passed);
}

TEST(CheckScriptCaseTest, ErrorCasesMatchASubstring) {
  EXPECT_TRUE(
      checkScriptCase(expectingError("must be >= 0"), {{}, "runtime: xp.lua:4: xp must be >= 0"})
          .passed);
  const auto other = checkScriptCase(expectingError("must be >= 0"), {{}, "runtime: x.lua:1: no"});
  EXPECT_FALSE(other.passed);
  EXPECT_EQ(other.detail,
            "expected error containing: must be >= 0\n     got error: runtime: x.lua:1: no");
  const auto none = checkScriptCase(expectingError("boom"), {json{{"ok", true}}, {}});
  EXPECT_FALSE(none.passed);
  EXPECT_EQ(none.detail, "expected error containing: boom\n     got result: {\"ok\":true}");
}

}  // namespace
}  // namespace atrium::host::cli
