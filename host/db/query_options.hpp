#pragma once

#include <cstddef>

namespace atrium::host::db {

struct QueryOptions {
  // Ceiling on the decoded result (sum of text/blob bytes plus 16 bytes per value); past it the
  // query fails with QueryErrorKind::kTooLarge and nothing is returned.
  size_t max_result_bytes = 64 * 1024 * 1024;
};

}  // namespace atrium::host::db
