// buildEnvelopes and builtinEnvelopes: the `envelopes:` section.
#include <array>
#include <regex>

#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 6> kPlaceholders = {"message",    "code",   "status",
                                                           "request_id", "errors", "retry_after"};

Envelope makeEnvelope(std::string name, Json error_template) {
  Envelope envelope;
  envelope.name = std::move(name);
  envelope.error_template = std::move(error_template);
  return envelope;
}

}  // namespace

void findUnknownPlaceholders(const Json& value, std::vector<std::string>& unknown,
                             const std::vector<std::string_view>& only) {
  if (value.is_string()) {
    static const std::regex placeholder("\\{\\{\\s*([^}]*?)\\s*\\}\\}");
    const std::string& text = value.get_ref<const std::string&>();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
      const std::string name = (*it)[1].str();
      const bool optional = name == "errors" || name == "retry_after";
      const bool allowed =
          optional
              ? only.empty() || std::find(only.begin(), only.end(), name) != only.end()
              : std::find(kPlaceholders.begin(), kPlaceholders.end(), name) != kPlaceholders.end();
      if (!allowed) unknown.push_back(name);
    }
  } else if (value.is_structured()) {
    for (const auto& child : value) findUnknownPlaceholders(child, unknown, only);
  }
}

std::map<std::string, Envelope> builtinEnvelopes() {
  std::map<std::string, Envelope> envelopes;
  const auto add = [&](const std::string& name, Json error_template) {
    envelopes.emplace(name, makeEnvelope(name, std::move(error_template)));
  };
  add("default",
      {{"error",
        {{"code", "{{code}}"}, {"message", "{{message}}"}, {"request_id", "{{request_id}}"}}}});
  add("success_message", {{"success", false}, {"message", "{{message}}"}});
  add("status_message", {{"status", "error"}, {"message", "{{message}}"}});
  add("error_message", {{"error", "{{code}}"}, {"message", "{{message}}"}});
  add("error_only", {{"error", "{{message}}"}});
  return envelopes;
}

std::map<std::string, Envelope> buildEnvelopes(ConfigBuildContext& ctx) {
  std::map<std::string, Envelope> envelopes = builtinEnvelopes();
  const YAML::Node section = ConfigBuildContext::child(ctx.root(), "envelopes");
  static const std::regex name_pattern("^[a-z][a-z0-9_-]*$");
  for (const auto& [name, v] : ctx.values().at("envelopes").items()) {
    const YAML::Node yaml = ConfigBuildContext::child(section, name);
    const YAML::Node at = ConfigBuildContext::child(yaml, "error");
    const std::string path = "envelopes." + name;
    if (!std::regex_match(name, name_pattern)) {
      ctx.error(yaml, section, path,
                "invalid envelope name '" + name +
                    "' (lowercase letters, digits, '_' and '-', starting with a letter)");
    }
    const Json& error_template = v.at("error");
    if (!error_template.is_object()) {
      ctx.error(at, yaml, path + ".error", "the template must be a mapping (a JSON object)");
      continue;
    }
    std::vector<std::string> unknown;
    findUnknownPlaceholders(error_template, unknown);
    for (const auto& placeholder : unknown) {
      ctx.error(at, yaml, path + ".error",
                "unknown placeholder '{{" + placeholder +
                    "}}' (known: {{message}}, {{code}}, {{status}}, {{request_id}}, {{errors}}, "
                    "{{retry_after}})");
    }
    envelopes.insert_or_assign(name, makeEnvelope(name, error_template));
  }
  return envelopes;
}

}  // namespace atrium::host::config
