#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/services/ai/provider.hpp"

namespace atrium::host::ai {

// What one POST of JSON to a provider produced.
struct HttpReply {
  bool sent = false;       // an HTTP answer arrived (status/body are meaningful)
  bool timed_out = false;  // the attempt ran out of time
  bool truncated = false;  // the body was longer than allowed
  std::string error;       // the transport error when !sent ("Couldn't connect to server: ...")
  long status = 0;
  std::string body;
  std::string retry_after;  // the Retry-After header as sent, "" when absent
};

struct HttpCallLimits {
  std::chrono::milliseconds connect_timeout;
  std::chrono::milliseconds timeout;
  size_t max_body;
};

// POSTs `body` (application/json) to `url` with the extra `headers` ("Name: value") through
// libcurl (host/net/curl_easy.hpp). Never throws for a network failure.
HttpReply postJson(const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, const HttpCallLimits& limits,
                   const std::atomic<bool>& cancel);

// Retry-After: delta seconds ("120") or an HTTP date; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// The outcome of an answer that is not a success: transport errors and timeouts (retryable),
// 429 (rate_limited, retryable, Retry-After kept), 5xx (unavailable, retryable), 401/403/404
// (unavailable: a key or model problem), other 4xx (invalid_request). The message names the
// provider, the HTTP status and the provider's own error message ({"error": {"message"}}).
AttemptOutcome failedReply(std::string_view provider, const HttpReply& reply);

// One line, bounded: provider text goes to logs and callers.
std::string oneLine(std::string text, size_t limit = 300);

}  // namespace atrium::host::ai
