#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "host/lua/engine_options.hpp"
#include "host/lua/script_metrics.hpp"

namespace atrium::host::lua {

// One script file: its last good source (what every thread runs) and its last compile error.
// Immutable once published.
struct ScriptRecord {
  std::string id;             // "taklifnoma/rules/slug"
  std::string relative_file;  // "taklifnoma/rules/slug.lua"
  std::string chunk_name;     // "@taklifnoma/rules/slug.lua": Lua reports "file:line"
  std::string source;         // last good source; empty when version == 0
  uint64_t version = 0;       // 0 = never compiled successfully
  uint64_t build = 0;         // unique per good compile in the engine (states compare it)
  std::string error;          // last compile error, empty when the current file is good
  std::chrono::system_clock::time_point loaded_at;
  ScriptLimits limits;                           // resolved (per-script overrides applied)
  std::shared_ptr<const nlohmann::json> config;  // atrium.config, never null
  ScriptMetrics::Stats* stats = nullptr;         // the engine's counters for this id
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// An immutable snapshot of every script; a new one is published for each change, and each
// thread's Lua state keeps the one it last looked at.
struct Registry {
  uint64_t generation = 0;
  std::unordered_map<std::string, std::shared_ptr<const ScriptRecord>, StringHash, std::equal_to<>>
      scripts;

  const ScriptRecord* find(std::string_view id) const {
    const auto it = scripts.find(id);
    return it == scripts.end() ? nullptr : it->second.get();
  }
};

}  // namespace atrium::host::lua
