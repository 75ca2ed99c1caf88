#include "host/lua/script_error.hpp"

namespace atrium::host::lua {

std::string_view scriptErrorKindName(ScriptError::Kind kind) {
  switch (kind) {
    case ScriptError::Kind::kNotFound: return "not_found";
    case ScriptError::Kind::kCompile: return "compile";
    case ScriptError::Kind::kRuntime: return "runtime";
    case ScriptError::Kind::kInstructionLimit: return "instruction_limit";
    case ScriptError::Kind::kMemoryLimit: return "memory_limit";
    case ScriptError::Kind::kBadResult: return "bad_result";
    case ScriptError::Kind::kBadArgument: return "bad_argument";
  }
  return "runtime";
}

}  // namespace atrium::host::lua
