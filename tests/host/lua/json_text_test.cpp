#include "host/lua/json_text.hpp"

#include <cstdint>
#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <lua.hpp>
#include <nlohmann/json.hpp>

#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

// The direct text paths must give exactly what the document paths (lua_value.hpp) give.
class JsonTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    L_ = luaL_newstate();
    luaL_openlibs(L_);
    installValueSupport(L_);
    lua_pushlightuserdata(L_, nullptr);
    lua_setglobal(L_, "null");
    pushArrayMetatable(L_);
    lua_setglobal(L_, "array_mt");
  }
  void TearDown() override { lua_close(L_); }

  void evaluate(const std::string& expression) {
    ASSERT_EQ(luaL_dostring(L_, ("return " + expression).c_str()), 0) << lua_tostring(L_, -1);
  }
  // The text writer's output for a Lua expression (the stack is checked to be unchanged).
  std::string written(const std::string& expression) {
    evaluate(expression);
    std::string out;
    const int top = lua_gettop(L_);
    appendJsonText(L_, -1, out);
    EXPECT_EQ(lua_gettop(L_), top);
    lua_pop(L_, 1);
    return out;
  }
  // toJson(...).dump() for the same expression.
  std::string viaDocument(const std::string& expression) {
    evaluate(expression);
    std::string out = toJson(L_, -1).dump();
    lua_pop(L_, 1);
    return out;
  }
  // The error message of the writer (empty when it did not fail).
  std::string writeError(const std::string& expression) {
    evaluate(expression);
    const int top = lua_gettop(L_);
    std::string out;
    std::string message;
    try {
      appendJsonText(L_, -1, out);
    } catch (const ConversionError& e) {
      message = e.what();
    }
    EXPECT_EQ(lua_gettop(L_), top) << "the stack is left as it was";
    lua_pop(L_, 1);
    return message;
  }
  // JSON text -> Lua -> document, for comparison with parse -> pushJson -> toJson.
  nlohmann::json readBack(const std::string& text) {
    EXPECT_TRUE(pushJsonText(L_, text)) << text;
    nlohmann::json value = toJson(L_, -1);
    lua_pop(L_, 1);
    return value;
  }

  lua_State* L_ = nullptr;
};

TEST_F(JsonTextTest, WritesWhatTheDocumentPathWrites) {
  for (const std::string expression :
       {"nil",
        "true",
        "false",
        "0",
        "-7",
        "42",
        "2^53",
        "1.5",
        "-0.25",
        "1e300",
        "1e-7",
        "0.1",
        "123456789.125",
        "2^63",
        "'plain'",
        "''",
        "'caf\\195\\169'",
        "'\\192bad'",
        "'q\"b\\\\s/'",
        "'\\n\\r\\t\\b\\f\\1\\31\\127'",
        "{}",
        "{1, 2, 3}",
        "{[2] = 'b', [1] = 'a'}",
        "{[1] = 'a', [3] = 'c'}",
        "{[1.5] = 'x', [-2] = 'y'}",
        "{b = 1, a = 2, c = {z = 1, y = {2, 3}}, [10] = true}",
        "{[1] = 'n', ['1'] = 's'}",
        "{['\\255k'] = 1, k = 2}",
        "{a = {b = {c = {d = {}}}}}",
        "{x = null, y = {null, 1}}",
        "setmetatable({}, array_mt)",
        "{list = setmetatable({}, array_mt)}",
        "{['\\0key'] = 'v\\0'}",
        "{['a longer key with a \"quote'] = 'x', "
        "plain_longer_key_name = 'a value with caf\\195\\169 in it'}",
        "{long_text = string.rep('0123456789', 40) .. '\\n'}"}) {
    EXPECT_EQ(written(expression), viaDocument(expression)) << expression;
  }
}

TEST_F(JsonTextTest, KeysAreSortedAndOutputIsCompact) {
  EXPECT_EQ(written("{zeta = 1, alpha = {2, 3}, mid = 'x'}"),
            R"({"alpha":[2,3],"mid":"x","zeta":1})");
  EXPECT_EQ(written("'\\1'"), R"("\u0001")");
}

TEST_F(JsonTextTest, RefusalsNameThePathAndLeaveTheStack) {
  EXPECT_EQ(writeError("{a = {{f = print}}}"), "a[1].f: a function cannot be converted to JSON");
  EXPECT_EQ(writeError("{n = 0/0}"), "n: NaN and infinity have no JSON form");
  EXPECT_EQ(writeError("{[true] = 1}"), "a boolean key cannot be converted to JSON");
  EXPECT_EQ(writeError("setmetatable({a = 1}, array_mt)"),
            "a table marked as array has non-array keys");
  EXPECT_EQ(
      writeError("(function() local t = {} t.self = t return t end)()").rfind("self.self.self", 0),
      0u);
}

TEST_F(JsonTextTest, ReadsWhatTheDocumentPathReads) {
  for (const std::string text :
       {R"({"a":[1,2.5,"x",true,null,[]],"b":{},"c":{"d":-7}})", "null", "[]", "{}", "0", "-1.5e-3",
        "\"caf\\u00e9 \\ud83d\\ude00\"", "[[[[1]]]]", "18446744073709551615",
        R"({"k":{"k":{"k":[null,null]}}})"}) {
    const nlohmann::json document = nlohmann::json::parse(text);
    pushJson(L_, document);
    const nlohmann::json expected = toJson(L_, -1);
    lua_pop(L_, 1);
    EXPECT_EQ(readBack(text), expected) << text;
  }
}

