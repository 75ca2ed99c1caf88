#include "plugins/accounts/handlers/support.hpp"

#include <chrono>

#include "plugins/accounts/domain/response_template.hpp"
#include "plugins/accounts/repo/user_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

int statusOf(const Settings& s, Failure failure) {
  switch (failure) {
    case Failure::kInvalidCredentials:
    case Failure::kInvalidRefresh: return 401;
    case Failure::kEmailTaken:
    case Failure::kPhoneTaken: return s.duplicate_status;
    case Failure::kEmailNotVerified: return s.unverified_status;
    case Failure::kBanned:
    case Failure::kCannotBanAdmin: return 403;
    case Failure::kUnknownUser: return 404;
    case Failure::kTooManyAttempts:
    case Failure::kCooldown: return 429;
    default: return 400;
  }
}

}  // namespace

int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string newId(const Context& ctx) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : ctx.crypto().randomBytes(16)) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

nlohmann::json bodyObject(const Settings& settings, const Request& req) {
  nlohmann::json body = req.body().empty() ? nlohmann::json::object() : req.json();
  if (!body.is_object()) fail(settings, Failure::kInvalidInput, "the body must be a JSON object");
  return body;
}

std::optional<std::string> optionalText(const Settings& settings, const nlohmann::json& body,
                                        const std::string& member, size_t max_length) {
  const auto it = body.find(member);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail(settings, Failure::kInvalidInput, member + " must be a string");
  const std::string& text = it->get_ref<const std::string&>();
  if (text.size() > max_length) {
    fail(settings, Failure::kInvalidInput,
         member + " must be at most " + std::to_string(max_length) + " bytes");
  }
  if (text.empty()) return std::nullopt;
  return text;
}

std::string requiredText(const Settings& settings, const nlohmann::json& body,
                         const std::string& member, size_t max_length) {
  auto text = optionalText(settings, body, member, max_length);
  if (!text) fail(settings, Failure::kInvalidInput, member + " is required");
  return *text;
}

sdk::HttpError httpError(const Settings& settings, Failure failure, const std::string& detail) {
  const std::string key(failureKey(failure));
  std::string message = settings.text(key);
  if (failure == Failure::kInvalidInput && !detail.empty()) message = detail;
  if (failure == Failure::kBanned && !detail.empty()) message += " (" + detail + ")";
  return sdk::HttpError(statusOf(settings, failure), key, message);
}

void fail(const Settings& settings, Failure failure, const std::string& detail) {
  throw httpError(settings, failure, detail);
}

Response answer(const Settings& settings, const std::string& handler,
                const nlohmann::json& values) {
  return Response::json(renderResponse(settings.responses.at(handler), values),
                        settings.status(handler));
}

nlohmann::json publicUser(const Settings& settings, const User& user) {
  return userView(user, settings.user_view, nowSeconds());
}

std::string scopeOf(const Settings& settings, const std::string& role) {
  return settings.role_scoped ? role : std::string();
}

void refuseBanned(const Settings& settings, const User& user, int64_t now) {
  if (banState(user, now) != BanState::kActive) return;
  std::string detail = user.ban_reason.value_or("");
  if (user.banned_until) {
    detail += std::string(detail.empty() ? "" : "; ") + "until " + isoTime(*user.banned_until);
  }
  fail(settings, Failure::kBanned, detail);
}

User currentUser(const Context& ctx, const Request& req, const State& state) {
  const nlohmann::json principal = req.principal();
  const std::string id =
      principal.is_object() && principal.contains("sub") && principal["sub"].is_string()
          ? principal["sub"].get<std::string>()
          : std::string();
  if (id.empty()) fail(state.settings, Failure::kInvalidCredentials);
  const sdk::Db db = ctx.db(req);
  auto user = user_repo::findById(Sql(db), id);
  if (!user) throw sdk::unauthorized(state.settings.text("invalid_credentials"), "unknown_account");
  refuseBanned(state.settings, *user, nowSeconds());
  return *user;
}

}  // namespace atrium::plugins::accounts
