#include "plugins/weddings/repo/wedding_repo.hpp"

#include "plugins/weddings/domain/wedding.hpp"

namespace atrium::plugins::weddings {
namespace {

constexpr const char* kWeddingColumns =
    "SELECT id, owner_id, slug, groom_name, bride_name, wedding_date, wedding_location, "
    "language, invitation_style, created_at, updated_at FROM weddings ";

Wedding weddingFrom(const sdk::Row& row) {
  Wedding w;
  w.id = row.getText("id");
  w.owner_id = row.getText("owner_id");
  w.slug = row.getText("slug");
  w.groom_name = row.getText("groom_name");
  w.bride_name = row.getText("bride_name");
  w.wedding_date = row.getText("wedding_date");
  w.wedding_location = row.getText("wedding_location");
  w.language = row.getText("language");
  w.invitation_style = row.getText("invitation_style");
  w.created_at = row.getInt("created_at");
  w.updated_at = row.getInt("updated_at");
  return w;
}

std::optional<Wedding> first(const sdk::Result& rows) {
  if (rows.empty()) return std::nullopt;
  return weddingFrom(rows[0]);
}

sdk::DbParams weddingParams(const Wedding& w) {
  return {{"id", w.id},
          {"owner_id", w.owner_id},
          {"slug", w.slug},
          {"groom_name", w.groom_name},
          {"bride_name", w.bride_name},
          {"wedding_date", w.wedding_date},
          {"wedding_location", w.wedding_location},
          {"language", w.language},
          {"invitation_style", w.invitation_style},
          {"created_at", w.created_at},
          {"updated_at", w.updated_at}};
}

}  // namespace

namespace wedding_repo {

std::optional<Wedding> findBySlug(const sdk::Db& db, const std::string& slug) {
  return first(db.query("weddings.by_slug", std::string(kWeddingColumns) + "WHERE slug = :slug",
                        {{"slug", slug}}));
}

std::optional<Wedding> findById(const sdk::Db& db, const std::string& id) {
  return first(
      db.query("weddings.by_id", std::string(kWeddingColumns) + "WHERE id = :id", {{"id", id}}));
}

std::vector<Wedding> listByOwner(const sdk::Db& db, const std::string& owner_id) {
  std::vector<Wedding> out;
  for (const sdk::Row& row :
       db.query("weddings.by_owner",
                std::string(kWeddingColumns) +
                    "WHERE owner_id = :owner ORDER BY created_at DESC, id DESC",
                {{"owner", owner_id}})) {
    out.push_back(weddingFrom(row));
  }
  return out;
}

void insert(const sdk::Db& db, const Wedding& w) {
  db.query("weddings.insert",
           "INSERT INTO weddings (id, owner_id, slug, groom_name, bride_name, wedding_date, "
           "wedding_location, language, invitation_style, created_at, updated_at) VALUES (:id, "
           ":owner_id, :slug, :groom_name, :bride_name, :wedding_date, :wedding_location, "
           ":language, :invitation_style, :created_at, :updated_at)",
           weddingParams(w));
}

void update(const sdk::Db& db, const Wedding& w) {
  db.query("weddings.update",
           "UPDATE weddings SET slug = :slug, groom_name = :groom_name, bride_name = :bride_name, "
           "wedding_date = :wedding_date, wedding_location = :wedding_location, language = "
           ":language, invitation_style = :invitation_style, updated_at = :updated_at, owner_id = "
           ":owner_id, created_at = :created_at WHERE id = :id",
           weddingParams(w));
}

std::optional<std::vector<std::string>> removeUnlessGifts(const sdk::Db& db,
                                                          const std::string& id) {
  return db.transaction([&](sdk::Transaction& tx) -> std::optional<std::vector<std::string>> {
    tx.query("weddings.lock", "UPDATE weddings SET updated_at = updated_at WHERE id = :id",
             {{"id", id}});
    const sdk::Result gifts =
        tx.query("weddings.gift_count",
                 "SELECT COUNT(*) AS n FROM wedding_gifts WHERE wedding_id = :id", {{"id", id}});
    if (gifts[0].getInt("n") > 0) return std::nullopt;
    std::vector<std::string> keys;
    for (const sdk::Row& row :
         tx.query("weddings.media_keys",
                  "SELECT storage_key FROM wedding_media WHERE wedding_id = :id", {{"id", id}})) {
      keys.push_back(row.getText("storage_key"));
    }
    tx.query("weddings.delete_invitations",
             "DELETE FROM wedding_invitations WHERE wedding_id = :id", {{"id", id}});
    tx.query("weddings.delete_media", "DELETE FROM wedding_media WHERE wedding_id = :id",
             {{"id", id}});
    tx.query("weddings.delete", "DELETE FROM weddings WHERE id = :id", {{"id", id}});
    return keys;
  });
}

nlohmann::json invitationsJson(const sdk::Db& db, const std::string& wedding_id) {
  nlohmann::json out = nlohmann::json::array();
  for (const sdk::Row& row :
       db.query("weddings.invitations",
                "SELECT id, content, meta, language, ai_generated, created_at FROM "
                "wedding_invitations WHERE wedding_id = :id ORDER BY created_at, id",
                {{"id", wedding_id}})) {
    nlohmann::json meta = nlohmann::json::parse(row.getText("meta"), nullptr, false);
    out.push_back({{"id", row.getText("id")},
                   {"weddingId", wedding_id},
                   {"content", row.getText("content")},
                   {"meta", meta.is_discarded() ? nlohmann::json::object() : meta},
                   {"language", row.getText("language")},
                   {"aiGenerated", row.getInt("ai_generated") != 0},
                   {"createdAt", isoTime(row.getInt("created_at"))}});
  }
  return out;
}

nlohmann::json mediaJson(const sdk::Db& db, const std::string& wedding_id) {
  nlohmann::json out = nlohmann::json::array();
  for (const sdk::Row& row :
       db.query("weddings.media",
                "SELECT id, file_url, type, uploaded_by_guest, created_at FROM wedding_media "
                "WHERE wedding_id = :id ORDER BY created_at, id",
                {{"id", wedding_id}})) {
    out.push_back({{"id", row.getText("id")},
                   {"weddingId", wedding_id},
                   {"fileUrl", row.getText("file_url")},
                   {"type", row.getText("type")},
                   {"uploadedByGuest", row.getInt("uploaded_by_guest") != 0},
                   {"createdAt", isoTime(row.getInt("created_at"))}});
  }
  return out;
}

}  // namespace wedding_repo

namespace gift_repo {

void insert(const sdk::Db& db, const Gift& g) {
  db.query("gifts.insert",
           "INSERT INTO wedding_gifts (id, wedding_id, guest_name, amount_minor, message, "
           "created_at) VALUES (:id, :wedding_id, :guest_name, :amount_minor, :message, "
           ":created_at)",
           {{"id", g.id},
            {"wedding_id", g.wedding_id},
            {"guest_name", g.guest_name},
            {"amount_minor", g.amount_minor},
            {"message", g.message},
            {"created_at", g.created_at}});
}

std::vector<Gift> listByWedding(const sdk::Db& db, const std::string& wedding_id) {
  std::vector<Gift> out;
  for (const sdk::Row& row :
       db.query("gifts.by_wedding",
                "SELECT id, guest_name, amount_minor, message, created_at FROM wedding_gifts "
                "WHERE wedding_id = :id ORDER BY created_at DESC, id DESC",
                {{"id", wedding_id}})) {
    Gift g;
    g.id = row.getText("id");
    g.wedding_id = wedding_id;
    g.guest_name = row.getText("guest_name");
    g.amount_minor = row.getInt("amount_minor");
    g.message = row.getOptional<std::string>("message");
    g.created_at = row.getInt("created_at");
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace gift_repo
}  // namespace atrium::plugins::weddings
