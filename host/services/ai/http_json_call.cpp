#include "host/services/ai/http_json_call.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "host/net/curl_easy.hpp"

namespace atrium::host::ai {

std::string oneLine(std::string text, size_t limit) {
  for (char& c : text) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return text;
}

HttpReply postJson(const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, const HttpCallLimits& limits,
                   const std::atomic<bool>& cancel) {
  net::initCurl();
  // One byte more than allowed tells a body that was cut.
  net::CurlEasy easy(cancel, limits.connect_timeout, limits.timeout, limits.max_body + 1);
  CURL* curl = easy.get();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  list = curl_slist_append(list, "Accept: application/json");
  list = curl_slist_append(list, "Expect:");
  for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  const CURLcode code = easy.perform();
  curl_slist_free_all(list);
  HttpReply reply;
  if (code != CURLE_OK) {
    reply.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    reply.error = easy.cancelled() ? "interrupted by shutdown" : easy.describe(code);
    return reply;
  }
  reply.sent = true;
  reply.status = easy.responseCode();
  reply.body = easy.body();
  if (reply.body.size() > limits.max_body) {
    reply.truncated = true;
    reply.body.resize(limits.max_body);
  }
  reply.retry_after = easy.header("retry-after");
  return reply;
}

std::optional<std::chrono::milliseconds> parseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  bool digits = value.size() <= 9;
  for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c)) != 0;
  if (digits) return std::chrono::seconds(std::stoll(std::string(value)));
  const time_t at = curl_getdate(std::string(value).c_str(), nullptr);
  if (at < 0) return std::nullopt;
  const auto delta = std::chrono::system_clock::from_time_t(at) - now;
  if (delta.count() < 0) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(delta);
}

AttemptOutcome failedReply(std::string_view provider, const HttpReply& reply) {
  const std::string who(provider);
  if (!reply.sent) {
    if (reply.timed_out) {
      return AttemptOutcome::failure(AiErrorKind::kTimeout, who + ": " + oneLine(reply.error),
                                     true);
    }
    return AttemptOutcome::failure(AiErrorKind::kUnavailable, who + ": " + oneLine(reply.error),
                                   true);
  }
  std::string detail;
  const nlohmann::json answer = nlohmann::json::parse(reply.body, nullptr, false);
  if (answer.is_object() && answer.contains("error") && answer["error"].is_object()) {
    const nlohmann::json& error = answer["error"];
    if (error.contains("message") && error["message"].is_string()) {
      detail = ": " + oneLine(error["message"].get<std::string>());
    }
  }
  const std::string message = who + " answered HTTP " + std::to_string(reply.status) + detail;
  const long s = reply.status;
  if (s == 429) {
    AttemptOutcome o = AttemptOutcome::failure(AiErrorKind::kRateLimited, message, true);
    o.retry_after = parseRetryAfter(reply.retry_after, std::chrono::system_clock::now());
    return o;
  }
  if (s >= 500) {
    AttemptOutcome o = AttemptOutcome::failure(AiErrorKind::kUnavailable, message, true);
    o.retry_after = parseRetryAfter(reply.retry_after, std::chrono::system_clock::now());
    return o;
  }
  if (s == 401 || s == 403 || s == 404) {
    return AttemptOutcome::failure(AiErrorKind::kUnavailable, message, false);
  }
  if (s >= 400) return AttemptOutcome::failure(AiErrorKind::kInvalidRequest, message, false);
  // 1xx/3xx: redirects are not followed; a provider does not send them.
  return AttemptOutcome::failure(AiErrorKind::kBadResponse, message, false);
}

}  // namespace atrium::host::ai
