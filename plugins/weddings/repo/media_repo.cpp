#include "plugins/weddings/repo/media_repo.hpp"

#include "plugins/weddings/domain/media.hpp"

namespace atrium::plugins::weddings {
namespace {

constexpr const char* kMediaColumns =
    "SELECT id, wedding_id, storage_key, file_url, type, content_type, size_bytes, "
    "uploaded_by_guest, created_at FROM wedding_media ";

Media mediaFrom(const sdk::Row& row) {
  Media m;
  m.id = row.getText("id");
  m.wedding_id = row.getText("wedding_id");
  m.storage_key = row.getText("storage_key");
  m.file_url = row.getText("file_url");
  m.type = row.getText("type");
  m.content_type = row.getText("content_type");
  m.size_bytes = row.getInt("size_bytes");
  m.uploaded_by_guest = row.getInt("uploaded_by_guest") != 0;
  m.created_at = row.getInt("created_at");
  return m;
}

}  // namespace

namespace media_repo {

int64_t countByWedding(const sdk::Db& db, const std::string& wedding_id) {
  return db
      .query("media.count", "SELECT COUNT(*) AS n FROM wedding_media WHERE wedding_id = :id",
             {{"id", wedding_id}})[0]
      .getInt("n");
}

InsertOutcome insertWithinLimit(const sdk::Db& db, const Media& m, int64_t max_per_wedding) {
  return db.transaction([&](sdk::Transaction& tx) {
    const sdk::Result locked =
        tx.query("media.lock_wedding", "UPDATE weddings SET updated_at = updated_at WHERE id = :id",
                 {{"id", m.wedding_id}});
    if (locked.affectedRows() == 0) return InsertOutcome::kWeddingGone;
    const sdk::Result count =
        tx.query("media.count", "SELECT COUNT(*) AS n FROM wedding_media WHERE wedding_id = :id",
                 {{"id", m.wedding_id}});
    if (!roomForMoreMedia(count[0].getInt("n"), max_per_wedding)) return InsertOutcome::kFull;
    tx.query(
        "media.insert",
        "INSERT INTO wedding_media (id, wedding_id, storage_key, file_url, type, content_type, "
        "size_bytes, uploaded_by_guest, created_at) VALUES (:id, :wedding_id, :storage_key, "
        ":file_url, :type, :content_type, :size_bytes, :uploaded_by_guest, :created_at)",
        {{"id", m.id},
         {"wedding_id", m.wedding_id},
         {"storage_key", m.storage_key},
         {"file_url", m.file_url},
         {"type", m.type},
         {"content_type", m.content_type},
         {"size_bytes", m.size_bytes},
         {"uploaded_by_guest", int64_t{m.uploaded_by_guest ? 1 : 0}},
         {"created_at", m.created_at}});
    return InsertOutcome::kInserted;
  });
}

std::vector<Media> listByWedding(const sdk::Db& db, const std::string& wedding_id, int64_t limit,
                                 int64_t offset) {
  std::vector<Media> out;
  for (const sdk::Row& row :
       db.query("media.by_wedding",
                std::string(kMediaColumns) + "WHERE wedding_id = :id ORDER BY created_at DESC, id "
                                             "DESC LIMIT :limit OFFSET :offset",
                {{"id", wedding_id}, {"limit", limit}, {"offset", offset}})) {
    out.push_back(mediaFrom(row));
  }
  return out;
}

std::optional<Media> find(const sdk::Db& db, const std::string& wedding_id,
                          const std::string& media_id) {
  const sdk::Result rows =
      db.query("media.by_id", std::string(kMediaColumns) + "WHERE id = :id AND wedding_id = :wid",
               {{"id", media_id}, {"wid", wedding_id}});
  if (rows.empty()) return std::nullopt;
  return mediaFrom(rows[0]);
}

bool remove(const sdk::Db& db, const std::string& wedding_id, const std::string& media_id) {
  return db.query("media.delete", "DELETE FROM wedding_media WHERE id = :id AND wedding_id = :wid",
                  {{"id", media_id}, {"wid", wedding_id}})
             .affectedRows() > 0;
}

}  // namespace media_repo
}  // namespace atrium::plugins::weddings
