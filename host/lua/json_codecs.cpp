#include "host/lua/json_codecs.hpp"

#include "host/lua/json_text.hpp"
#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {

void JsonValueCodec::pushArgument(lua_State* L) { pushJson(L, argument_); }

void JsonValueCodec::takeResult(lua_State* L, int index) { result_ = toJson(L, index); }

void JsonTextCodec::pushArgument(lua_State* L) {
  if (argument_.empty()) {
    pushJsonNull(L);
    return;
  }
  std::string error;
  if (!pushJsonText(L, argument_, &error)) throw ArgumentError("not JSON: " + error);
}

void JsonTextCodec::takeResult(lua_State* L, int index) {
  result_.clear();
  appendJsonText(L, index, result_);
}

}  // namespace atrium::host::lua
