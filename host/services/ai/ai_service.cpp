#include "host/services/ai/ai_service.hpp"

#include <algorithm>
#include <thread>

#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"
#include "host/services/ai/gemini_provider.hpp"
#include "host/services/ai/offline_provider.hpp"
#include "host/services/ai/openai_provider.hpp"
#include "host/services/ai/usage_store.hpp"

namespace atrium::host::ai {
namespace {

constexpr size_t kMaxScriptIdBytes = 200;
constexpr size_t kMaxFunctionBytes = 64;

bool validScriptId(std::string_view id) {
  if (id.empty() || id.size() > kMaxScriptIdBytes || id.front() == '/' || id.back() == '/') {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '/';
    if (!ok) return false;
  }
  return id.find("//") == std::string_view::npos;
}

bool validFunctionName(std::string_view name) {
  if (name.empty() || name.size() > kMaxFunctionBytes) return false;
  if (name.front() >= '0' && name.front() <= '9') return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string stringField(const nlohmann::json& request, const char* key) {
  const auto it = request.find(key);
  if (it == request.end() || it->is_null()) return {};
  if (!it->is_string()) {
    throw AiError(AiErrorKind::kInvalidRequest, std::string(key) + " must be a string");
  }
  return it->get<std::string>();
}

}  // namespace

AiService::AiService(config::AiConfig config, std::string product, db::Database* database,
                     const common::LogSink& sink)
    : config_(std::move(config)),
      product_(std::move(product)),
      logger_(sink, "host.ai"),
      usage_(database != nullptr && config_.record_usage ? std::make_unique<UsageStore>(*database)
                                                         : nullptr),
      offline_(std::make_unique<OfflineProvider>(config_.offline_model)),
      gemini_(std::make_unique<GeminiProvider>(config_.gemini, config_.max_response_bytes,
                                               config_.max_output_tokens, stopping_)),
      openai_(std::make_unique<OpenAiProvider>(config_.openai, config_.max_response_bytes,
                                               config_.max_output_tokens, stopping_)),
      random_(std::random_device{}()) {}

AiService::~AiService() { stop(); }

void AiService::provideTemplates(TemplateRenderer renderer) { templates_ = std::move(renderer); }

void AiService::setSleeper(Sleeper sleeper) { sleeper_ = std::move(sleeper); }

void AiService::stop() { stopping_.store(true); }

double AiService::unitRandom() {
  const std::lock_guard lock(random_mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

Provider& AiService::providerFor(const GenerationRequest& request) {
  switch (request.provider.value_or(config_.default_provider)) {
    case config::AiProviderKind::kGemini: return *gemini_;
    case config::AiProviderKind::kOpenAi: return *openai_;
    case config::AiProviderKind::kOffline: return *offline_;
  }
  return *offline_;
}

nlohmann::json AiService::renderTemplate(const nlohmann::json& request, const AiCaller& caller,
                                         const TemplateRenderer& renderer,
                                         std::string& template_id) {
  template_id = stringField(request, "script");
  std::string function = stringField(request, "function");
  if (function.empty()) function = "prompt";
  if (!validScriptId(template_id)) {
    throw AiError(AiErrorKind::kInvalidRequest,
                  "script must be a script id such as \"taklifnoma/prompts/invitation\"");
  }
  if (!validFunctionName(function)) {
    throw AiError(AiErrorKind::kInvalidRequest, "function must be a Lua function name");
  }
  const nlohmann::json vars = request.contains("vars") ? request["vars"] : nlohmann::json::object();
  if (!renderer) throw AiError(AiErrorKind::kTemplate, "no script engine for prompt templates");
  nlohmann::json spec;
  try {
    spec = renderer(template_id, function, vars, caller.request_id);
  } catch (const std::exception& e) {
    throw AiError(AiErrorKind::kTemplate, template_id + "." + function + ": " + e.what());
  }
  if (!spec.is_object()) {
    throw AiError(AiErrorKind::kTemplate,
                  template_id + "." + function + " must return a table {prompt=, system=, ...}");
  }
  // The request's own settings fill what the template left unset.
  for (const auto& [key, value] : request.items()) {
    if (key == "script" || key == "function" || key == "vars") continue;
    if (!spec.contains(key)) spec[key] = value;
  }
  return spec;
}

GenerationResult AiService::generate(const nlohmann::json& request, const AiCaller& caller,
                                     const TemplateRenderer* renderer) {
  if (!request.is_object()) {
    throw AiError(AiErrorKind::kInvalidRequest, "the request must be a JSON object");
  }
  AiCaller who = caller;
  if (who.user_id.empty()) who.user_id = stringField(request, "user_id");
  if (who.user_id.size() > 128) throw AiError(AiErrorKind::kInvalidRequest, "user_id: too long");
  std::string template_id;
  nlohmann::json spec = request;
  if (request.contains("script")) {
    spec = renderTemplate(request, who, renderer != nullptr ? *renderer : templates_, template_id);
  } else if (request.contains("function") || request.contains("vars")) {
    throw AiError(AiErrorKind::kInvalidRequest, "function and vars need script");
  }
  GenerationRequest parsed;
  try {
    parsed = parseGenerationRequest(spec, config_);
  } catch (const AiError& e) {
    if (template_id.empty()) throw;
    throw AiError(AiErrorKind::kTemplate, template_id + ": " + e.what());
  }
  return generate(parsed, who, template_id);
}

GenerationResult AiService::generate(const GenerationRequest& request, const AiCaller& caller,
                                     std::string_view template_id) {
  Provider& provider = providerFor(request);
  const std::string model = request.model.empty() ? provider.defaultModel() : request.model;
  if (stopping_.load()) throw AiError(AiErrorKind::kUnavailable, "the AI service is stopping");
  const Sleeper sleep = sleeper_ ? sleeper_ : Sleeper([this](std::chrono::milliseconds wait) {
    // Short slices so that stop() is noticed.
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      if (stopping_.load()) return false;
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          std::chrono::milliseconds(50), until - std::chrono::steady_clock::now()));
    }
    return !stopping_.load();
  });
  const RetrySettings settings{config_.retry, config_.deadline};
  const auto started = std::chrono::steady_clock::now();
  try {
    GenerationResult result =
        runWithRetries(provider, request, model, settings, sleep, [this] { return unitRandom(); });
    recordUsage(caller, template_id, provider.name(), model, request, &result, nullptr,
                result.latency_ms);
    logger_.log(common::LogLevel::kInfo, "generated", caller.request_id,
                {{"provider", result.provider},
                 {"model", result.model},
                 {"caller", caller.plugin},
                 {"template", template_id},
                 {"attempts", result.attempts},
                 {"latency_ms", result.latency_ms},
                 {"unit", result.usage_in_tokens ? "tokens" : "characters"},
                 {"prompt_units", result.prompt_units},
                 {"completion_units", result.completion_units}});
    return result;
  } catch (AiError& e) {
    const int64_t latency = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
    recordUsage(caller, template_id, provider.name(), model, request, nullptr, &e, latency);
    logger_.log(common::LogLevel::kWarn, "generation failed", caller.request_id,
                {{"provider", provider.name()},
                 {"model", model},
                 {"caller", caller.plugin},
                 {"template", template_id},
                 {"error", aiErrorKindName(e.kind())},
                 {"detail", e.what()},
                 {"attempts", e.attempts()},
                 {"latency_ms", latency}});
    e.setFallback(request.fallback);
    throw;
  }
}

void AiService::recordUsage(const AiCaller& caller, std::string_view template_id,
                            std::string_view provider, const std::string& model,
                            const GenerationRequest& request, const GenerationResult* result,
                            const AiError* error, int64_t latency_ms) {
  if (!usage_) return;
  UsageRecord row;
  row.product = product_;
  row.plugin = caller.plugin;
  row.user_id = caller.user_id;
  row.template_id = std::string(template_id);
  row.provider = std::string(provider);
  row.model = result != nullptr ? result->model : model;
  row.request_id = caller.request_id;
  row.at = std::chrono::system_clock::now();
  if (result != nullptr) {
    row.in_tokens = result->usage_in_tokens;
    row.prompt_units = result->prompt_units;
    row.completion_units = result->completion_units;
    row.attempts = result->attempts;
    row.latency_ms = result->latency_ms;
    row.outcome = "ok";
  } else {
    row.prompt_units = static_cast<int64_t>(request.promptBytes());
    row.attempts = error->attempts();
    row.latency_ms = latency_ms;
    row.outcome = std::string(aiErrorKindName(error->kind()));
  }
  try {
    usage_->record(row);
  } catch (const std::exception& e) {
    // The generation itself stands: a missing usage row is logged, not fatal.
    logger_.log(common::LogLevel::kWarn, "usage row not recorded", caller.request_id,
                {{"error", e.what()}});
  }
}

}  // namespace atrium::host::ai
