#include "host/services/ai/openai_provider.hpp"

#include <gtest/gtest.h>

#include "host/services/ai/retry_loop.hpp"
#include "tests/host/services/ai/ai_test_support.hpp"

namespace atrium::host::ai {
namespace {

using namespace std::chrono_literals;
using atrium::testing::HttpTestRequest;
using atrium::testing::HttpTestResponse;
using atrium::testing::HttpTestServer;
using testing::openAiAnswer;
using Json = nlohmann::json;

std::string openAiError(const std::string& message, const std::string& type) {
  return Json{{"error", {{"message", message}, {"type", type}, {"code", nullptr}}}}.dump();
}

GenerationRequest chat() {
  GenerationRequest r;
  r.system = "You are a calm meditation guide.";
  r.messages = {{"user", "I feel anxious"}, {"assistant", "Let's breathe."}, {"user", "How?"}};
  r.temperature = 0.2;
  return r;
}

// The real provider against a local server speaking the chat completions format.
class OpenAiHttpTest : public ::testing::Test {
 protected:
  OpenAiProvider provider(const HttpTestServer& server, std::chrono::milliseconds timeout = 2s,
                          std::string key = "sk-test-456") {
    config::AiProviderConfig c =
        testing::localConfig(server, config::AiProviderKind::kOpenAi).openai;
    c.timeout = timeout;
    c.api_key = std::move(key);
    return OpenAiProvider(c, 64 * 1024, 1024, cancel_);
  }
  GenerationResult run(OpenAiProvider& p, std::chrono::milliseconds deadline = 10s) {
    const RetrySettings settings{{3, 20ms, 100ms}, deadline};
    return runWithRetries(
        p, chat(), "gpt-test", settings,
        [this](std::chrono::milliseconds wait) {
          waits_.push_back(wait);
          return true;
        },
        [] { return 0.0; });
  }
  AiError failure(OpenAiProvider& p, std::chrono::milliseconds deadline = 10s) {
    try {
      run(p, deadline);
    } catch (const AiError& e) {
      return e;
    }
    ADD_FAILURE() << "expected an AiError";
    return AiError(AiErrorKind::kUnavailable, "none");
  }
  std::atomic<bool> cancel_{false};
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(OpenAiHttpTest, PostsChatCompletionsWithABearerKey) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, openAiAnswer("Inhale for 4.")};
  });
  OpenAiProvider p = provider(server);
  const GenerationResult result = run(p);
  EXPECT_EQ(result.text, "Inhale for 4.");
  EXPECT_EQ(result.provider, "openai");
  EXPECT_EQ(result.model, "gpt-test");
  EXPECT_EQ(result.finish_reason, "stop");
  EXPECT_TRUE(result.usage_in_tokens);
  EXPECT_EQ(result.prompt_units, 9);
  EXPECT_EQ(result.completion_units, 21);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/v1/chat/completions");
  EXPECT_EQ(requests[0].header("authorization"), "Bearer sk-test-456");
  const Json body = Json::parse(requests[0].body);
  EXPECT_EQ(body["model"], "gpt-test");
  ASSERT_EQ(body["messages"].size(), 4u);
  EXPECT_EQ(body["messages"][0],
            (Json{{"role", "system"}, {"content", "You are a calm meditation guide."}}));
  EXPECT_EQ(body["messages"][2]["role"], "assistant");
  EXPECT_EQ(body["messages"][3]["content"], "How?");
  EXPECT_EQ(body["max_tokens"], 1024);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.2);
}

TEST_F(OpenAiHttpTest, WithoutAKeyNoAuthorizationIsSent) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, openAiAnswer("local")};
  });
  OpenAiProvider p = provider(server, 2s, "");
  EXPECT_EQ(run(p).text, "local");
  EXPECT_EQ(server.requests()[0].header("authorization"), "");
}

