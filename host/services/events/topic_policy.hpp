#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::host::events {

// Channel and topic names: 1..200 of [A-Za-z0-9:_.-]. A user's own channel is "user:<sub>".
bool validChannelName(std::string_view name);
// Event names: 1..100 of [A-Za-z0-9:_.-].
bool validEventName(std::string_view name);
std::string userChannel(std::string_view subject);

// Who may follow which topic: the first rule whose pattern matches decides ("prefix*" matches
// by prefix, anything else exactly). A topic matching no rule is refused, and so is any
// "user:" channel but the caller's own. Authorisers come from the assembly (a Lua rule or a
// plugin handler); one that throws refuses.
class TopicPolicy {
 public:
  using Authorizer =
      std::function<bool(const std::string& principal_json, const std::string& topic)>;
  struct Rule {
    std::string pattern;
    Authorizer authorize;
  };
  enum class Decision { kAllowed, kForbidden, kNoRule };

  TopicPolicy() = default;
  explicit TopicPolicy(std::vector<Rule> rules) : rules_(std::move(rules)) {}

  Decision decide(const std::string& principal_json, std::string_view subject,
                  const std::string& topic) const;

  static bool matches(std::string_view pattern, std::string_view topic);

 private:
  std::vector<Rule> rules_;
};

}  // namespace atrium::host::events
