#pragma once

#include <stdexcept>

#include <lua.hpp>

namespace atrium::host::lua {

// How one script call gets its argument and gives back its result, straight on the Lua stack:
// a script route builds the request table from the http::Request and turns the returned table
// into the http::Response without a JSON document in between (json_codecs.hpp has the JSON
// ones). Both run inside the call's protected environment, with the call's limits armed.
class CallCodec {
 public:
  virtual ~CallCodec() = default;
  // Pushes exactly one value, the function's argument. Throws ArgumentError when the argument
  // cannot be made (ScriptError::Kind::kBadArgument); a Lua memory error passes through.
  virtual void pushArgument(lua_State* L) = 0;
  // Reads the function's first result at `index`. Throws ConversionError when it cannot be
  // used (ScriptError::Kind::kBadResult).
  virtual void takeResult(lua_State* L, int index) = 0;
};

class ArgumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atrium::host::lua
