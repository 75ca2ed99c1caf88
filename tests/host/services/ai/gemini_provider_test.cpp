#include "host/services/ai/gemini_provider.hpp"

#include <gtest/gtest.h>

#include "host/services/ai/retry_loop.hpp"
#include "tests/host/services/ai/ai_test_support.hpp"

namespace atrium::host::ai {
namespace {

using namespace std::chrono_literals;
using atrium::testing::HttpTestRequest;
using atrium::testing::HttpTestResponse;
using atrium::testing::HttpTestServer;
using testing::geminiAnswer;
using testing::geminiError;
using Json = nlohmann::json;

GenerationRequest invitation() {
  GenerationRequest r;
  r.system = "Siz to'y taklifnomalarini yozasiz.";
  r.messages = {{"user", "Aziz va Malika uchun taklifnoma yozing."}};
  r.temperature = 0.7;
  r.max_tokens = 300;
  return r;
}

// The real provider against a local server speaking Gemini's format, with the real retry loop.
class GeminiHttpTest : public ::testing::Test {
 protected:
  GeminiProvider provider(const HttpTestServer& server, std::chrono::milliseconds timeout = 2s) {
    config::AiProviderConfig c =
        testing::localConfig(server, config::AiProviderKind::kGemini).gemini;
    c.timeout = timeout;
    return GeminiProvider(c, 64 * 1024, 2048, cancel_);
  }
  GenerationResult run(GeminiProvider& p, int max_attempts = 3,
                       std::chrono::milliseconds deadline = 10s) {
    const RetrySettings settings{{max_attempts, 20ms, 100ms}, deadline};
    return runWithRetries(
        p, invitation(), "gemini-test", settings,
        [this](std::chrono::milliseconds wait) {
          waits_.push_back(wait);
          return true;
        },
        [] { return 0.0; });
  }
  // The AiError run() ends with (a test failure when it succeeds).
  AiError failure(GeminiProvider& p, int max_attempts = 3,
                  std::chrono::milliseconds deadline = 10s) {
    try {
      run(p, max_attempts, deadline);
    } catch (const AiError& e) {
      return e;
    }
    ADD_FAILURE() << "expected an AiError";
    return AiError(AiErrorKind::kUnavailable, "none");
  }
  std::atomic<bool> cancel_{false};
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(GeminiHttpTest, PostsGenerateContentWithTheKeyHeaderAndReadsTheAnswer) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, geminiAnswer("Hurmatli mehmonlar!")};
  });
  GeminiProvider p = provider(server);
  const GenerationResult result = run(p);
  EXPECT_EQ(result.text, "Hurmatli mehmonlar!");
  EXPECT_EQ(result.provider, "gemini");
  EXPECT_EQ(result.model, "gemini-test-001");
  EXPECT_EQ(result.finish_reason, "stop");
  EXPECT_TRUE(result.usage_in_tokens);
  EXPECT_EQ(result.prompt_units, 12);
  EXPECT_EQ(result.completion_units, 34);
  EXPECT_EQ(result.attempts, 1);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1beta/models/gemini-test:generateContent");
  EXPECT_EQ(requests[0].header("x-goog-api-key"), "gemini-key-123");
  EXPECT_EQ(requests[0].header("authorization"), "");
  EXPECT_EQ(requests[0].header("content-type"), "application/json");
  const Json body = Json::parse(requests[0].body);
  EXPECT_EQ(body["contents"][0]["role"], "user");
  EXPECT_EQ(body["contents"][0]["parts"][0]["text"], "Aziz va Malika uchun taklifnoma yozing.");
  EXPECT_EQ(body["systemInstruction"]["parts"][0]["text"], "Siz to'y taklifnomalarini yozasiz.");
  EXPECT_DOUBLE_EQ(body["generationConfig"]["temperature"].get<double>(), 0.7);
  EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 300);
}

TEST_F(GeminiHttpTest, TooManyRequestsThenSuccessHonoursRetryAfter) {
  std::atomic<int> calls{0};
  HttpTestServer server([&](const HttpTestRequest&) {
    if (calls++ == 0) {
      return HttpTestResponse{429,
                              geminiError(429, "RESOURCE_EXHAUSTED", "Quota exceeded"),
                              "application/json",
                              0ms,
                              {{"Retry-After", "1"}}};
    }
    return HttpTestResponse{200, geminiAnswer("ok")};
  });
  GeminiProvider p = provider(server);
  const GenerationResult result = run(p);
  EXPECT_EQ(result.text, "ok");
  EXPECT_EQ(result.attempts, 2);
  ASSERT_EQ(waits_.size(), 1u);
  EXPECT_EQ(waits_[0], 1000ms);  // Retry-After: 1 beats the 10 ms backoff
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(GeminiHttpTest, ServerErrorsUntilTheAttemptsRunOut) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{500, geminiError(500, "INTERNAL", "backend error")};
  });
  GeminiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
  EXPECT_EQ(e.attempts(), 3);
  EXPECT_STREQ(e.what(), "gemini answered HTTP 500: backend error (gave up after 3 attempts)");
  EXPECT_EQ(server.requests().size(), 3u);
  ASSERT_EQ(waits_.size(), 2u);
  EXPECT_EQ(waits_[0], 10ms);  // 20 ms * 2^0 * jitter 0.5
  EXPECT_EQ(waits_[1], 20ms);  // 20 ms * 2^1 * 0.5
}

