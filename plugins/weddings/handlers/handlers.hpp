// The weddings plugin's handlers (plugins/weddings/README.md). Each is thin: read the request,
// call the domain and the repository, shape the answer.
#pragma once

#include <string>
#include <vector>

#include <atrium/sdk.hpp>

#include "plugins/weddings/handlers/qr_settings.hpp"

namespace atrium::plugins::weddings {

using sdk::Context;
using sdk::Request;
using sdk::Response;

struct Settings {
  std::string slug_script = "taklifnoma/rules/slug";
  std::string slug_function = "slug";
  int max_suffix = 50;
  std::vector<std::string> languages{"uz", "ru", "en"};
  std::string default_language = "uz";
  std::string invitation_style = "classic";
  int64_t max_gift_amount = 1'000'000'000'000;
  size_t max_message_length = 500;
  size_t max_guest_name_length = 100;
  std::string invitation_script = "taklifnoma/prompts/invitation";
  size_t max_invitation_part = 2000;
  std::string gift_event = "gift.created";
  std::string media_profile = "wedding_media";
  int64_t max_media_per_wedding = 500;
  int64_t media_page_size = 50;
  int64_t media_max_page_size = 200;
  nlohmann::json messages = nlohmann::json::object();
  QrSettings qr;

  std::string message(const char* key, const char* fallback) const {
    return messages.value(key, std::string(fallback));
  }
};

// Reads the plugin's config block (already checked against config_schema.yaml by the host).
Settings parseSettings(const nlohmann::json& config);

Response createWedding(Context& ctx, const Request& req, const Settings& s);
Response myWeddings(Context& ctx, const Request& req, const Settings& s);
Response weddingPage(Context& ctx, const Request& req, const Settings& s);
Response updateWedding(Context& ctx, const Request& req, const Settings& s);
Response deleteWedding(Context& ctx, const Request& req, const Settings& s);
Response createGift(Context& ctx, const Request& req, const Settings& s);
Response listGifts(Context& ctx, const Request& req, const Settings& s);
Response generateInvitation(Context& ctx, const Request& req, const Settings& s);
Response userStats(Context& ctx, const Request& req, const Settings& s);
Response uploadMedia(Context& ctx, const Request& req, const Settings& s);
Response listMedia(Context& ctx, const Request& req, const Settings& s);
Response deleteMedia(Context& ctx, const Request& req, const Settings& s);
Response weddingQr(Context& ctx, const Request& req, const Settings& s);

}  // namespace atrium::plugins::weddings
