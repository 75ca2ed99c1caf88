// weddings.upload_media (guests, public), weddings.list_media (public), weddings.delete_media
// (the wedding's owner). Files go through the host's storage service (docs/storage.md); the
// rows in wedding_media are the gallery.
#include <exception>
#include <utility>

#include "plugins/weddings/domain/media.hpp"
#include "plugins/weddings/handlers/media_files.hpp"
#include "plugins/weddings/handlers/support.hpp"
#include "plugins/weddings/repo/media_repo.hpp"

namespace atrium::plugins::weddings {
namespace {

nlohmann::json mediaJson(const Media& m) {
  return {{"id", m.id},
          {"weddingId", m.wedding_id},
          {"fileUrl", m.file_url},
          {"type", m.type},
          {"uploadedByGuest", m.uploaded_by_guest},
          {"createdAt", isoTime(m.created_at)}};
}

[[noreturn]] void fail(const Settings& s, int status, const char* code, const char* key,
                       const char* fallback, std::string internal = {}) {
  throw sdk::HttpError(status, code, s.message(key, fallback), std::move(internal));
}

// Runs a multipart or storage call; a refusal for size (413) or, from the storage service,
// type (415) or content (422) gets the product's message, the host's own one kept for the log.
// (The parser's 415 means "not multipart/form-data" and keeps the host's message.)
template <typename Fn>
auto inProductLanguage(const Settings& s, bool storage, Fn&& fn) {
  try {
    return fn();
  } catch (const sdk::HttpError& e) {
    const char* key = uploadRefusalMessageKey(e.status());
    if (key == nullptr || (!storage && e.status() != 413)) throw;
    throw sdk::HttpError(e.status(), e.code(), s.message(key, e.what()),
                         e.internal().empty() ? e.what() : e.internal());
  }
}

[[noreturn]] void galleryFull(const Settings& s) {
  fail(s, 409, "media_limit", "media_limit", "The gallery is full",
       "media.max_per_wedding " + std::to_string(s.max_media_per_wedding) + " reached");
}

// The gallery row of a stored file; throws (415) when it is neither an image nor a video.
Media newMedia(Context& ctx, const Request& req, const Settings& s, const Wedding& w,
               const sdk::StoredObject& stored) {
  const std::optional<MediaKind> kind = mediaKindOf(stored.content_type);
  if (!kind) {
    fail(s, 415, "unsupported_media_type", "file_type", "Only photos and videos",
         "storage profile " + s.media_profile + " let " + stored.content_type + " through");
  }
  const nlohmann::json principal = req.principal();
  const bool owner = principal.is_object() && principal.contains("sub") &&
                     principal["sub"].is_string() && principal["sub"] == w.owner_id;
  Media m;
  m.id = newId(ctx);
  m.wedding_id = w.id;
  m.storage_key = stored.key;
  m.file_url = stored.url;
  m.type = mediaKindName(*kind);
  m.content_type = stored.content_type;
  m.size_bytes = static_cast<int64_t>(stored.size);
  m.uploaded_by_guest = !owner;
  m.created_at = nowMillis();
  return m;
}

}  // namespace

Response uploadMedia(Context& ctx, const Request& req, const Settings& s) {
  const sdk::Multipart form = inProductLanguage(s, false, [&] { return req.multipart(); });
  const sdk::MultipartPart* file = form.file("file");
  if (file == nullptr) fail(s, 400, "file_required", "file_required", "file is required");
  const std::optional<std::string> wedding_id = formWeddingId(form.field("weddingId"));
  if (!wedding_id) {
    fail(s, 400, "wedding_id_required", "wedding_id_required", "weddingId is required");
  }
  const sdk::Db db = ctx.db(req);
  const std::optional<Wedding> wedding = wedding_repo::findById(db, *wedding_id);
  if (!wedding) fail(s, 404, "not_found", "wedding_not_found", "Not found");
  // A full gallery is refused before anything is stored; the insert counts again, exactly.
  if (!roomForMoreMedia(media_repo::countByWedding(db, wedding->id), s.max_media_per_wedding)) {
    galleryFull(s);
  }

  const sdk::StoredObject stored =
      inProductLanguage(s, true, [&] { return ctx.storage(req).save(s.media_profile, *file); });
  try {
    const Media m = newMedia(ctx, req, s, *wedding, stored);
    switch (media_repo::insertWithinLimit(db, m, s.max_media_per_wedding)) {
      case media_repo::InsertOutcome::kWeddingGone:
        fail(s, 404, "not_found", "wedding_not_found", "Not found");
      case media_repo::InsertOutcome::kFull: galleryFull(s);
      case media_repo::InsertOutcome::kInserted: break;
    }
    return ok(mediaJson(m), 201);
  } catch (...) {
    removeMediaFiles(ctx, req, {stored.key});  // nothing half-written
    throw;
  }
}

Response listMedia(Context& ctx, const Request& req, const Settings& s) {
  std::vector<FieldError> errors;
  const MediaPage page = readMediaPage(req.query("limit"), req.query("offset"), s.media_page_size,
                                       s.media_max_page_size, errors);
  if (!errors.empty()) invalid(s, errors);
  const sdk::Db db = ctx.db(req);
  const std::string wedding_id(req.param("weddingId").value_or(""));
  if (!wedding_repo::findById(db, wedding_id)) {
    fail(s, 404, "not_found", "wedding_not_found", "Not found");
  }
  nlohmann::json list = nlohmann::json::array();
  for (const Media& m : media_repo::listByWedding(db, wedding_id, page.limit, page.offset)) {
    list.push_back(mediaJson(m));
  }
  return Response::json({{"success", true},
                         {"data", std::move(list)},
                         {"total", media_repo::countByWedding(db, wedding_id)},
                         {"limit", page.limit},
                         {"offset", page.offset}});
}

Response deleteMedia(Context& ctx, const Request& req, const Settings& s) {
  const sdk::Db db = ctx.db(req);
  const Wedding w = ownedWedding(db, s, req);
  const std::string media_id(req.param("mediaId").value_or(""));
  const std::optional<Media> m = media_repo::find(db, w.id, media_id);
  if (!m || !media_repo::remove(db, w.id, media_id)) {
    fail(s, 404, "not_found", "media_not_found", "Not found");
  }
  removeMediaFiles(ctx, req, {m->storage_key});
  return Response::json({{"success", true}, {"message", s.message("media_deleted", "Deleted")}});
}

}  // namespace atrium::plugins::weddings