TEST_F(OpenAiHttpTest, TooManyRequestsThenSuccess) {
  std::atomic<int> calls{0};
  HttpTestServer server([&](const HttpTestRequest&) {
    if (calls++ < 2) {
      return HttpTestResponse{429, openAiError("Rate limit reached", "requests")};
    }
    return HttpTestResponse{200, openAiAnswer("ok")};
  });
  OpenAiProvider p = provider(server);
  const GenerationResult result = run(p);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(waits_, (std::vector<std::chrono::milliseconds>{10ms, 20ms}));
}

TEST_F(OpenAiHttpTest, ServerErrorsUntilTheAttemptsRunOut) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{503, openAiError("overloaded", "server_error")};
  });
  OpenAiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
  EXPECT_EQ(e.attempts(), 3);
  EXPECT_STREQ(e.what(), "openai answered HTTP 503: overloaded (gave up after 3 attempts)");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST_F(OpenAiHttpTest, ARetryAfterBeyondTheDeadlineStopsAtOnce) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{429,
                            openAiError("slow down", "requests"),
                            "application/json",
                            0ms,
                            {{"Retry-After", "30"}}};
  });
  OpenAiProvider p = provider(server);
  const AiError e = failure(p, 5s);
  EXPECT_EQ(e.kind(), AiErrorKind::kRateLimited);
  EXPECT_EQ(e.attempts(), 1);
  EXPECT_TRUE(waits_.empty());
}

TEST_F(OpenAiHttpTest, ATimeoutIsRetriedThenReported) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, openAiAnswer("late"), "application/json", 2s};
  });
  OpenAiProvider p = provider(server, 200ms);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kTimeout);
  EXPECT_EQ(e.attempts(), 3);
}

TEST_F(OpenAiHttpTest, MalformedJsonIsABadResponse) {
  HttpTestServer server([](const HttpTestRequest&) { return HttpTestResponse{200, "<html>oops"}; });
  OpenAiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kBadResponse);
  EXPECT_EQ(e.attempts(), 1);
}

TEST_F(OpenAiHttpTest, ContentFilterAndRefusalAreRefused) {
  HttpTestServer server([](const HttpTestRequest& r) {
    if (r.body.find("\"temperature\"") != std::string::npos) {
      return HttpTestResponse{200, R"({"choices":[{"index":0,"message":{"role":"assistant",
          "content":null},"finish_reason":"content_filter"}]})"};
    }
    return HttpTestResponse{200, ""};
  });
  OpenAiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kRefused);
  EXPECT_EQ(e.attempts(), 1);

  const AttemptOutcome refusal = parseOpenAiAnswer(
      R"({"choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]})",
      "m");
  EXPECT_EQ(refusal.error, AiErrorKind::kRefused);
}

TEST(OpenAiAnswerTest, WrongShapesAreBadResponses) {
  for (const char* body : {"null", R"({"choices":{}})", R"({"choices":[{"finish_reason":"stop"}]})",
                           R"({"choices":[{"message":{"content":7}}]})",
                           R"({"choices":[{"message":{"content":""}}]})"}) {
    const AttemptOutcome o = parseOpenAiAnswer(body, "m");
    EXPECT_FALSE(o.result) << body;
    EXPECT_EQ(o.error, AiErrorKind::kBadResponse) << body;
  }
}

TEST(OpenAiBodyTest, JsonOutputAndStops) {
  GenerationRequest r;
  r.messages = {{"user", "list"}};
  r.json_output = true;
  r.stop = {"\n\n", "END"};
  r.max_tokens = 50;
  const Json body = openAiBody(r, "gpt-x", 1000);
  EXPECT_EQ(body["response_format"], (Json{{"type", "json_object"}}));
  EXPECT_EQ(body["stop"], Json::array({"\n\n", "END"}));
  EXPECT_EQ(body["max_tokens"], 50);
  EXPECT_EQ(body["messages"].size(), 1u);
}

}  // namespace
}  // namespace atrium::host::ai
