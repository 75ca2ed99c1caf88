// atrium.time.now() -> epoch seconds (float, sub-millisecond);
// atrium.time.iso(t?) -> "2026-11-22T02:15:01.123Z" (UTC, milliseconds) | nil, err.
#include <chrono>
#include <cmath>

#include "host/common/logger.hpp"
#include "host/lua/api.hpp"

namespace atrium::host::lua {
namespace {

int now(lua_State* L) {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  lua_pushnumber(L, std::chrono::duration<double>(since_epoch).count());
  return 1;
}

int iso(lua_State* L) {
  std::chrono::system_clock::time_point at = std::chrono::system_clock::now();
  if (!lua_isnoneornil(L, 1)) {
    if (lua_type(L, 1) != LUA_TNUMBER) return pushFailure(L, "time.iso: t must be a number");
    const double seconds = lua_tonumber(L, 1);
    // 1970-01-01 .. 9999-12-31
    if (!std::isfinite(seconds) || seconds < 0 || seconds >= 253402300800.0) {
      return pushFailure(L, "time.iso: t is out of range (years 1970 to 9999)");
    }
    at = std::chrono::system_clock::time_point(
        std::chrono::microseconds(std::llround(seconds * 1e6)));
  }
  char text[common::kIsoTimestampLength];
  common::formatIsoTimestamp(at, text);
  lua_pushlstring(L, text, sizeof text);
  return 1;
}

constexpr ApiFunction kFunctions[] = {
    {"now", guarded<now>},
    {"iso", guarded<iso>},
};

}  // namespace

void pushTimeApi(lua_State* L) {
  lua_createtable(L, 0, 2);
  setFunctions(L, kFunctions);
}

}  // namespace atrium::host::lua
