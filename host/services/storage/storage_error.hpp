#pragma once

#include <stdexcept>
#include <string>

namespace atrium::host::storage {

// An upload or a storage call that is refused or failed, with its HTTP mapping: 400 bad key or
// profile name, 404 no such file, 413 too large, 415 type not allowed, 422 polyglot/active
// content, 500 disk failure. `what()` is safe for the client; `detail` goes to the log only.
class StorageError : public std::runtime_error {
 public:
  StorageError(int status, std::string code, const std::string& message, std::string detail = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        detail_(std::move(detail)) {}
  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  int status_;
  std::string code_;
  std::string detail_;
};

}  // namespace atrium::host::storage
