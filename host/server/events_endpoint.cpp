#include "host/server/events_endpoint.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/services/events/events_service.hpp"

namespace atrium::host::server {

namespace {

// The topics asked for: every `topic` value, split on commas, without duplicates. (Pistache
// 0.0.5 keeps one value of a repeated query key: clients list topics in one parameter.)
std::vector<std::string> requestedTopics(const http::Request& request) {
  std::vector<std::string> topics;
  for (const auto& [name, value] : request.query) {
    if (name != "topic") continue;
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      std::string topic = value.substr(start, end - start);
      if (!topic.empty() && std::find(topics.begin(), topics.end(), topic) == topics.end()) {
        topics.push_back(std::move(topic));
      }
      start = end + 1;
    }
  }
  return topics;
}

// nullopt: absent. Throws std::invalid_argument when present but not an event id.
std::optional<uint64_t> lastEventId(const http::Request& request) {
  std::optional<std::string_view> text = request.header("Last-Event-ID");
  if (!text || text->empty()) text = request.queryValue("last_event_id");
  if (!text || text->empty()) return std::nullopt;
  uint64_t id = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (ec != std::errc() || end != text->data() + text->size()) {
    throw std::invalid_argument("Last-Event-ID is not an event id");
  }
  return id;
}

std::string subjectOf(const std::string& principal_json) {
  nlohmann::json principal = nlohmann::json::parse(principal_json, nullptr, false);
  if (!principal.is_object() || !principal.contains("sub") || !principal["sub"].is_string()) {
    return {};
  }
  return principal["sub"].get<std::string>();
}

// The shared ticket store (the database) could not answer: a retryable 503, the reason logged.
void ticketStoreFailed(http::Response& response, const std::exception& e) {
  response.setError(503, "tickets_unavailable", "Event tickets are unavailable, retry later",
                    std::string("ticket store: ") + e.what());
  response.setHeader("Retry-After", "1");
}

}  // namespace

void EventsEndpoint::stream(const http::Request& request, http::Response& response) const {
  std::string principal = request.principal_json;
  if (principal.empty()) {
    if (auto ticket = request.queryValue("ticket")) {
      try {
        if (auto redeemed = service_.tickets().redeem(*ticket)) principal = std::move(*redeemed);
      } catch (const std::exception& e) {
        ticketStoreFailed(response, e);
        return;
      }
    }
    if (principal.empty()) {
      response.setError(401, "unauthenticated", "Authentication required (token or ticket)");
      return;
    }
  }
  const std::string subject = subjectOf(principal);
  if (!events::validChannelName(events::userChannel(subject)) || subject.empty()) {
    response.setError(403, "forbidden", "This principal cannot follow events");
    return;
  }
  std::optional<uint64_t> last_id;
  try {
    last_id = lastEventId(request);
  } catch (const std::invalid_argument& e) {
    response.setError(400, "invalid_last_event_id", e.what());
    return;
  }
  const std::vector<std::string> topics = requestedTopics(request);
  if (topics.size() > service_.config().max_topics) {
    response.setError(400, "too_many_topics",
                      "At most " + std::to_string(service_.config().max_topics) + " topics");
    return;
  }
  std::vector<std::string> channels{events::userChannel(subject)};
  for (const std::string& topic : topics) {
    if (!events::validChannelName(topic)) {
      response.setError(400, "invalid_topic", "Invalid topic name: " + topic.substr(0, 200));
      return;
    }
    if (service_.policy().decide(principal, subject, topic) !=
        events::TopicPolicy::Decision::kAllowed) {
      response.setError(403, "topic_forbidden", "Not allowed to follow topic " + topic);
      return;
    }
    if (topic != channels.front()) channels.push_back(topic);
  }
  if (service_.full()) {
    response.setError(503, "too_many_streams", "Too many open event streams, retry later");
    response.setHeader("Retry-After", "5");
    return;
  }
  response.status = 200;
  response.content_type = "text/event-stream; charset=utf-8";
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("X-Accel-Buffering", "no");  // nginx: do not buffer the stream
  events::EventsService* service = &service_;
  response.stream = [service, subject, channels = std::move(channels), last_id](
                        int fd, std::string head) mutable {
    service->openStream(fd, std::move(head), subject, std::move(channels), last_id);
  };
}

void EventsEndpoint::ticket(const http::Request& request, http::Response& response) const {
  // The auth middleware (required) ran before: there is a principal.
  std::optional<std::string> ticket;
  try {
    ticket = service_.tickets().issue(request.principal_json);
  } catch (const std::exception& e) {
    ticketStoreFailed(response, e);
    return;
  }
  if (!ticket) {
    response.setError(503, "too_many_tickets", "Too many tickets outstanding, retry later");
    response.setHeader("Retry-After", "5");
    return;
  }
  const auto ttl = std::chrono::duration_cast<std::chrono::seconds>(service_.tickets().ttl());
  response.setJson(200, nlohmann::json{{"ticket", *ticket}, {"expires_in", ttl.count()}}.dump());
  response.setHeader("Cache-Control", "no-store");
}

}  // namespace atrium::host::server
