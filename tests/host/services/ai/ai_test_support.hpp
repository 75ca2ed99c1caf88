#pragma once

// Answers in the providers' own formats, and an AiConfig pointing at a local HttpTestServer.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "host/config/host_config.hpp"
#include "tests/support/http_test_server.hpp"

namespace atrium::host::ai::testing {

using namespace std::chrono_literals;

// A generateContent answer with one candidate.
inline std::string geminiAnswer(const std::string& text, int prompt_tokens = 12,
                                int output_tokens = 34) {
  return nlohmann::json{{"candidates",
                         {{{"content", {{"role", "model"}, {"parts", {{{"text", text}}}}}},
                           {"finishReason", "STOP"},
                           {"index", 0}}}},
                        {"usageMetadata",
                         {{"promptTokenCount", prompt_tokens},
                          {"candidatesTokenCount", output_tokens},
                          {"totalTokenCount", prompt_tokens + output_tokens}}},
                        {"modelVersion", "gemini-test-001"}}
      .dump();
}

inline std::string geminiError(int code, const std::string& status, const std::string& message) {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}, {"status", status}}}}
      .dump();
}

// A chat completions answer with one choice.
inline std::string openAiAnswer(const std::string& text, int prompt_tokens = 9,
                                int completion_tokens = 21) {
  return nlohmann::json{
      {"id", "chatcmpl-1"},
      {"object", "chat.completion"},
      {"model", "gpt-test"},
      {"choices",
       {{{"index", 0},
         {"message", {{"role", "assistant"}, {"content", text}, {"refusal", nullptr}}},
         {"finish_reason", "stop"}}}},
      {"usage",
       {{"prompt_tokens", prompt_tokens},
        {"completion_tokens", completion_tokens},
        {"total_tokens", prompt_tokens + completion_tokens}}}}
      .dump();
}

// Fast retries and a short deadline, both HTTP providers at `server`.
inline config::AiConfig localConfig(const atrium::testing::HttpTestServer& server,
                                    config::AiProviderKind provider) {
  config::AiConfig c;
  c.default_provider = provider;
  c.gemini.base_url = server.url();
  c.gemini.api_key = "gemini-key-123";
  c.gemini.model = "gemini-test";
  c.gemini.connect_timeout = 2s;
  c.gemini.timeout = 2s;
  c.openai.base_url = server.url() + "/v1";
  c.openai.api_key = "sk-test-456";
  c.openai.model = "gpt-test";
  c.openai.connect_timeout = 2s;
  c.openai.timeout = 2s;
  c.retry.max_attempts = 3;
  c.retry.initial_delay = 20ms;
  c.retry.max_delay = 100ms;
  c.deadline = 10s;
  return c;
}

}  // namespace atrium::host::ai::testing
