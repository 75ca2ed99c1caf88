#include "plugins/weddings/handlers/support.hpp"

#include <chrono>
#include <ctime>

#include "plugins/weddings/domain/money.hpp"
#include "plugins/weddings/domain/slug_template.hpp"

namespace atrium::plugins::weddings {

Response ok(nlohmann::json data, int status) {
  return Response::json({{"success", true}, {"data", std::move(data)}}, status);
}

void invalid(const Settings& s, const std::vector<FieldError>& errors) {
  std::string detail;
  for (const FieldError& e : errors)
    detail += (detail.empty() ? "" : "; ") + e.field + " " + e.message;
  std::vector<sdk::FieldError> fields;
  for (const FieldError& e : errors) fields.push_back({e.field, e.message});
  // The message names the fields for clients that show only it; {{errors}} in the product's
  // envelope gets them as a list.
  throw sdk::ValidationError(std::move(fields),
                             s.message("invalid", "Invalid data") + ": " + detail);
}

nlohmann::json bodyObject(const Settings& s, const Request& req) {
  nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) invalid(s, {{"body", "must be a JSON object"}});
  return body;
}

std::string callerId(const Request& req) {
  const nlohmann::json principal = req.principal();
  if (!principal.is_object() || !principal.contains("sub") || !principal["sub"].is_string()) {
    throw sdk::unauthorized("Authentication required");
  }
  return principal["sub"].get<std::string>();
}

Wedding ownedWedding(const sdk::Db& db, const Settings& s, const Request& req) {
  std::optional<Wedding> wedding;
  if (auto slug = req.param("slug")) {
    wedding = wedding_repo::findBySlug(db, std::string(*slug));
  } else {
    const std::string id(req.param("id").value_or(req.param("weddingId").value_or("")));
    wedding = wedding_repo::findById(db, id);
  }
  if (!wedding) throw sdk::HttpError(404, "not_found", s.message("wedding_not_found", "Not found"));
  if (wedding->owner_id != callerId(req)) {
    throw sdk::HttpError(403, "forbidden", s.message("not_owner", "Forbidden"));
  }
  return *wedding;
}

std::string newId(Context& ctx) { return ctx.crypto().randomToken(16); }

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

nlohmann::json weddingJson(const Wedding& w, const Settings& s) {
  return {{"id", w.id},
          {"userId", w.owner_id},
          {"slug", w.slug},
          {"groomName", w.groom_name},
          {"brideName", w.bride_name},
          {"weddingDate", w.wedding_date},
          {"weddingLocation", w.wedding_location},
          {"language", upper(w.language)},
          {"invitationStyle", w.invitation_style},
          {"createdAt", isoTime(w.created_at)},
          {"updatedAt", isoTime(w.updated_at)},
          {"qrCodeUrl", s.qr.path.empty() ? nlohmann::json(nullptr)
                                          : nlohmann::json(fillSlug(s.qr.path, w.slug))}};
}

nlohmann::json giftJson(const Gift& g) {
  return {{"id", g.id},
          {"weddingId", g.wedding_id},
          {"guestName", g.guest_name},
          {"amount", amountJson(g.amount_minor)},
          {"message", g.message ? nlohmann::json(*g.message) : nlohmann::json(nullptr)},
          {"createdAt", isoTime(g.created_at)}};
}

}  // namespace atrium::plugins::weddings
