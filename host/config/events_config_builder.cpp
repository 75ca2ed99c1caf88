// buildEvents: the `events:` section (server-sent events, host/services/events).
#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {
namespace {

std::chrono::milliseconds millis(const nlohmann::json& v, const char* key) {
  return std::chrono::milliseconds(v.at(key).get<int64_t>());
}

std::string optionalString(const nlohmann::json& v, const char* key) {
  return v.contains(key) ? v.at(key).get<std::string>() : std::string();
}

std::vector<EventsTopicRule> buildTopicRules(ConfigBuildContext& ctx, const YAML::Node& events) {
  std::vector<EventsTopicRule> rules;
  const YAML::Node section = ConfigBuildContext::child(events, "topics");
  const nlohmann::json& values = ctx.values().at("events").at("topics");
  for (size_t i = 0; i < values.size(); ++i) {
    const YAML::Node yaml = ConfigBuildContext::item(section, i);
    const std::string path = "events.topics[" + std::to_string(i) + "]";
    EventsTopicRule rule;
    rule.pattern = values[i].at("pattern").get<std::string>();
    rule.script = optionalString(values[i], "script");
    rule.function = optionalString(values[i], "function");
    rule.handler = optionalString(values[i], "handler");
    rule.mark = ctx.markOf(yaml, section);
    const bool lua = !rule.script.empty() || !rule.function.empty();
    if (lua && (rule.script.empty() || rule.function.empty())) {
      ctx.error(yaml, section, path, "a Lua rule needs both script and function");
    } else if (lua == !rule.handler.empty()) {
      ctx.error(yaml, section, path, "give exactly one authoriser: script + function, or handler");
    }
    if (rule.pattern.rfind("user:", 0) == 0) {
      ctx.error(yaml, section, path + ".pattern",
                "user: channels are private to their user and cannot be granted as topics");
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

EventsConfig buildEvents(ConfigBuildContext& ctx, const HostConfig& config) {
  const nlohmann::json& v = ctx.values().at("events");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "events");
  EventsConfig events;
  events.enabled = v.at("enabled").get<bool>();
  events.path = v.at("path").get<std::string>();
  while (events.path.size() > 1 && events.path.back() == '/') events.path.pop_back();
  events.ticket_ttl = millis(v, "ticket_ttl");
  events.max_tickets = v.at("max_tickets").get<size_t>();
  events.buffer_size = v.at("buffer_size").get<size_t>();
  events.buffer_age = millis(v, "buffer_age");
  events.heartbeat_interval = millis(v, "heartbeat_interval");
  events.max_stream_duration = millis(v, "max_stream_duration");
  events.retry = millis(v, "retry");
  events.queue_limit = v.at("queue_limit").get<size_t>();
  events.max_streams = v.at("max_streams").get<size_t>();
  events.max_topics = v.at("max_topics").get<size_t>();
  events.max_event_bytes = v.at("max_event_bytes").get<size_t>();
  events.topics = buildTopicRules(ctx, yaml);
  if (events.queue_limit < events.max_event_bytes + 256) {
    ctx.error(ConfigBuildContext::child(yaml, "queue_limit"), yaml, "events.queue_limit",
              "must exceed max_event_bytes (one event must fit in a stream's queue)");
  }
  const auto& b = config.builtin;
  for (const std::string* path :
       {&b.health_path, &b.ready_path, &b.metrics_path, &b.scripts_path}) {
    if (events.enabled && !path->empty() && *path == events.path) {
      ctx.error(ConfigBuildContext::child(yaml, "path"), yaml, "events.path",
                "'" + events.path + "' is also a builtin path");
    }
  }
  return events;
}

}  // namespace atrium::host::config
