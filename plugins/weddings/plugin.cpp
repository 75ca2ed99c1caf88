// weddings: Taklifnoma's weddings, guest pages and gifts (To'yana). Descriptor and registration
// only; the handlers are in handlers/ (README.md).
#include <memory>

#include <atrium/sdk.hpp>

#include "atrium_config_schema.h"
#include "plugins/weddings/handlers/handlers.hpp"

namespace atrium::plugins::weddings {
namespace {

using HandlerFn = Response (*)(Context&, const Request&, const Settings&);

struct HandlerSpec {
  const char* id;
  HandlerFn fn;
  const char* description;
};

constexpr HandlerSpec kHandlers[] = {
    {"weddings.create", createWedding, "Creates a wedding of the caller; slug from the Lua rule"},
    {"weddings.mine", myWeddings, "The caller's weddings, newest first"},
    {"weddings.page", weddingPage, "Public guest page by :slug, with invitations and media"},
    {"weddings.update", updateWedding, "Changes a wedding (:slug or :id) of the caller"},
    {"weddings.delete", deleteWedding,
     "Deletes a wedding (:slug or :id) of the caller; 409 with gifts"},
    {"weddings.add_gift", createGift, "A guest logs a gift (public)"},
    {"weddings.list_gifts", listGifts, "Gifts of a wedding (:weddingId) with totals; owner only"},
    {"weddings.generate_invitation", generateInvitation,
     "An invitation text from the AI service and the prompt template (fallback: the template)"},
    {"weddings.user_stats", userStats,
     "The caller's wedding count, gift total and invitation count"},
    {"weddings.upload_media", uploadMedia, "A guest uploads a photo or video (multipart, public)"},
    {"weddings.list_media", listMedia, "The gallery of :weddingId, newest first, paged (public)"},
    {"weddings.delete_media", deleteMedia,
     "Deletes :mediaId of :weddingId with its file; owner only"},
    {"weddings.qr", weddingQr, "QR code of the guest page of :slug, SVG or PNG (public)"},
};

void registerPlugin(sdk::Registrar& r) {
  auto settings = std::make_shared<Settings>();
  r.name("weddings")
      .version("1.0.0")
      .description("Weddings, guest pages and gifts (To'yana)")
      .configSchema(atrium_config_schema_yaml)
      .sqlOwner("weddings")
      .onStart([settings](Context& ctx) { *settings = parseSettings(ctx.config()); });
  for (const HandlerSpec& spec : kHandlers) {
    const HandlerFn fn = spec.fn;
    r.handler(
        spec.id,
        [fn, settings](Context& ctx, const Request& req) { return fn(ctx, req, *settings); },
        spec.description);
  }
}

}  // namespace
}  // namespace atrium::plugins::weddings

ATRIUM_EXPORT_PLUGIN(atrium::plugins::weddings::registerPlugin);
