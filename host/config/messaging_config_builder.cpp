// buildMail, buildSms, buildOutbox: the `mail:`, `sms:` and `outbox:` sections (the messaging
// service, host/services/messaging).
#include "host/config/host_config_builder.hpp"
#include "host/config/yaml_scalar.hpp"

namespace atrium::host::config {
namespace {

std::chrono::milliseconds millis(const nlohmann::json& v, const char* key) {
  return std::chrono::milliseconds(v.at(key).get<int64_t>());
}

}  // namespace

RetryPolicyConfig buildRetry(const nlohmann::json& v) {
  RetryPolicyConfig retry;
  retry.max_attempts = v.at("max_attempts").get<int>();
  retry.initial_delay = millis(v, "initial_delay");
  retry.max_delay = millis(v, "max_delay");
  return retry;
}

void requireFromEnvironment(ConfigBuildContext& ctx, const YAML::Node& block,
                            const std::string& value, const char* key, const std::string& path) {
  if (value.empty()) return;
  const YAML::Node node = ConfigBuildContext::child(block, key);
  if (node.IsDefined() && node.IsScalar() && scalarStyle(node) == ScalarStyle::kExpanded) return;
  ctx.error(node, block, path,
            "a secret must come from the environment: write it as ${VARIABLE}, never literally");
}

MailConfig buildMail(ConfigBuildContext& ctx) {
  const nlohmann::json& v = ctx.values().at("mail");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "mail");
  MailConfig mail;
  mail.transport = v.at("transport").get<std::string>() == "smtp" ? MailTransportKind::kSmtp
                                                                  : MailTransportKind::kFile;
  mail.from = v.at("from").get<std::string>();
  mail.file = v.at("file").get<std::string>();
  const nlohmann::json& smtp = v.at("smtp");
  const YAML::Node smtp_yaml = ConfigBuildContext::child(yaml, "smtp");
  mail.smtp.url = smtp.at("url").get<std::string>();
  const std::string starttls = smtp.at("starttls").get<std::string>();
  mail.smtp.starttls = starttls == "required"   ? TlsMode::kRequired
                       : starttls == "optional" ? TlsMode::kOptional
                                                : TlsMode::kOff;
  mail.smtp.username = smtp.at("username").get<std::string>();
  mail.smtp.password = smtp.at("password").get<std::string>();
  requireFromEnvironment(ctx, smtp_yaml, mail.smtp.password, "password", "mail.smtp.password");
  const std::string ca_file = smtp.at("ca_file").get<std::string>();
  if (!ca_file.empty()) mail.smtp.ca_file = ctx.resolvePath(ca_file);
  mail.smtp.helo_name = smtp.at("helo_name").get<std::string>();
  mail.smtp.connect_timeout = millis(smtp, "connect_timeout");
  mail.smtp.timeout = millis(smtp, "timeout");
  if (!mail.smtp.password.empty() && mail.smtp.username.empty()) {
    ctx.error(ConfigBuildContext::child(smtp_yaml, "password"), smtp_yaml, "mail.smtp.username",
              "a password is set but no username");
  }
  mail.retry = buildRetry(v.at("retry"));
  return mail;
}

SmsConfig buildSms(ConfigBuildContext& ctx) {
  const nlohmann::json& v = ctx.values().at("sms");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "sms");
  SmsConfig sms;
  sms.transport = v.at("transport").get<std::string>() == "twilio" ? SmsTransportKind::kTwilio
                                                                   : SmsTransportKind::kFile;
  sms.from = v.at("from").get<std::string>();
  sms.file = v.at("file").get<std::string>();
  const nlohmann::json& twilio = v.at("twilio");
  const YAML::Node twilio_yaml = ConfigBuildContext::child(yaml, "twilio");
  sms.twilio.base_url = twilio.at("base_url").get<std::string>();
  while (!sms.twilio.base_url.empty() && sms.twilio.base_url.back() == '/') {
    sms.twilio.base_url.pop_back();
  }
  sms.twilio.account_sid = twilio.at("account_sid").get<std::string>();
  sms.twilio.auth_token = twilio.at("auth_token").get<std::string>();
  requireFromEnvironment(ctx, twilio_yaml, sms.twilio.auth_token, "auth_token",
                         "sms.twilio.auth_token");
  sms.twilio.connect_timeout = millis(twilio, "connect_timeout");
  sms.twilio.timeout = millis(twilio, "timeout");
  if (sms.transport == SmsTransportKind::kTwilio) {
    const YAML::Node transport = ConfigBuildContext::child(yaml, "transport");
    if (sms.from.empty()) ctx.error(transport, yaml, "sms.from", "the twilio transport needs it");
    if (sms.twilio.account_sid.empty()) {
      ctx.error(transport, yaml, "sms.twilio.account_sid", "the twilio transport needs it");
    }
    if (sms.twilio.auth_token.empty()) {
      ctx.error(transport, yaml, "sms.twilio.auth_token", "the twilio transport needs it");
    }
  }
  sms.retry = buildRetry(v.at("retry"));
  return sms;
}

OutboxConfig buildOutbox(ConfigBuildContext& ctx) {
  const nlohmann::json& v = ctx.values().at("outbox");
  OutboxConfig outbox;
  outbox.worker = v.at("worker").get<bool>();
  outbox.poll_interval = millis(v, "poll_interval");
  outbox.batch_size = v.at("batch_size").get<size_t>();
  outbox.claim_timeout = millis(v, "claim_timeout");
  return outbox;
}

}  // namespace atrium::host::config
