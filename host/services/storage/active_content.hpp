#pragma once

#include <optional>
#include <string_view>

namespace atrium::host::storage {

// The polyglot rule (docs/storage.md "Polyglot files"): a file whose sniffed type is passive
// media is still refused when its bytes carry markup or code that a browser or an interpreter
// would act on if the file were ever served or included as something else — a JPEG with a PHP or
// HTML payload appended, a GIF that is also a script. Returns the marker found (for the log), or
// std::nullopt. Case-insensitive, over the whole file.
//
// The markers are long enough that random compressed data practically never contains them: all
// together they match uniformly random bytes about once per 700 GB.
std::optional<std::string_view> findActiveContent(std::string_view data);

}  // namespace atrium::host::storage
