// AI invitations: the request the couple's client sends (checked as the product's contract
// states) and the invitation's parts, read from the AI's answer or the template's fallback.
// Pure functions over JSON, tested without a host (tests/plugins/weddings/).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/weddings/domain/wedding.hpp"

namespace atrium::plugins::weddings {

// POST /api/ai/generate-invitation's body (snake_case, as the client sends it).
struct InvitationRequest {
  std::string groom_name;                 // 2-50 characters
  std::string bride_name;                 // 2-50 characters
  std::string wedding_date;               // YYYY-MM-DD, a real date
  std::string wedding_location;           // 3-300 characters
  std::string language;                   // uz | ru | en
  std::string tone;                       // rasmiy | samimiy | iliq
  std::string style;                      // klassik | zamonaviy | milliy
  std::optional<std::string> wedding_id;  // store the result as this wedding's invitation
};

// Reads and checks the body; every problem is appended to `errors` (field, message in the
// product's language). The result is meaningful only when no error was added.
InvitationRequest readInvitationRequest(const nlohmann::json& body,
                                        std::vector<FieldError>& errors);

// The variables the prompt template receives.
nlohmann::json invitationVars(const InvitationRequest& r);

// The parts of an invitation, in the order the client lays them out.
inline constexpr const char* kInvitationParts[] = {"headline",        "bismillah", "intro_poem",
                                                   "invitation_body", "main_body", "footer_quote",
                                                   "footer_note"};

// The invitation's parts from the AI's answer: a JSON object (a ```json fence around it is
// accepted) whose string members are the parts, or else prose, taken as `main_body`. Each part
// is trimmed and cut to `max_part` characters; a part the answer lacks is taken from `fallback`
// (the template's own parts). std::nullopt when the answer has no main_body or invitation_body
// text (empty, invalid UTF-8, or a JSON object without either).
std::optional<nlohmann::json> invitationParts(std::string_view text, const nlohmann::json& fallback,
                                              size_t max_part);

// The invitation as one text: the non-empty parts in order, separated by blank lines.
std::string invitationText(const nlohmann::json& parts);

}  // namespace atrium::plugins::weddings
