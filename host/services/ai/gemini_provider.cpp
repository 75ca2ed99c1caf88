#include "host/services/ai/gemini_provider.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "host/services/ai/http_json_call.hpp"

namespace atrium::host::ai {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 6> kBlockedFinish = {
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"};

AttemptOutcome bad(const std::string& what) {
  return AttemptOutcome::failure(AiErrorKind::kBadResponse, "gemini: " + what, false);
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int64_t count(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

GeminiProvider::GeminiProvider(config::AiProviderConfig config, size_t max_response_bytes,
                               int max_tokens, const std::atomic<bool>& cancel)
    : config_(std::move(config)),
      max_response_bytes_(max_response_bytes),
      max_tokens_(max_tokens),
      cancel_(cancel) {}

std::string GeminiProvider::endpoint(const std::string& model) const {
  return config_.base_url + "/v1beta/models/" + model + ":generateContent";
}

Json geminiBody(const GenerationRequest& request, int max_tokens) {
  Json contents = Json::array();
  for (const ChatMessage& m : request.messages) {
    contents.push_back({{"role", m.role == "assistant" ? "model" : "user"},
                        {"parts", Json::array({{{"text", m.content}}})}});
  }
  Json generation = {{"maxOutputTokens", request.max_tokens.value_or(max_tokens)}};
  if (request.temperature) generation["temperature"] = *request.temperature;
  if (request.top_p) generation["topP"] = *request.top_p;
  if (!request.stop.empty()) generation["stopSequences"] = request.stop;
  if (request.json_output) generation["responseMimeType"] = "application/json";
  Json body = {{"contents", std::move(contents)}, {"generationConfig", std::move(generation)}};
  if (!request.system.empty()) {
    body["systemInstruction"] = {{"parts", Json::array({{{"text", request.system}}})}};
  }
  return body;
}

AttemptOutcome parseGeminiAnswer(const std::string& body, const std::string& model) {
  const Json answer = Json::parse(body, nullptr, false);
  if (answer.is_discarded()) return bad("the answer is not JSON");
  if (!answer.is_object()) return bad("the answer is not a JSON object");
  if (const auto feedback = answer.find("promptFeedback");
      feedback != answer.end() && feedback->is_object() && feedback->contains("blockReason")) {
    const Json& reason = (*feedback)["blockReason"];
    return AttemptOutcome::failure(AiErrorKind::kRefused,
                                   "gemini blocked the prompt (" +
                                       (reason.is_string() ? reason.get<std::string>() : "?") + ")",
                                   false);
  }
  const auto candidates = answer.find("candidates");
  if (candidates == answer.end() || !candidates->is_array() || candidates->empty() ||
      !(*candidates)[0].is_object()) {
    return bad("no candidates in the answer");
  }
  const Json& candidate = (*candidates)[0];
  std::string finish;
  if (const auto it = candidate.find("finishReason"); it != candidate.end() && it->is_string()) {
    finish = it->get<std::string>();
  }
  std::string text;
  if (const auto content = candidate.find("content"); content != candidate.end()) {
    if (!content->is_object()) return bad("candidate content is not an object");
    if (const auto parts = content->find("parts"); parts != content->end()) {
      if (!parts->is_array()) return bad("content parts is not an array");
      for (const Json& part : *parts) {
        if (!part.is_object()) return bad("a content part is not an object");
        if (const auto t = part.find("text"); t != part.end()) {
          if (!t->is_string()) return bad("a part's text is not a string");
          text += t->get<std::string>();
        }
      }
    }
  }
  const bool blocked =
      std::find(kBlockedFinish.begin(), kBlockedFinish.end(), finish) != kBlockedFinish.end();
  if (text.empty()) {
    if (blocked) {
      return AttemptOutcome::failure(AiErrorKind::kRefused,
                                     "gemini blocked the answer (" + finish + ")", false);
    }
    return bad("the candidate has no text (finishReason " + (finish.empty() ? "none" : finish) +
               ")");
  }
  GenerationResult result;
  result.text = std::move(text);
  result.provider = "gemini";
  result.model = answer.contains("modelVersion") && answer["modelVersion"].is_string()
                     ? answer["modelVersion"].get<std::string>()
                     : model;
  result.finish_reason = lower(finish);
  if (const auto usage = answer.find("usageMetadata");
      usage != answer.end() && usage->is_object() && usage->contains("promptTokenCount")) {
    result.usage_in_tokens = true;
    result.prompt_units = count(*usage, "promptTokenCount");
    result.completion_units = count(*usage, "candidatesTokenCount");
  }
  return AttemptOutcome::success(std::move(result));
}

AttemptOutcome GeminiProvider::attempt(const GenerationRequest& request, const std::string& model,
                                       std::chrono::milliseconds timeout) {
  if (config_.api_key.empty()) {
    return AttemptOutcome::failure(AiErrorKind::kUnavailable,
                                   "gemini is not configured (ai.gemini.api_key is empty)", false);
  }
  const std::string body = geminiBody(request, max_tokens_).dump();
  const HttpReply reply =
      postJson(endpoint(model), {"x-goog-api-key: " + config_.api_key}, body,
               HttpCallLimits{config_.connect_timeout, std::min(timeout, config_.timeout),
                              max_response_bytes_},
               cancel_);
  if (!reply.sent || reply.status < 200 || reply.status >= 300) {
    return failedReply("gemini", reply);
  }
  if (reply.truncated) return bad("the answer is longer than ai.max_response_size");
  AttemptOutcome outcome = parseGeminiAnswer(reply.body, model);
  if (outcome.result && !outcome.result->usage_in_tokens) {
    outcome.result->prompt_units = static_cast<int64_t>(request.promptBytes());
    outcome.result->completion_units = static_cast<int64_t>(outcome.result->text.size());
  }
  return outcome;
}

}  // namespace atrium::host::ai
