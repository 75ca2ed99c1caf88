#pragma once

#include <cstdint>
#include <string_view>

namespace atrium::host::http {

// A Range request header against a representation of `size` bytes (RFC 9110 §14.2). Only a
// single range is served; a multi-range request is answered with the whole representation
// (allowed: a server may ignore Range), as is a header that is not a bytes range at all.
struct ByteRange {
  enum class Kind {
    kWhole,          // no usable Range: 200 with everything
    kPartial,        // 206 with [first, last]
    kUnsatisfiable,  // 416 with Content-Range: bytes */size
  };
  Kind kind = Kind::kWhole;
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive

  uint64_t length() const { return last - first + 1; }
};

// `header`: the Range value, e.g. "bytes=0-99", "bytes=100-", "bytes=-500".
ByteRange parseByteRange(std::string_view header, uint64_t size);

}  // namespace atrium::host::http
