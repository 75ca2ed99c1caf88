#include "plugins/weddings/handlers/handlers.hpp"

namespace atrium::plugins::weddings {

Settings parseSettings(const nlohmann::json& config) {
  Settings s;
  const nlohmann::json rule = config.value("slug_rule", nlohmann::json::object());
  s.slug_script = rule.value("script", s.slug_script);
  s.slug_function = rule.value("function", s.slug_function);
  s.max_suffix = rule.value("max_suffix", s.max_suffix);
  if (config.contains("languages"))
    s.languages = config["languages"].get<std::vector<std::string>>();
  s.default_language = config.value("default_language", s.default_language);
  s.invitation_style = config.value("invitation_style", s.invitation_style);
  const nlohmann::json gifts = config.value("gifts", nlohmann::json::object());
  s.max_gift_amount = gifts.value("max_amount", s.max_gift_amount);
  s.max_message_length = gifts.value("max_message_length", s.max_message_length);
  s.max_guest_name_length = gifts.value("max_guest_name_length", s.max_guest_name_length);
  const nlohmann::json invitations = config.value("invitations", nlohmann::json::object());
  s.invitation_script = invitations.value("script", s.invitation_script);
  s.max_invitation_part = invitations.value("max_part_length", s.max_invitation_part);
  s.gift_event = gifts.value("event", s.gift_event);
  const nlohmann::json media = config.value("media", nlohmann::json::object());
  s.media_profile = media.value("profile", s.media_profile);
  s.max_media_per_wedding = media.value("max_per_wedding", s.max_media_per_wedding);
  s.media_page_size = media.value("page_size", s.media_page_size);
  s.media_max_page_size = media.value("max_page_size", s.media_max_page_size);
  s.messages = config.value("messages", nlohmann::json::object());
  s.qr = parseQrSettings(config.value("qr", nlohmann::json::object()));
  return s;
}

}  // namespace atrium::plugins::weddings
