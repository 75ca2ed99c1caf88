#include "host/services/messaging/twilio_transport.hpp"

#include <new>

#include <nlohmann/json.hpp>

#include "host/net/curl_easy.hpp"

namespace atrium::host::messaging {
namespace {

std::string formEscape(CURL* curl, const std::string& value) {
  char* escaped = curl_easy_escape(curl, value.data(), static_cast<int>(value.size()));
  if (escaped == nullptr) throw std::bad_alloc();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

// One line, bounded: provider text ends up in the outbox and the log.
std::string oneLine(std::string text, size_t limit = 300) {
  for (char& c : text) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  if (text.size() > limit) text = text.substr(0, limit) + "...";
  return text;
}

}  // namespace

TwilioTransport::TwilioTransport(config::TwilioConfig config, std::string from)
    : config_(std::move(config)), from_(std::move(from)) {
  net::initCurl();
}

std::string TwilioTransport::endpoint() const {
  return config_.base_url + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
}

DeliveryResult twilioOutcome(long status, const std::string& body) {
  if (status >= 200 && status < 300) {
    const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
    if (answer.is_object() && answer.contains("sid") && answer["sid"].is_string()) {
      return DeliveryResult::sent(oneLine(answer["sid"].get<std::string>(), 64));
    }
    return DeliveryResult::sent();
  }
  std::string error = "twilio";
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (answer.is_object() && answer.contains("code") && answer["code"].is_number_integer()) {
    error += " error " + std::to_string(answer["code"].get<int64_t>());
  }
  if (answer.is_object() && answer.contains("message") && answer["message"].is_string()) {
    error += ": " + oneLine(answer["message"].get<std::string>());
  }
  error += " (HTTP " + std::to_string(status) + ")";
  if (status == 429 || status >= 500) return DeliveryResult::retry(error);
  return DeliveryResult::permanent(error);
}

DeliveryResult TwilioTransport::deliver(int64_t /*id*/, const OutboxMessage& message,
                                        const std::atomic<bool>& cancel) {
  net::CurlEasy easy(cancel, config_.connect_timeout, config_.timeout);
  CURL* curl = easy.get();
  const std::string url = endpoint();
  const std::string form = "To=" + formEscape(curl, message.recipient) +
                           "&From=" + formEscape(curl, from_) +
                           "&Body=" + formEscape(curl, message.text);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl, CURLOPT_USERNAME, config_.account_sid.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.auth_token.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  const CURLcode code = easy.perform();
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    if (easy.cancelled()) return DeliveryResult::retry("twilio: interrupted by shutdown");
    return DeliveryResult::retry("twilio: " + easy.describe(code));
  }
  return twilioOutcome(easy.responseCode(), easy.body());
}

}  // namespace atrium::host::messaging
