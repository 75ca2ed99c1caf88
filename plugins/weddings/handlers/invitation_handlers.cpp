// weddings.generate_invitation: an invitation text from the host's AI service and the product's
// prompt template (scripts/taklifnoma/prompts/invitation.lua), stored and answered in the
// product's double envelope.
#include "plugins/weddings/domain/invitation.hpp"
#include "plugins/weddings/handlers/support.hpp"
#include "plugins/weddings/repo/invitation_repo.hpp"

namespace atrium::plugins::weddings {
namespace {

struct Generated {
  nlohmann::json parts;
  bool ai_generated = false;
  std::string provider;
  std::string model;
};

// The AI's invitation, or the template's when the AI failed or answered nothing usable.
Generated generate(Context& ctx, const Request& req, const Settings& s,
                   const nlohmann::json& vars) {
  Generated out;
  out.parts = ctx.scripts(req).call(s.invitation_script, "fallback", vars);
  if (!out.parts.is_object()) {
    throw sdk::HttpError(500, "internal_error", "Internal server error",
                         s.invitation_script + ".fallback did not return a table of parts");
  }
  try {
    const sdk::AiResult r =
        ctx.ai(req).generate(sdk::AiRequest::fromTemplate(s.invitation_script, vars, "prompt"));
    out.provider = r.provider;
    out.model = r.model;
    if (std::optional<nlohmann::json> parts =
            invitationParts(r.text, out.parts, s.max_invitation_part)) {
      out.parts = std::move(*parts);
      // The offline provider answers the template's own text: not an AI invitation.
      out.ai_generated = r.provider != "offline";
    } else {
      ctx.warn("AI invitation had no usable text (" + std::to_string(r.text.size()) +
                   " bytes from " + r.provider + "); answering the template",
               req);
    }
  } catch (const sdk::AiError& e) {
    if (e.kind() == sdk::AiErrorKind::kTemplate) throw;  // the prompt script is broken: a 500
    ctx.warn("AI invitation failed, answering the template: " + e.detail(), req);
  }
  return out;
}

}  // namespace

Response generateInvitation(Context& ctx, const Request& req, const Settings& s) {
  const nlohmann::json body = bodyObject(s, req);
  std::vector<FieldError> errors;
  const InvitationRequest request = readInvitationRequest(body, errors);
  if (!errors.empty()) invalid(s, errors);
  const std::string user = callerId(req);
  const sdk::Db db = ctx.db(req);
  if (request.wedding_id) {
    const std::optional<Wedding> wedding = wedding_repo::findById(db, *request.wedding_id);
    if (!wedding) {
      throw sdk::HttpError(404, "not_found", s.message("wedding_not_found", "Not found"));
    }
    if (wedding->owner_id != user) {
      throw sdk::HttpError(403, "forbidden", s.message("not_owner", "Forbidden"));
    }
  }

  const nlohmann::json vars = invitationVars(request);
  const Generated generated = generate(ctx, req, s, vars);

  Invitation invitation;
  invitation.id = newId(ctx);
  invitation.wedding_id = request.wedding_id;
  invitation.owner_id = user;
  invitation.content = invitationText(generated.parts);
  invitation.meta = generated.parts;
  invitation.meta["request"] = vars;
  invitation.meta["provider"] = generated.provider;
  invitation.meta["model"] = generated.model;
  invitation.language = request.language;
  invitation.ai_generated = generated.ai_generated;
  invitation.created_at = nowMillis();
  invitation_repo::insert(db, invitation);

  nlohmann::json data = generated.parts;
  data["id"] = invitation.id;
  data["generated_text"] = invitation.content;
  data["ai_generated"] = generated.ai_generated;
  // The product's client reads the result twice wrapped: {success, data: {success, data}}.
  return ok({{"success", true}, {"data", std::move(data)}});
}

}  // namespace atrium::plugins::weddings
