#include "host/services/events/topic_policy.hpp"

#include <exception>

namespace atrium::host::events {

namespace {

bool validName(std::string_view name, size_t max) {
  if (name.empty() || name.size() > max) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == ':' || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool validChannelName(std::string_view name) { return validName(name, 200); }
bool validEventName(std::string_view name) { return validName(name, 100); }

std::string userChannel(std::string_view subject) { return "user:" + std::string(subject); }

bool TopicPolicy::matches(std::string_view pattern, std::string_view topic) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return topic.size() > pattern.size() && topic.substr(0, pattern.size()) == pattern;
  }
  return pattern == topic;
}

TopicPolicy::Decision TopicPolicy::decide(const std::string& principal_json,
                                          std::string_view subject,
                                          const std::string& topic) const {
  if (topic.rfind("user:", 0) == 0) {
    return topic == userChannel(subject) ? Decision::kAllowed : Decision::kForbidden;
  }
  for (const Rule& rule : rules_) {
    if (!matches(rule.pattern, topic)) continue;
    try {
      return rule.authorize(principal_json, topic) ? Decision::kAllowed : Decision::kForbidden;
    } catch (const std::exception&) {
      return Decision::kForbidden;
    }
  }
  return Decision::kNoRule;
}

}  // namespace atrium::host::events
