#include "plugins/weddings/domain/invitation.hpp"

#include <algorithm>
#include <array>

namespace atrium::plugins::weddings {
namespace {

constexpr std::array<const char*, 3> kLanguages{"uz", "ru", "en"};
constexpr std::array<const char*, 3> kTones{"rasmiy", "samimiy", "iliq"};
constexpr std::array<const char*, 3> kStyles{"klassik", "zamonaviy", "milliy"};

template <size_t N>
std::string oneOf(const nlohmann::json& body, const char* field,
                  const std::array<const char*, N>& allowed, std::vector<FieldError>& errors) {
  std::optional<std::string> value = readText(body, field, true, 1, 20, errors);
  if (!value) return {};
  if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return *value == a; }) !=
      allowed.end()) {
    return *value;
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  errors.push_back({field, "must be one of " + list});
  return {};
}

// The text between a leading ```json (or ```) fence and the closing one; `text` otherwise.
std::string_view unfenced(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  text.remove_prefix(first);
  if (text.substr(0, 3) != "```") return text;
  const auto line_end = text.find('\n');
  const auto close = text.rfind("```");
  if (line_end == std::string_view::npos || close <= line_end) return text;
  return text.substr(line_end + 1, close - line_end - 1);
}

// The first `max` characters (code points) of valid UTF-8 `text`.
std::string clipped(const std::string& text, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max) return text.substr(0, i);
      ++chars;
    }
  }
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

InvitationRequest readInvitationRequest(const nlohmann::json& body,
                                        std::vector<FieldError>& errors) {
  InvitationRequest r;
  if (!body.is_object()) {
    errors.push_back({"body", "must be a JSON object"});
    return r;
  }
  r.groom_name = readText(body, "groom_name", true, 2, 50, errors).value_or("");
  r.bride_name = readText(body, "bride_name", true, 2, 50, errors).value_or("");
  const size_t before = errors.size();
  const std::optional<std::string> date = readText(body, "wedding_date", true, 10, 10, errors);
  if (date && validDate(*date)) {
    r.wedding_date = *date;
  } else if (errors.size() == before) {
    errors.push_back({"wedding_date", "must be a date written YYYY-MM-DD"});
  } else if (body.contains("wedding_date") && body["wedding_date"].is_string()) {
    errors.back().message = "must be a date written YYYY-MM-DD";
  }
  r.wedding_location = readText(body, "wedding_location", true, 3, 300, errors).value_or("");
  r.language = oneOf(body, "language", kLanguages, errors);
  r.tone = oneOf(body, "tone", kTones, errors);
  r.style = oneOf(body, "style", kStyles, errors);
  if (std::optional<std::string> id = readText(body, "wedding_id", false, 0, 64, errors)) {
    if (!id->empty()) r.wedding_id = std::move(id);
  }
  return r;
}

nlohmann::json invitationVars(const InvitationRequest& r) {
  return {{"groom_name", r.groom_name},
          {"bride_name", r.bride_name},
          {"wedding_date", r.wedding_date},
          {"wedding_location", r.wedding_location},
          {"language", r.language},
          {"tone", r.tone},
          {"style", r.style}};
}

std::optional<nlohmann::json> invitationParts(std::string_view text, const nlohmann::json& fallback,
                                              size_t max_part) {
  const std::string_view json_text = unfenced(text);
  nlohmann::json answer = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) {
    // Prose instead of JSON (a model that ignores the JSON mode): it is the main text.
    const std::string prose = trimmed(std::string(text));
    if (prose.empty() || !utf8Length(prose)) return std::nullopt;
    answer = {{"main_body", prose}};
  }
  nlohmann::json parts = nlohmann::json::object();
  bool has_body = false;
  for (const char* part : kInvitationParts) {
    std::string value;
    const auto it = answer.find(part);
    if (it != answer.end() && it->is_string() && utf8Length(it->get<std::string>())) {
      value = trimmed(it->get<std::string>());
      if (!value.empty() &&
          (std::string_view(part) == "main_body" || std::string_view(part) == "invitation_body")) {
        has_body = true;
      }
    } else if (fallback.is_object() && fallback.contains(part) && fallback[part].is_string()) {
      value = trimmed(fallback[part].get<std::string>());
    }
    parts[part] = clipped(value, max_part);
  }
  if (!has_body) return std::nullopt;
  return parts;
}

std::string invitationText(const nlohmann::json& parts) {
  std::string out;
  for (const char* part : kInvitationParts) {
    if (!parts.contains(part) || !parts[part].is_string()) continue;
    const std::string& value = parts[part].get_ref<const std::string&>();
    if (value.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += value;
  }
  return out;
}

}  // namespace atrium::plugins::weddings
