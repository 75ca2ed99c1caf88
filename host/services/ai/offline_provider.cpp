#include "host/services/ai/offline_provider.hpp"

namespace atrium::host::ai {
namespace {

constexpr size_t kEchoBytes = 500;

// The longest prefix of at most `limit` bytes that does not end inside a UTF-8 sequence.
std::string_view utf8Prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

AttemptOutcome OfflineProvider::attempt(const GenerationRequest& request, const std::string& model,
                                        std::chrono::milliseconds /*timeout*/) {
  GenerationResult result;
  if (!request.fallback.empty()) {
    result.text = request.fallback;
  } else {
    result.text = "[offline " + model + "] ";
    result.text += utf8Prefix(request.messages.back().content, kEchoBytes);
  }
  result.provider = "offline";
  result.model = model;
  result.finish_reason = "stop";
  result.usage_in_tokens = false;
  result.prompt_units = static_cast<int64_t>(request.promptBytes());
  result.completion_units = static_cast<int64_t>(result.text.size());
  return AttemptOutcome::success(std::move(result));
}

}  // namespace atrium::host::ai
