#pragma once

#include <string>
#include <string_view>

namespace atrium::host::db {

// "YYYY-MM-DD HH:MM:SS[.f...]" with a space or a 'T', followed by nothing, "Z", "+00", "+00:00"
// or "-00:00" (UTC), becomes "YYYY-MM-DDTHH:MM:SS[.f...]Z"; the fraction is kept as written.
// Anything else (another offset, "infinity", a BC date, a 5-digit year) is returned unchanged.
std::string normaliseTimestamp(std::string_view text);

}  // namespace atrium::host::db
