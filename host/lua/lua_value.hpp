#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <lua.hpp>
#include <nlohmann/json.hpp>

#include "host/db/value.hpp"

// Every conversion between Lua values, JSON and database values, in one place.
//
// Lua -> JSON: nil and atrium.json.null -> null; booleans; numbers that are integral (and fit
// in int64) -> integers, other finite numbers -> floats (NaN/inf are refused); strings (invalid
// UTF-8 is replaced by U+FFFD); a table whose keys are exactly 1..n -> array, a table marked
// with atrium.json.array() -> array (empty or not), any other table -> object whose keys are
// strings or numbers (numbers written as in JSON: 12, 1.5); an empty unmarked table -> {}.
// Functions, userdata, threads, boolean/table keys and nesting deeper than kMaxDepth (cycles)
// are refused.
// JSON -> Lua: null -> atrium.json.null (so arrays keep their positions); arrays -> tables
// marked as arrays; integers beyond 2^53 lose precision (Lua numbers are doubles).
// db::Value -> Lua: NULL -> nil (the column is absent from the row table); int/double ->
// number; text and blob -> string; bool -> boolean.
// Lua -> db::Value: nil/atrium.json.null -> NULL; integral numbers -> int; others -> double;
// strings -> text; booleans -> bool; tables are refused.
namespace atrium::host::lua {

inline constexpr int kMaxDepth = 100;

class ConversionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Creates the state-wide values the conversions use (the array metatable). Call once per state.
void installValueSupport(lua_State* L);

void pushJsonNull(lua_State* L);
bool isJsonNull(lua_State* L, int index);
// The metatable that marks a table as a JSON array.
void pushArrayMetatable(lua_State* L);

// Raises a Lua error when the value nests deeper than kMaxDepth.
void pushJson(lua_State* L, const nlohmann::json& value);
// Throws ConversionError naming the path of the offending value ("items[2].f: ...").
nlohmann::json toJson(lua_State* L, int index);

void pushDbValue(lua_State* L, const db::Value& value);
// Throws ConversionError.
db::Value toDbValue(lua_State* L, int index);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string validUtf8(std::string_view text);
// Length of the longest prefix of `text` that is valid UTF-8 (text.size() when all of it is).
size_t validUtf8Prefix(std::string_view text);

// The building blocks of toJson, shared with the direct writer (json_text.hpp):
// Lua numbers that are whole and fit an int64 become JSON integers.
bool integralNumber(double number, int64_t& out);
// A number table key as JSON writes it: 12, 1.5.
std::string numberKey(double number);
// True when the table at `index` becomes a JSON array (keys exactly 1..n, or marked with
// atrium.json.array()). Throws ConversionError for a marked table with other keys.
bool arrayTable(lua_State* L, int index);
// True when the table at `index` carries the array marker metatable (pushArrayMetatable).
bool markedArray(lua_State* L, int index);

}  // namespace atrium::host::lua
