#include "host/lua/lua_value.hpp"

#include <string>

#include <gtest/gtest.h>
#include <lua.hpp>

namespace atrium::host::lua {
namespace {

class LuaValueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    L_ = luaL_newstate();
    luaL_openlibs(L_);
    installValueSupport(L_);
  }
  void TearDown() override { lua_close(L_); }
  // JSON -> Lua -> JSON.
  nlohmann::json roundTrip(const nlohmann::json& value) {
    pushJson(L_, value);
    nlohmann::json back = toJson(L_, -1);
    lua_pop(L_, 1);
    return back;
  }
  nlohmann::json fromLua(const char* expression) {
    EXPECT_EQ(luaL_dostring(L_, (std::string("return ") + expression).c_str()), 0)
        << lua_tostring(L_, -1);
    nlohmann::json value = toJson(L_, -1);
    lua_pop(L_, 1);
    return value;
  }
  lua_State* L_ = nullptr;
};

TEST_F(LuaValueTest, JsonSurvivesARoundTrip) {
  const auto document =
      nlohmann::json::parse(R"({"a":[1,2.5,"x",true,null,[]],"b":{},"c":{"d":-7}})");
  EXPECT_EQ(roundTrip(document), document);
  EXPECT_EQ(roundTrip(nullptr), nullptr);
  EXPECT_EQ(roundTrip(nlohmann::json::array()), nlohmann::json::array());
}

TEST_F(LuaValueTest, LuaTablesBecomeArraysOrObjects) {
  EXPECT_EQ(fromLua("{ 1, 2, 3 }"), nlohmann::json::array({1, 2, 3}));
  EXPECT_EQ(fromLua("{}"), nlohmann::json::object());
  EXPECT_EQ(fromLua("{ [2] = 'b', [1] = 'a' }"), nlohmann::json::array({"a", "b"}));
  EXPECT_EQ(fromLua("{ [1] = 'a', [3] = 'c' }"), (nlohmann::json{{"1", "a"}, {"3", "c"}}));
  EXPECT_EQ(fromLua("{ [1.5] = 'x' }"), (nlohmann::json{{"1.5", "x"}}));
  EXPECT_EQ(fromLua("2^53"), 9007199254740992);
  EXPECT_EQ(fromLua("1e300"), 1e300);
  EXPECT_EQ(fromLua("'caf\\195\\169'"), "café");
  EXPECT_EQ(fromLua("'\\192'"), "\xEF\xBF\xBD");
}

TEST_F(LuaValueTest, RefusalsNameThePath) {
  ASSERT_EQ(luaL_dostring(L_, "return { a = { { f = print } } }"), 0);
  try {
    toJson(L_, -1);
    FAIL() << "no error";
  } catch (const ConversionError& e) {
    EXPECT_STREQ(e.what(), "a[1].f: a function cannot be converted to JSON");
  }
  EXPECT_EQ(lua_gettop(L_), 1);  // the stack is left as it was
}

TEST_F(LuaValueTest, DeepJsonIsRefusedWithALuaError) {
  nlohmann::json deep = 1;
  for (int i = 0; i < 150; ++i) deep = nlohmann::json::array({deep});
  lua_pushcfunction(L_, [](lua_State* L) {
    pushJson(L, *static_cast<nlohmann::json*>(lua_touserdata(L, 1)));
    return 1;
  });
  lua_pushlightuserdata(L_, &deep);
  EXPECT_NE(lua_pcall(L_, 1, 1, 0), 0);
  EXPECT_STREQ(lua_tostring(L_, -1), "JSON nesting deeper than 100 levels");
}

TEST_F(LuaValueTest, DatabaseValues) {
  pushDbValue(L_, db::Value{int64_t{42}});
  EXPECT_EQ(lua_tonumber(L_, -1), 42);
  pushDbValue(L_, db::Value{std::monostate{}});
  EXPECT_TRUE(lua_isnil(L_, -1));
  pushDbValue(L_, db::Value{db::Blob{std::string("a\0b", 3)}});
  size_t length = 0;
  lua_tolstring(L_, -1, &length);
  EXPECT_EQ(length, 3u);
  lua_settop(L_, 0);
  ASSERT_EQ(luaL_dostring(L_, "return 7, 2.5, 'x', true, nil, {}"), 0);
  EXPECT_EQ(toDbValue(L_, 1), db::Value{int64_t{7}});
  EXPECT_EQ(toDbValue(L_, 2), db::Value{2.5});
  EXPECT_EQ(toDbValue(L_, 3), db::Value{std::string("x")});
  EXPECT_EQ(toDbValue(L_, 4), db::Value{true});
  EXPECT_EQ(toDbValue(L_, 5), db::Value{std::monostate{}});
  EXPECT_THROW(toDbValue(L_, 6), ConversionError);
  pushJsonNull(L_);
  EXPECT_EQ(toDbValue(L_, -1), db::Value{std::monostate{}});
}

}  // namespace
}  // namespace atrium::host::lua
