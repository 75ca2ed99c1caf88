#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include <lua.hpp>

#include "host/lua/api.hpp"
#include "host/lua/script_registry.hpp"

namespace atrium::host::lua {

// The modules one Lua state has loaded: each script's table (what its chunk returned) at the
// version it was loaded from, and which scripts it required. A module's top level runs once per
// version per state; its file-scope locals live as long as that version.
class ModuleCache {
 public:
  explicit ModuleCache(WorkerState& owner) : owner_(owner) {}
  ModuleCache(const ModuleCache&) = delete;
  ModuleCache& operator=(const ModuleCache&) = delete;

  // Pushes the module table of `record`, loading it first when this state does not hold its
  // current version. Raises a Lua error when the chunk fails or does not return a table.
  void push(lua_State* L, const ScriptRecord& record);
  // Forgets every module whose script changed or disappeared, and every module that required
  // one of those (it holds the old table in its locals), so that they reload on next use.
  void dropStale(lua_State* L, const Registry& registry);
  void addDependency(std::string_view from, std::string_view to);
  ScriptApiContext& context(std::string_view script_id);

 private:
  struct Module {
    uint64_t build = 0;
    int ref = LUA_NOREF;
    bool loading = false;
    std::set<std::string, std::less<>> requires_;
  };
  void load(lua_State* L, const ScriptRecord& record, Module& module);

  WorkerState& owner_;
  std::unordered_map<std::string, Module, StringHash, std::equal_to<>> modules_;
  // The module pushed last, with its id, so that a script called again and again is found
  // without hashing its id; elements of an unordered_map keep their address when it rehashes.
  // Cleared whenever modules are erased.
  decltype(modules_)::value_type* last_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<ScriptApiContext>, StringHash, std::equal_to<>>
      contexts_;
};

// The global function `require` of a script: "atrium" or another script by id ("a/b" or "a.b").
int requireModule(lua_State* L);

}  // namespace atrium::host::lua
