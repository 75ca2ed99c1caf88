// SQL of the wedding gallery (table wedding_media, sql/weddings/0001_create_weddings.sql).
// Parameterised statements only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <atrium/db.hpp>

namespace atrium::plugins::weddings {

struct Media {
  std::string id;
  std::string wedding_id;
  std::string storage_key;  // the storage service's key: what deletes the file
  std::string file_url;
  std::string type;  // IMAGE or VIDEO
  std::string content_type;
  int64_t size_bytes = 0;
  bool uploaded_by_guest = true;
  int64_t created_at = 0;
};

namespace media_repo {

enum class InsertOutcome { kInserted, kWeddingGone, kFull };

int64_t countByWedding(const sdk::Db& db, const std::string& wedding_id);
// Inserts `media` in one transaction that first locks its wedding's row (a no-op UPDATE), so
// concurrent uploads to one wedding are counted one after another and the limit holds exactly on
// both backends. kWeddingGone: the wedding was deleted meanwhile; kFull: it already holds
// `max_per_wedding` media. Nothing is written unless kInserted.
InsertOutcome insertWithinLimit(const sdk::Db& db, const Media& media, int64_t max_per_wedding);
// A page of the gallery, newest first.
std::vector<Media> listByWedding(const sdk::Db& db, const std::string& wedding_id, int64_t limit,
                                 int64_t offset);
std::optional<Media> find(const sdk::Db& db, const std::string& wedding_id,
                          const std::string& media_id);
// False when there was no such row (deleted meanwhile).
bool remove(const sdk::Db& db, const std::string& wedding_id, const std::string& media_id);

}  // namespace media_repo
}  // namespace atrium::plugins::weddings
