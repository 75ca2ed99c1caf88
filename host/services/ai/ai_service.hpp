#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/services/ai/ai_error.hpp"
#include "host/services/ai/generation_request.hpp"
#include "host/services/ai/generation_result.hpp"
#include "host/services/ai/retry_loop.hpp"

namespace atrium::host::db {
class Database;
}

namespace atrium::host::ai {

class Provider;
class UsageStore;

// Who is asking: recorded in the usage row and tagged on log lines.
struct AiCaller {
  std::string plugin;  // plugin name, or "lua.<script id>"
  std::string user_id;
  std::string request_id;
};

// Runs a prompt template: calls `function` of script `script` with `vars` and returns what it
// returned (an object such as {prompt=, system=, temperature=, ...}). Throws on a script
// failure (its message becomes a template_error). The host wires it to the script engine.
using TemplateRenderer =
    std::function<nlohmann::json(std::string_view script, std::string_view function,
                                 const nlohmann::json& vars, std::string_view request_id)>;

// The host's AI service (docs/ai.md): text generation through the configured providers with
// retries, timeouts and usage recording. Thread-safe; calls block for at most ai.deadline.
class AiService {
 public:
  // `database` may be null (no usage rows). `sink` and `database` must outlive the service.
  AiService(config::AiConfig config, std::string product, db::Database* database,
            const common::LogSink& sink);
  ~AiService();
  AiService(const AiService&) = delete;
  AiService& operator=(const AiService&) = delete;

  // Gives generate() prompt templates ({script, function, vars} requests).
  void provideTemplates(TemplateRenderer renderer);
  // Replaces the real sleep between attempts (tests count the waits).
  void setSleeper(Sleeper sleeper);
  // Interrupts waits and transfers in progress; later calls fail as unavailable.
  void stop();

  // A request as JSON: explicit ({prompt=, system=, messages=, ...}) or a template
  // ({script=, function= (default "prompt"), vars=}, with explicit fields filling what the
  // template left unset). "user_id" in the JSON is used when `caller` has none. Throws AiError.
  // `renderer` replaces the service's template renderer for this call (a Lua script's call runs
  // its template on its own Lua state).
  GenerationResult generate(const nlohmann::json& request, const AiCaller& caller,
                            const TemplateRenderer* renderer = nullptr);
  // An already parsed request (`template_id`: the script it came from, for the usage row).
  GenerationResult generate(const GenerationRequest& request, const AiCaller& caller,
                            std::string_view template_id = {});

  const config::AiConfig& config() const { return config_; }

 private:
  Provider& providerFor(const GenerationRequest& request);
  nlohmann::json renderTemplate(const nlohmann::json& request, const AiCaller& caller,
                                const TemplateRenderer& renderer, std::string& template_id);
  void recordUsage(const AiCaller& caller, std::string_view template_id, std::string_view provider,
                   const std::string& model, const GenerationRequest& request,
                   const GenerationResult* result, const AiError* error, int64_t latency_ms);
  double unitRandom();

  config::AiConfig config_;
  std::string product_;
  common::Logger logger_;
  std::unique_ptr<UsageStore> usage_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Provider> offline_;
  std::unique_ptr<Provider> gemini_;
  std::unique_ptr<Provider> openai_;
  TemplateRenderer templates_;
  Sleeper sleeper_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace atrium::host::ai
