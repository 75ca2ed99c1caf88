#pragma once

#include <stdexcept>
#include <string>

namespace atrium::host::db {

// The database cannot be reached or no connection became free in time (maps to HTTP 503).
// Messages name the redacted URL, never a password.
class DatabaseUnavailable : public std::runtime_error {
 public:
  explicit DatabaseUnavailable(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace atrium::host::db
