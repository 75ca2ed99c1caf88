// buildAi: the `ai:` section (the AI service, host/services/ai, docs/ai.md).
#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {
namespace {

std::chrono::milliseconds millis(const nlohmann::json& v, const char* key) {
  return std::chrono::milliseconds(v.at(key).get<int64_t>());
}

AiProviderConfig buildProvider(ConfigBuildContext& ctx, const nlohmann::json& v,
                               const YAML::Node& ai_yaml, const char* name) {
  const nlohmann::json& p = v.at(name);
  const YAML::Node yaml = ConfigBuildContext::child(ai_yaml, name);
  AiProviderConfig provider;
  provider.base_url = p.at("base_url").get<std::string>();
  while (!provider.base_url.empty() && provider.base_url.back() == '/') {
    provider.base_url.pop_back();
  }
  provider.api_key = p.at("api_key").get<std::string>();
  requireFromEnvironment(ctx, yaml, provider.api_key, "api_key",
                         std::string("ai.") + name + ".api_key");
  provider.model = p.at("model").get<std::string>();
  provider.connect_timeout = millis(p, "connect_timeout");
  provider.timeout = millis(p, "timeout");
  return provider;
}

AiProviderKind providerKind(const std::string& name) {
  if (name == "gemini") return AiProviderKind::kGemini;
  if (name == "openai") return AiProviderKind::kOpenAi;
  return AiProviderKind::kOffline;
}

}  // namespace

AiConfig buildAi(ConfigBuildContext& ctx) {
  const nlohmann::json& v = ctx.values().at("ai");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "ai");
  AiConfig ai;
  ai.default_provider = providerKind(v.at("provider").get<std::string>());
  ai.gemini = buildProvider(ctx, v, yaml, "gemini");
  ai.openai = buildProvider(ctx, v, yaml, "openai");
  ai.offline_model = v.at("offline").at("model").get<std::string>();
  ai.retry = buildRetry(v.at("retry"));
  ai.deadline = millis(v, "deadline");
  ai.max_prompt_bytes = v.at("max_prompt_size").get<size_t>();
  ai.max_output_tokens = v.at("max_output_tokens").get<int>();
  ai.max_response_bytes = v.at("max_response_size").get<size_t>();
  ai.record_usage = v.at("record_usage").get<bool>();
  // Gemini as the default needs its key now; a provider a request names is checked then. An
  // OpenAI-compatible server may need no key (a local one): none is sent then.
  const YAML::Node provider = ConfigBuildContext::child(yaml, "provider");
  if (ai.default_provider == AiProviderKind::kGemini && ai.gemini.api_key.empty()) {
    ctx.error(provider, yaml, "ai.gemini.api_key",
              "the gemini provider needs an API key: api_key: ${GEMINI_API_KEY}");
  }
  return ai;
}

}  // namespace atrium::host::config
