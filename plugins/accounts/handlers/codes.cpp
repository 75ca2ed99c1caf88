#include "plugins/accounts/handlers/codes.hpp"

#include "plugins/accounts/domain/one_time_code.hpp"
#include "plugins/accounts/handlers/session.hpp"
#include "plugins/accounts/repo/code_repo.hpp"

namespace atrium::plugins::accounts {
namespace {

std::string replaceToken(std::string url, const std::string& token) {
  const size_t at = url.find("{{token}}");
  if (at != std::string::npos) url.replace(at, 9, token);
  return url;
}

nlohmann::json codeVars(const CodePolicy& policy, const std::string& code, nlohmann::json vars) {
  vars["minutes"] = policy.ttl_seconds / 60;
  if (policy.mode == CodeMode::kLink) {
    vars["token"] = code;
    vars["link"] = replaceToken(policy.link_url, code);
  } else {
    vars["code"] = code;
  }
  return vars;
}

}  // namespace

std::string linkToken(const Settings& s, const Request& req, const nlohmann::json& body) {
  if (auto param = req.param("token"); param && !param->empty()) {
    if (param->size() > kMaxFieldLength) fail(s, Failure::kInvalidCode);
    return std::string(*param);
  }
  return requiredText(s, body, s.field("token"));
}

std::string sixDigitCode(const Settings& s, const nlohmann::json& body) {
  std::string code = requiredText(s, body, s.field("code"));
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) {
    fail(s, Failure::kInvalidCode);
  }
  return code;
}

void enforceCooldown(const Settings& settings, const Sql& sql, const std::string& purpose,
                     const std::string& subject, const CodePolicy& policy) {
  const auto stored = code_repo::find(sql, purpose, subject);
  if (stored && cooldownRemaining(*stored, nowSeconds(), policy.cooldown_seconds) > 0) {
    fail(settings, Failure::kCooldown);
  }
}

std::string issueCode(const Context& ctx, const Sql& sql, const std::string& purpose,
                      const std::string& subject, const CodePolicy& policy) {
  const std::string code =
      policy.mode == CodeMode::kLink ? ctx.crypto().randomToken(32) : ctx.crypto().randomDigits(6);
  const int64_t now = nowSeconds();
  code_repo::put(sql, purpose, subject, storedHash(ctx, code), now, now + policy.ttl_seconds);
  return code;
}

void mailCode(const Context& ctx, const Request& req, const State& state,
              const std::string& message, const std::string& to, const CodePolicy& policy,
              const std::string& code, nlohmann::json vars) {
  ctx.mail(req).sendTemplate(state.settings.message_scripts + "/" + message,
                             state.settings.language, codeVars(policy, code, std::move(vars)), to);
}

void smsCode(const Context& ctx, const Request& req, const State& state, const std::string& message,
             const std::string& to, const CodePolicy& policy, const std::string& code) {
  ctx.sms(req).sendTemplate(state.settings.message_scripts + "/" + message, state.settings.language,
                            codeVars(policy, code, {}), to);
}

void checkCode(const Context& ctx, const Request& req, const State& state,
               const std::string& purpose, const std::string& subject, const std::string& code,
               const CodePolicy& policy) {
  const sdk::Db db = ctx.db(req);
  const Sql sql(db);
  const auto stored = code_repo::find(sql, purpose, subject);
  if (!stored) fail(state.settings, Failure::kInvalidCode);
  switch (accounts::checkCode(*stored, storedHash(ctx, code), nowSeconds(), policy.max_attempts)) {
    case CodeCheck::kAccepted:
      if (code_repo::spendAttempt(sql, purpose, subject, policy.max_attempts) == 1) return;
      break;  // concurrent guesses used the budget up meanwhile
    case CodeCheck::kWrong:
      if (code_repo::spendAttempt(sql, purpose, subject, policy.max_attempts) == 1) {
        ctx.info("one-time code rejected: " + purpose, req);
        fail(state.settings, Failure::kInvalidCode);
      }
      break;
    case CodeCheck::kExhausted:
      code_repo::remove(sql, purpose, subject);
      ctx.warn("one-time code attempts exhausted: " + purpose, req);
      fail(state.settings, Failure::kTooManyAttempts);
    case CodeCheck::kExpired:
      code_repo::remove(sql, purpose, subject);
      fail(state.settings, Failure::kCodeExpired);
  }
  code_repo::remove(sql, purpose, subject);
  fail(state.settings, Failure::kTooManyAttempts);
}

std::string checkLinkToken(const Context& ctx, const Request& req, const State& state,
                           const std::string& purpose, const std::string& token) {
  const sdk::Db db = ctx.db(req);
  const Sql sql(db);
  const auto found = code_repo::findByHash(sql, purpose, storedHash(ctx, token));
  if (!found) fail(state.settings, Failure::kInvalidCode);
  if (nowSeconds() >= found->second.expires_at) {
    code_repo::remove(sql, purpose, found->first);
    fail(state.settings, Failure::kCodeExpired);
  }
  return found->first;
}

}  // namespace atrium::plugins::accounts