TEST_F(GeminiHttpTest, ClientErrorsOtherThan429AreNotRetried) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{400, geminiError(400, "INVALID_ARGUMENT", "bad temperature")};
  });
  GeminiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kInvalidRequest);
  EXPECT_EQ(e.attempts(), 1);
  EXPECT_STREQ(e.what(), "gemini answered HTTP 400: bad temperature");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(GeminiHttpTest, ARejectedKeyIsUnavailableWithoutRetry) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{403, geminiError(403, "PERMISSION_DENIED", "API key not valid")};
  });
  GeminiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
  EXPECT_EQ(std::string(e.what()).find("gemini-key-123"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(GeminiHttpTest, ASlowProviderTimesOutAndIsRetried) {
  std::atomic<int> calls{0};
  HttpTestServer server([&](const HttpTestRequest&) {
    if (calls++ == 0) return HttpTestResponse{200, geminiAnswer("late"), "application/json", 6s};
    return HttpTestResponse{200, geminiAnswer("in time")};
  });
  GeminiProvider p = provider(server, 1s);
  const auto start = std::chrono::steady_clock::now();
  const GenerationResult result = run(p);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_EQ(result.text, "in time");
  EXPECT_EQ(result.attempts, 2);
}

TEST_F(GeminiHttpTest, TimeoutsUntilTheDeadline) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, geminiAnswer("late"), "application/json", 3s};
  });
  GeminiProvider p = provider(server, 2s);
  const auto start = std::chrono::steady_clock::now();
  const AiError e = failure(p, 5, 500ms);
  EXPECT_EQ(e.kind(), AiErrorKind::kTimeout);
  EXPECT_NE(std::string(e.what()).find("gemini"), std::string::npos);
  // The deadline (500 ms) bounds the call, not the 2 s attempt timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
}

TEST_F(GeminiHttpTest, MalformedJsonIsABadResponseNotRetried) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, R"({"candidates": [{"content": )"};
  });
  GeminiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kBadResponse);
  EXPECT_STREQ(e.what(), "gemini: the answer is not JSON");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(GeminiHttpTest, ASafetyBlockedPromptIsRefused) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{200, R"({"promptFeedback": {"blockReason": "SAFETY",
        "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH"}]},
        "usageMetadata": {"promptTokenCount": 7, "totalTokenCount": 7}})"};
  });
  GeminiProvider p = provider(server);
  const AiError e = failure(p);
  EXPECT_EQ(e.kind(), AiErrorKind::kRefused);
  EXPECT_STREQ(e.what(), "gemini blocked the prompt (SAFETY)");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(GeminiHttpTest, ConnectionRefusedIsUnavailableAfterRetries) {
  uint16_t port = 0;
  {
    HttpTestServer gone([](const HttpTestRequest&) { return HttpTestResponse{}; });
    port = gone.port();
  }
  config::AiProviderConfig c;
  c.base_url = "http://127.0.0.1:" + std::to_string(port);
  c.api_key = "k";
  c.model = "m";
  c.connect_timeout = 1s;
  c.timeout = 1s;
  GeminiProvider p(c, 1024, 100, cancel_);
  const AiError e = failure(p, 2);
  EXPECT_EQ(e.kind(), AiErrorKind::kUnavailable);
  EXPECT_EQ(e.attempts(), 2);
}

TEST(GeminiBodyTest, MapsRolesStopSequencesAndJsonOutput) {
  GenerationRequest r;
  r.messages = {{"user", "hi"}, {"assistant", "salom"}, {"user", "yana"}};
  r.stop = {"END"};
  r.top_p = 0.9;
  r.json_output = true;
  const Json body = geminiBody(r, 512);
  ASSERT_EQ(body["contents"].size(), 3u);
  EXPECT_EQ(body["contents"][1]["role"], "model");
  EXPECT_FALSE(body.contains("systemInstruction"));
  EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 512);
  EXPECT_EQ(body["generationConfig"]["stopSequences"], Json::array({"END"}));
  EXPECT_DOUBLE_EQ(body["generationConfig"]["topP"].get<double>(), 0.9);
  EXPECT_EQ(body["generationConfig"]["responseMimeType"], "application/json");
  EXPECT_FALSE(body["generationConfig"].contains("temperature"));
}

TEST(GeminiAnswerTest, JoinsTextPartsAndFallsBackToTheRequestedModel) {
  const AttemptOutcome o = parseGeminiAnswer(
      R"({"candidates":[{"content":{"parts":[{"text":"a"},{"text":"b"}]},"finishReason":"MAX_TOKENS"}]})",
      "gemini-x");
  ASSERT_TRUE(o.result);
  EXPECT_EQ(o.result->text, "ab");
  EXPECT_EQ(o.result->model, "gemini-x");
  EXPECT_EQ(o.result->finish_reason, "max_tokens");
  EXPECT_FALSE(o.result->usage_in_tokens);
}

TEST(GeminiAnswerTest, AnAnswerStoppedForSafetyIsRefused) {
  const AttemptOutcome o =
      parseGeminiAnswer(R"({"candidates":[{"finishReason":"SAFETY","index":0}]})", "m");
  ASSERT_FALSE(o.result);
  EXPECT_EQ(o.error, AiErrorKind::kRefused);
  EXPECT_FALSE(o.retryable);
}

TEST(GeminiAnswerTest, WrongShapesAreBadResponses) {
  for (const char* body : {"[]", "{}", R"({"candidates":[]})", R"({"candidates":[{"content":3}]})",
                           R"({"candidates":[{"content":{"parts":[{"text":5}]}}]})",
                           R"({"candidates":[{"content":{"parts":[]},"finishReason":"STOP"}]})"}) {
    const AttemptOutcome o = parseGeminiAnswer(body, "m");
    EXPECT_FALSE(o.result) << body;
    EXPECT_EQ(o.error, AiErrorKind::kBadResponse) << body;
  }
}

}  // namespace
}  // namespace atrium::host::ai
