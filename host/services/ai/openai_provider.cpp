#include "host/services/ai/openai_provider.hpp"

#include <algorithm>

#include "host/services/ai/http_json_call.hpp"

namespace atrium::host::ai {
namespace {

using Json = nlohmann::json;

AttemptOutcome bad(const std::string& what) {
  return AttemptOutcome::failure(AiErrorKind::kBadResponse, "openai: " + what, false);
}

}  // namespace

OpenAiProvider::OpenAiProvider(config::AiProviderConfig config, size_t max_response_bytes,
                               int max_tokens, const std::atomic<bool>& cancel)
    : config_(std::move(config)),
      max_response_bytes_(max_response_bytes),
      max_tokens_(max_tokens),
      cancel_(cancel) {}

Json openAiBody(const GenerationRequest& request, const std::string& model, int max_tokens) {
  Json messages = Json::array();
  if (!request.system.empty()) {
    messages.push_back({{"role", "system"}, {"content", request.system}});
  }
  for (const ChatMessage& m : request.messages) {
    messages.push_back({{"role", m.role}, {"content", m.content}});
  }
  Json body = {{"model", model},
               {"messages", std::move(messages)},
               {"max_tokens", request.max_tokens.value_or(max_tokens)}};
  if (request.temperature) body["temperature"] = *request.temperature;
  if (request.top_p) body["top_p"] = *request.top_p;
  if (!request.stop.empty()) body["stop"] = request.stop;
  if (request.json_output) body["response_format"] = {{"type", "json_object"}};
  return body;
}

AttemptOutcome parseOpenAiAnswer(const std::string& body, const std::string& model) {
  const Json answer = Json::parse(body, nullptr, false);
  if (answer.is_discarded()) return bad("the answer is not JSON");
  if (!answer.is_object()) return bad("the answer is not a JSON object");
  const auto choices = answer.find("choices");
  if (choices == answer.end() || !choices->is_array() || choices->empty() ||
      !(*choices)[0].is_object()) {
    return bad("no choices in the answer");
  }
  const Json& choice = (*choices)[0];
  std::string finish;
  if (const auto it = choice.find("finish_reason"); it != choice.end() && it->is_string()) {
    finish = it->get<std::string>();
  }
  const auto message = choice.find("message");
  if (message == choice.end() || !message->is_object()) return bad("the choice has no message");
  if (const auto refusal = message->find("refusal");
      refusal != message->end() && refusal->is_string() && !refusal->get<std::string>().empty()) {
    return AttemptOutcome::failure(AiErrorKind::kRefused, "openai: the model refused", false);
  }
  if (finish == "content_filter") {
    return AttemptOutcome::failure(AiErrorKind::kRefused,
                                   "openai: the answer was stopped by the content filter", false);
  }
  const auto content = message->find("content");
  if (content == message->end() || !content->is_string()) {
    return bad("the message has no text content");
  }
  GenerationResult result;
  result.text = content->get<std::string>();
  if (result.text.empty()) return bad("the message content is empty");
  result.provider = "openai";
  result.model = answer.contains("model") && answer["model"].is_string()
                     ? answer["model"].get<std::string>()
                     : model;
  result.finish_reason = finish;
  if (const auto usage = answer.find("usage"); usage != answer.end() && usage->is_object() &&
                                               usage->contains("prompt_tokens") &&
                                               (*usage)["prompt_tokens"].is_number_integer()) {
    result.usage_in_tokens = true;
    result.prompt_units = (*usage)["prompt_tokens"].get<int64_t>();
    if (usage->contains("completion_tokens") && (*usage)["completion_tokens"].is_number_integer()) {
      result.completion_units = (*usage)["completion_tokens"].get<int64_t>();
    }
  }
  return AttemptOutcome::success(std::move(result));
}

AttemptOutcome OpenAiProvider::attempt(const GenerationRequest& request, const std::string& model,
                                       std::chrono::milliseconds timeout) {
  std::vector<std::string> headers;
  if (!config_.api_key.empty()) headers.push_back("Authorization: Bearer " + config_.api_key);
  const std::string body = openAiBody(request, model, max_tokens_).dump();
  const HttpReply reply =
      postJson(endpoint(), headers, body,
               HttpCallLimits{config_.connect_timeout, std::min(timeout, config_.timeout),
                              max_response_bytes_},
               cancel_);
  if (!reply.sent || reply.status < 200 || reply.status >= 300) {
    return failedReply("openai", reply);
  }
  if (reply.truncated) return bad("the answer is longer than ai.max_response_size");
  AttemptOutcome outcome = parseOpenAiAnswer(reply.body, model);
  if (outcome.result && !outcome.result->usage_in_tokens) {
    outcome.result->prompt_units = static_cast<int64_t>(request.promptBytes());
    outcome.result->completion_units = static_cast<int64_t>(outcome.result->text.size());
  }
  return outcome;
}

}  // namespace atrium::host::ai
