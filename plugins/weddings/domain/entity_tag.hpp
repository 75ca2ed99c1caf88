// Entity tags (RFC 9110 §8.8.3) for the QR images: whether a client's If-None-Match names the
// representation it would get, so that the handler answers 304 Not Modified.
#pragma once

#include <string_view>

namespace atrium::plugins::weddings {

// `if_none_match` is the header's value: "*" or a comma-separated list of entity tags, each
// optionally weak (W/"..."). `etag` is the current strong tag, quotes included. Uses the weak
// comparison that RFC 9110 §13.1.2 prescribes for If-None-Match. A malformed member never
// matches (nor does a foreign tag with a comma inside its quotes: it is split at the comma).
bool ifNoneMatchMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace atrium::plugins::weddings
