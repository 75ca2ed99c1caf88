// The `ai:` block (host/config/ai_config_builder.cpp).
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/config/config_load_fixture.hpp"

namespace atrium::host::config {
namespace {

using std::chrono::milliseconds;

class AiConfigBuilderTest : public testing::ConfigLoadTest {};

TEST_F(AiConfigBuilderTest, DefaultsAreTheOfflineProvider) {
  const AiConfig ai = load("product: t\n").ai;
  EXPECT_EQ(ai.default_provider, AiProviderKind::kOffline);
  EXPECT_EQ(ai.gemini.base_url, "https://generativelanguage.googleapis.com");
  EXPECT_EQ(ai.gemini.model, "gemini-1.5-flash");
  EXPECT_EQ(ai.gemini.api_key, "");
  EXPECT_EQ(ai.openai.base_url, "https://api.openai.com/v1");
  EXPECT_EQ(ai.openai.model, "gpt-4o-mini");
  EXPECT_EQ(ai.offline_model, "offline");
  EXPECT_EQ(ai.retry.max_attempts, 3);
  EXPECT_EQ(ai.retry.initial_delay, milliseconds(500));
  EXPECT_EQ(ai.retry.max_delay, milliseconds(8000));
  EXPECT_EQ(ai.deadline, milliseconds(60000));
  EXPECT_EQ(ai.gemini.timeout, milliseconds(30000));
  EXPECT_EQ(ai.max_prompt_bytes, 64u * 1024);
  EXPECT_EQ(ai.max_output_tokens, 2048);
  EXPECT_EQ(ai.max_response_bytes, 1024u * 1024);
  EXPECT_TRUE(ai.record_usage);
}

TEST_F(AiConfigBuilderTest, ReadsEveryKey) {
  env_["GEMINI_API_KEY"] = "g-key";
  env_["OPENAI_API_KEY"] = "o-key";
  const AiConfig ai = load(R"(product: t
ai:
  provider: gemini
  gemini: {base_url: "http://127.0.0.1:9/", api_key: "${GEMINI_API_KEY}", model: gemini-2.0-flash,
           connect_timeout: 1s, timeout: 20s}
  openai: {base_url: "http://llm.local/v1", api_key: "${OPENAI_API_KEY}", model: llama3}
  offline: {model: dev}
  retry: {max_attempts: 5, initial_delay: 100ms, max_delay: 2s}
  deadline: 30s
  max_prompt_size: 8KiB
  max_output_tokens: 500
  max_response_size: 2MiB
  record_usage: false
)")
                          .ai;
  EXPECT_EQ(ai.default_provider, AiProviderKind::kGemini);
  EXPECT_EQ(ai.gemini.base_url, "http://127.0.0.1:9");  // trailing slash dropped
  EXPECT_EQ(ai.gemini.api_key, "g-key");
  EXPECT_EQ(ai.gemini.model, "gemini-2.0-flash");
  EXPECT_EQ(ai.gemini.connect_timeout, milliseconds(1000));
  EXPECT_EQ(ai.gemini.timeout, milliseconds(20000));
  EXPECT_EQ(ai.openai.base_url, "http://llm.local/v1");
  EXPECT_EQ(ai.openai.api_key, "o-key");
  EXPECT_EQ(ai.openai.model, "llama3");
  EXPECT_EQ(ai.offline_model, "dev");
  EXPECT_EQ(ai.retry.max_attempts, 5);
  EXPECT_EQ(ai.deadline, milliseconds(30000));
  EXPECT_EQ(ai.max_prompt_bytes, 8u * 1024);
  EXPECT_EQ(ai.max_output_tokens, 500);
  EXPECT_EQ(ai.max_response_bytes, 2u * 1024 * 1024);
  EXPECT_FALSE(ai.record_usage);
}

TEST_F(AiConfigBuilderTest, KeysMustComeFromTheEnvironment) {
  const std::string error = errorOf("product: t\nai:\n  gemini: {api_key: AIzaLiteral}\n");
  EXPECT_NE(error.find("app.yaml:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("ai.gemini.api_key: a secret must come from the environment"),
            std::string::npos)
      << error;
}

TEST_F(AiConfigBuilderTest, GeminiAsDefaultNeedsItsKey) {
  const std::string error = errorOf("product: t\nai:\n  provider: gemini\n");
  EXPECT_NE(error.find("ai.gemini.api_key: the gemini provider needs an API key"),
            std::string::npos)
      << error;
  // An OpenAI-compatible server may need none (a local one).
  EXPECT_EQ(errorOf("product: t\nai:\n  provider: openai\n"), "");
}

TEST_F(AiConfigBuilderTest, BadValuesAreRefused) {
  EXPECT_NE(errorOf("product: t\nai:\n  provider: claude\n"), "");
  EXPECT_NE(errorOf("product: t\nai:\n  gemini: {base_url: \"ftp://x\"}\n"), "");
  EXPECT_NE(errorOf("product: t\nai:\n  gemini: {model: \"a b\"}\n"), "");
  EXPECT_NE(errorOf("product: t\nai:\n  retry: {max_attempts: 0}\n"), "");
  EXPECT_NE(errorOf("product: t\nai:\n  temperature: 1\n"), "");  // unknown key
}

}  // namespace
}  // namespace atrium::host::config
