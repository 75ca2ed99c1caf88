#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "host/lua/call_codec.hpp"

namespace atrium::host::lua {

// Argument and result as nlohmann::json documents (C++ callers that hold documents).
class JsonValueCodec final : public CallCodec {
 public:
  explicit JsonValueCodec(const nlohmann::json& argument) : argument_(argument) {}
  void pushArgument(lua_State* L) override;
  void takeResult(lua_State* L, int index) override;
  nlohmann::json& result() { return result_; }

 private:
  const nlohmann::json& argument_;
  nlohmann::json result_;
};

// Argument and result as JSON text (the plugin ABI, rule calls): no document in between.
// An empty argument is null.
class JsonTextCodec final : public CallCodec {
 public:
  explicit JsonTextCodec(std::string_view argument) : argument_(argument) {}
  void pushArgument(lua_State* L) override;
  void takeResult(lua_State* L, int index) override;
  std::string& result() { return result_; }

 private:
  std::string_view argument_;
  std::string result_;
};

}  // namespace atrium::host::lua