// Random documents: the direct reader and nlohmann's parser agree on every value.
TEST_F(JsonTextTest, RandomDocumentsReadAlike) {
  uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) & 0xFFFF;
  };
  std::function<nlohmann::json(int)> make = [&](int depth) -> nlohmann::json {
    switch (next() % (depth > 4 ? 5 : 7)) {
      case 0: return nullptr;
      case 1: return next() % 2 == 0;
      case 2: return static_cast<int64_t>(next()) * (next() % 2 ? -1 : 1) * 100003;
      case 3: return static_cast<double>(next()) / 7.0 * (next() % 2 ? 1e-9 : 1e12);
      case 4: {
        std::string text;
        // Short pieces and runs longer than a word, so that the scans' word-at-a-time paths
        // meet escapes and multi-byte characters at every offset.
        const char* const pieces[] = {"a",
                                      "\"",
                                      "\\",
                                      "\n",
                                      "\x01",
                                      "é",
                                      "日本",
                                      "😀",
                                      " ",
                                      "/",
                                      "plain-ascii-run",
                                      "0123456789abcdefghij",
                                      "naïve café"};
        for (uint32_t i = next() % 6; i > 0; --i) text += pieces[next() % 13];
        return text;
      }
      case 5: {
        nlohmann::json array = nlohmann::json::array();
        for (uint32_t i = next() % 5; i > 0; --i) array.push_back(make(depth + 1));
        return array;
      }
      default: {
        nlohmann::json object = nlohmann::json::object();
        for (uint32_t i = next() % 5; i > 0; --i) {
          object["k" + std::to_string(next() % 7)] = make(depth + 1);
        }
        return object;
      }
    }
  };
  for (int i = 0; i < 300; ++i) {
    const nlohmann::json document = make(0);
    for (const std::string& text : {document.dump(), document.dump(2)}) {
      pushJson(L_, nlohmann::json::parse(text));
      const nlohmann::json expected = toJson(L_, -1);
      std::string written_text = "prefix:";  // appended to, not replaced
      appendJsonText(L_, -1, written_text);
      lua_pop(L_, 1);
      ASSERT_EQ(readBack(text), expected) << text;
      ASSERT_EQ(written_text, "prefix:" + expected.dump()) << text;
    }
  }
}

TEST_F(JsonTextTest, AcceptsAndRefusesWhatNlohmannDoes) {
  for (const std::string text : {"1e400",
                                 "-1e400",
                                 "1e-400",
                                 "123456789012345678901234567890",
                                 "-0",
                                 "-0.0",
                                 "0.5",
                                 "1E+2",
                                 "\"\\ud800\"",
                                 "\"\\udc00\\ud800\"",
                                 "\"\\ud83d\\ude00\"",
                                 "\"a\x01\"",
                                 "01",
                                 "1.",
                                 ".5",
                                 "+1",
                                 "-",
                                 "[1,]",
                                 "[,1]",
                                 "{\"a\":1,}",
                                 "{\"a\" 1}",
                                 "{a:1}",
                                 "\"\xc0\xaf\"",
                                 "\"\xed\xa0\x80\"",
                                 "\"\xf4\x90\x80\x80\"",
                                 "\"a run of ascii \xc0\xaf then more\"",
                                 "\"a run of ascii \xc3\xa9 then more\"",
                                 "\"a run of ascii\\u00e9 then \x01 more\"",
                                 "\"\\u00e9\\/\"",
                                 "\"\\x\"",
                                 "tru",
                                 "nulls",
                                 " [ 1 , { \"b\" : [ ] } ] ",
                                 "\t\r\n1\n",
                                 "[1]]",
                                 "\"\t\"",
                                 "1 2",
                                 "{}{}"}) {
    const bool accepted = nlohmann::json::accept(text);
    std::string error;
    const int top = lua_gettop(L_);
    const bool read = pushJsonText(L_, text, &error);
    EXPECT_EQ(read, accepted) << text << " " << error;
    if (read && accepted) {
      const nlohmann::json got = toJson(L_, -1);
      pushJson(L_, nlohmann::json::parse(text));
      EXPECT_EQ(got, toJson(L_, -1)) << text;
    }
    lua_settop(L_, top);
  }
}

TEST_F(JsonTextTest, ErrorsSayWhere) {
  std::string error;
  EXPECT_FALSE(pushJsonText(L_, "{\n  \"a\" 1\n}", &error));
  EXPECT_EQ(error, "parse error at line 2, column 7: expected ':'");
  EXPECT_FALSE(pushJsonText(L_, "{\"a\":", &error));
}

TEST_F(JsonTextTest, ArraysAreMarkedSoEmptyOnesStayArrays) {
  ASSERT_TRUE(pushJsonText(L_, R"({"list":[],"map":{}})"));
  std::string out;
  appendJsonText(L_, -1, out);
  EXPECT_EQ(out, R"({"list":[],"map":{}})");
}

TEST_F(JsonTextTest, BadTextPushesNothingAndSaysWhy) {
  const int top = lua_gettop(L_);
  for (const std::string text : {"", "{", "[1,]", "{\"a\" 1}", "1 2", "\"\\x\"", "nul", "\xff"}) {
    std::string error;
    EXPECT_FALSE(pushJsonText(L_, text, &error)) << text;
    EXPECT_FALSE(error.empty()) << text;
    EXPECT_EQ(lua_gettop(L_), top) << text;
  }
  std::string deep(150, '[');
  deep += std::string(150, ']');
  std::string error;
  EXPECT_FALSE(pushJsonText(L_, deep, &error));
  EXPECT_EQ(error, "nesting deeper than 100 levels");
  EXPECT_EQ(lua_gettop(L_), top);
  std::string fine(90, '[');
  fine += std::string(90, ']');
  EXPECT_TRUE(pushJsonText(L_, fine));
}

}  // namespace
}  // namespace atrium::host::lua
