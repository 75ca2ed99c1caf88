// atrium.json (host/lua/api_json.cpp).
#include <string>

#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiJsonTest : public testing::LuaEngineTest {};

TEST_F(ApiJsonTest, EncodeFollowsTheDocumentedShapes) {
  EXPECT_EQ(eval("return atrium.json.encode({ 1, 2, 'x' })"), "[1,2,\"x\"]");
  EXPECT_EQ(eval("return atrium.json.encode({ a = 1, b = { true, false } })"),
            "{\"a\":1,\"b\":[true,false]}");
  EXPECT_EQ(eval("return atrium.json.encode({})"), "{}");
  EXPECT_EQ(eval("return atrium.json.encode(atrium.json.array())"), "[]");
  EXPECT_EQ(eval("return atrium.json.encode(atrium.json.array({ 5 }))"), "[5]");
  EXPECT_EQ(eval("return atrium.json.encode({ x = atrium.json.null })"), "{\"x\":null}");
  EXPECT_EQ(eval("return atrium.json.encode({ [1] = 'a', [3] = 'c' })"),
            "{\"1\":\"a\",\"3\":\"c\"}");
  EXPECT_EQ(eval("return atrium.json.encode(1.5)"), "1.5");
  EXPECT_EQ(eval("return atrium.json.encode(3)"), "3");
  EXPECT_EQ(eval("return atrium.json.encode('\\255ok')"), "\"\xEF\xBF\xBDok\"");
}

TEST_F(ApiJsonTest, EncodeRefusesWhatJsonCannotSay) {
  EXPECT_EQ(eval("return atrium.json.encode({ f = print })"),
            failed("json.encode: f: a function cannot be converted to JSON"));
  EXPECT_EQ(eval("local t = {} t[1] = t return atrium.json.encode(t)")["nil"], true);
  EXPECT_EQ(eval("return atrium.json.encode(0/0)"),
            failed("json.encode: NaN and infinity have no JSON form"));
  EXPECT_EQ(eval("return atrium.json.encode({ [true] = 1 })"),
            failed("json.encode: a boolean key cannot be converted to JSON"));
  EXPECT_EQ(eval("local t = atrium.json.array({ 1 }) t.x = 2 return atrium.json.encode(t)"),
            failed("json.encode: a table marked as array has non-array keys"));
  EXPECT_EQ(eval("return atrium.json.encode()"), failed("json.encode: a value is required"));
}

TEST_F(ApiJsonTest, DecodeGivesTablesNullAndMarkedArrays) {
  EXPECT_EQ(eval(R"(
local v = atrium.json.decode('{"a":[1,null,3],"b":{"c":"d"},"e":[],"n":null}')
return { len = #v.a, hole = v.a[2] == atrium.json.null, c = v.b.c, n = v.n == atrium.json.null,
         empty = atrium.json.encode(v.e) }
)"),
            (nlohmann::json{{"len", 3}, {"hole", true}, {"c", "d"}, {"n", true}, {"empty", "[]"}}));
  EXPECT_EQ(eval("return atrium.json.decode('12.5')"), 12.5);
}

TEST_F(ApiJsonTest, DecodeFailuresAreNilErr) {
  const auto bad = eval("return atrium.json.decode('{\"a\":')");
  EXPECT_EQ(bad["nil"], true);
  EXPECT_EQ(bad["err"].get<std::string>().rfind("json.decode: parse error at line 1, column 6", 0),
            0u)
      << bad;
  EXPECT_EQ(eval("return atrium.json.decode(42)"),
            failed("json.decode: the argument must be a string"));
  EXPECT_EQ(eval("return atrium.json.decode(string.rep('[', 150) .. string.rep(']', 150))"),
            failed("json.decode: nesting deeper than 100 levels"));
  EXPECT_EQ(eval("return atrium.json.array(3)"),
            failed("json.array: the argument must be a table"));
}

}  // namespace
}  // namespace atrium::host::lua
