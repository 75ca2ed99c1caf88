#include "host/services/ai/generation_request.hpp"

#include <gtest/gtest.h>

#include "host/services/ai/ai_error.hpp"

namespace atrium::host::ai {
namespace {

using Json = nlohmann::json;

config::AiConfig limits() {
  config::AiConfig c;
  c.max_prompt_bytes = 100;
  c.max_output_tokens = 500;
  return c;
}

std::string invalid(const Json& spec) {
  try {
    parseGenerationRequest(spec, limits());
  } catch (const AiError& e) {
    EXPECT_EQ(e.kind(), AiErrorKind::kInvalidRequest);
    return e.what();
  }
  return "accepted";
}

TEST(GenerationRequestTest, ReadsEveryField) {
  const GenerationRequest r = parseGenerationRequest(
      Json{{"prompt", "Write"},
           {"system", "Be kind"},
           {"messages",
            {{{"role", "user"}, {"content", "hi"}}, {{"role", "assistant"}, {"content", "hello"}}}},
           {"temperature", 0.5},
           {"top_p", 1},
           {"max_tokens", 200},
           {"stop", "END"},
           {"json", true},
           {"provider", "gemini"},
           {"model", "gemini-1.5-pro"},
           {"fallback", "Offline text"}},
      limits());
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.messages[2].role, "user");
  EXPECT_EQ(r.messages[2].content, "Write");
  EXPECT_EQ(r.system, "Be kind");
  EXPECT_EQ(r.temperature, 0.5);
  EXPECT_EQ(r.top_p, 1.0);
  EXPECT_EQ(r.max_tokens, 200);
  EXPECT_EQ(r.stop, std::vector<std::string>{"END"});
  EXPECT_TRUE(r.json_output);
  EXPECT_EQ(r.provider, config::AiProviderKind::kGemini);
  EXPECT_EQ(r.model, "gemini-1.5-pro");
  EXPECT_EQ(r.fallback, "Offline text");
  EXPECT_EQ(r.promptBytes(), 7u + 2 + 5 + 5);
}

TEST(GenerationRequestTest, RefusesBadInputNamingTheField) {
  EXPECT_EQ(invalid(Json::array()), "the request must be an object");
  EXPECT_EQ(invalid(Json::object()), "prompt (or messages) is required");
  EXPECT_EQ(invalid({{"prompt", 5}}), "prompt must be a string");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"temprature", 1}}), "unknown field 'temprature'");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"temperature", 3}}), "temperature must be between 0 and 2");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"temperature", "hot"}}), "temperature must be a number");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"max_tokens", 501}}),
            "max_tokens must be between 1 and 500");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"max_tokens", 2.5}}), "max_tokens must be an integer");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"provider", "claude"}}),
            "provider must be offline, gemini or openai");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"model", "a b"}}), "model: at most 128 of [A-Za-z0-9._:/-]");
  EXPECT_EQ(invalid({{"messages", {{{"role", "system"}, {"content", "x"}}}}}),
            "messages[0].role must be \"user\" or \"assistant\" (the system text goes in system)");
  EXPECT_EQ(invalid({{"messages", {{{"role", "user"}}}}}),
            "messages[0] must be {role, content} with string values");
  EXPECT_EQ(invalid({{"messages", {{{"role", "assistant"}, {"content", "x"}}}}}),
            "the last message must be the user's");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"stop", {"a", "b", "c", "d", "e"}}}),
            "stop: at most 4 sequences");
  EXPECT_EQ(invalid({{"prompt", "x"}, {"json", "yes"}}), "json must be a boolean");
  EXPECT_EQ(invalid({{"prompt", std::string(101, 'x')}}),
            "the prompt is 101 bytes; ai.max_prompt_size allows 100");
}

}  // namespace
}  // namespace atrium::host::ai
