#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace atrium::host::lua {

// Why a script call failed. what() is one line, "file:line: message" when the failure has a
// place in a script; location() is that "file:line" alone (empty when there is none).
class ScriptError : public std::runtime_error {
 public:
  enum class Kind {
    kNotFound,          // no such script (never existed or removed), or no such function in it
    kCompile,           // the script has never compiled (there is no good version to run)
    kRuntime,           // the script raised an error (error(), a bug, a sandbox refusal)
    kInstructionLimit,  // the call ran out of instructions or of CPU time
    kMemoryLimit,       // the thread's Lua state hit its memory ceiling
    kBadResult,         // the result cannot be converted to JSON (function, cycle, bad key)
    kBadArgument,       // the argument cannot be made (arguments JSON that is not JSON)
  };

  ScriptError(Kind kind, std::string script_id, const std::string& message,
              std::string location = {}, std::string traceback = {})
      : std::runtime_error(message),
        kind_(kind),
        script_id_(std::move(script_id)),
        location_(std::move(location)),
        traceback_(std::move(traceback)) {}

  Kind kind() const noexcept { return kind_; }
  const std::string& scriptId() const noexcept { return script_id_; }
  const std::string& location() const noexcept { return location_; }
  // The Lua stack at the error (for logs at debug level; may be empty).
  const std::string& traceback() const noexcept { return traceback_; }

 private:
  Kind kind_;
  std::string script_id_;
  std::string location_;
  std::string traceback_;
};

// "not_found", "compile", "runtime", "instruction_limit", "memory_limit", "bad_result",
// "bad_argument".
std::string_view scriptErrorKindName(ScriptError::Kind kind);

}  // namespace atrium::host::lua
