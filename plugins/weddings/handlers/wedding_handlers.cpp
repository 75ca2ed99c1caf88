// weddings.create, weddings.mine, weddings.page, weddings.update, weddings.delete
#include <atrium/db_error.hpp>

#include "plugins/weddings/handlers/media_files.hpp"
#include "plugins/weddings/handlers/support.hpp"

namespace atrium::plugins::weddings {
namespace {

bool slugTaken(const sdk::DbError& e) { return e.kind() == sdk::DbErrorKind::kUniqueViolation; }

// The slug from the product's Lua rule (scripts/<id>.lua), checked like a client's one.
std::string ruleSlug(Context& ctx, const Request& req, const Settings& s, const Wedding& w) {
  const nlohmann::json result = ctx.scripts(req).call(s.slug_script, s.slug_function,
                                                      {{"groom_name", w.groom_name},
                                                       {"bride_name", w.bride_name},
                                                       {"wedding_date", w.wedding_date},
                                                       {"language", w.language}});
  const std::string slug = result.is_object() ? result.value("slug", std::string()) : "";
  if (!validSlug(slug)) {
    throw sdk::HttpError(
        500, "internal_error", "Internal error",
        "slug rule " + s.slug_script + " returned an invalid slug: " + result.dump());
  }
  return slug;
}

// Inserts `w` under its slug, or, for a generated one, under slug-2, slug-3, ... when taken.
void insertWithFreeSlug(const sdk::Db& db, const Settings& s, Wedding& w, bool generated) {
  const std::string base = w.slug;
  for (int suffix = 1;; ++suffix) {
    try {
      wedding_repo::insert(db, w);
      return;
    } catch (const sdk::DbError& e) {
      if (!slugTaken(e)) throw;
      if (!generated || suffix >= s.max_suffix) {
        throw sdk::HttpError(409, "slug_taken", s.message("slug_taken", "Slug taken"));
      }
      const std::string tail = "-" + std::to_string(suffix + 1);
      w.slug = base.substr(0, std::min(base.size(), 60 - tail.size())) + tail;
    }
  }
}

}  // namespace

Response createWedding(Context& ctx, const Request& req, const Settings& s) {
  const nlohmann::json body = bodyObject(s, req);
  std::vector<FieldError> errors;
  WeddingFields fields = readWeddingFields(body, true, s.languages, errors);
  if (!errors.empty()) invalid(s, errors);
  Wedding w;
  w.id = newId(ctx);
  w.owner_id = callerId(req);
  w.groom_name = *fields.groom_name;
  w.bride_name = *fields.bride_name;
  w.wedding_date = *fields.wedding_date;
  w.wedding_location = *fields.wedding_location;
  w.language = fields.language.value_or(s.default_language);
  w.invitation_style = s.invitation_style;
  w.created_at = w.updated_at = nowMillis();
  const bool generated = !fields.slug.has_value();
  w.slug = generated ? ruleSlug(ctx, req, s, w) : *fields.slug;
  insertWithFreeSlug(ctx.db(req), s, w, generated);
  return ok(weddingJson(w, s), 201);
}

Response myWeddings(Context& ctx, const Request& req, const Settings& s) {
  nlohmann::json list = nlohmann::json::array();
  for (const Wedding& w : wedding_repo::listByOwner(ctx.db(req), callerId(req))) {
    list.push_back(weddingJson(w, s));
  }
  return ok(std::move(list));
}

Response weddingPage(Context& ctx, const Request& req, const Settings& s) {
  const sdk::Db db = ctx.db(req);
  const std::string slug(req.param("slug").value_or(""));
  const std::optional<Wedding> w = wedding_repo::findBySlug(db, slug);
  if (!w) throw sdk::HttpError(404, "not_found", s.message("wedding_not_found", "Not found"));
  nlohmann::json page = weddingJson(*w, s);
  page["invitations"] = wedding_repo::invitationsJson(db, w->id);
  page["media"] = wedding_repo::mediaJson(db, w->id);
  return ok(std::move(page));
}

Response updateWedding(Context& ctx, const Request& req, const Settings& s) {
  const sdk::Db db = ctx.db(req);
  Wedding w = ownedWedding(db, s, req);
  const nlohmann::json body = bodyObject(s, req);
  std::vector<FieldError> errors;
  WeddingFields fields = readWeddingFields(body, false, s.languages, errors);
  if (!errors.empty()) invalid(s, errors);
  if (fields.groom_name) w.groom_name = *fields.groom_name;
  if (fields.bride_name) w.bride_name = *fields.bride_name;
  if (fields.wedding_date) w.wedding_date = *fields.wedding_date;
  if (fields.wedding_location) w.wedding_location = *fields.wedding_location;
  if (fields.language) w.language = *fields.language;
  if (fields.slug) w.slug = *fields.slug;
  w.updated_at = nowMillis();
  try {
    wedding_repo::update(db, w);
  } catch (const sdk::DbError& e) {
    if (!slugTaken(e)) throw;
    throw sdk::HttpError(409, "slug_taken", s.message("slug_taken", "Slug taken"));
  }
  return ok(weddingJson(w, s));
}

Response deleteWedding(Context& ctx, const Request& req, const Settings& s) {
  const sdk::Db db = ctx.db(req);
  const Wedding w = ownedWedding(db, s, req);
  const std::optional<std::vector<std::string>> media_keys =
      wedding_repo::removeUnlessGifts(db, w.id);
  if (!media_keys) {
    throw sdk::HttpError(409, "has_gifts", s.message("has_gifts", "The wedding has gifts"));
  }
  removeMediaFiles(ctx, req, *media_keys);  // the gallery goes with the wedding
  return Response::json({{"success", true}, {"message", s.message("deleted", "Deleted")}});
}

}  // namespace atrium::plugins::weddings
