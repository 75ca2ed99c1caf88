// SQL of the weddings plugin's tables (sql/weddings/0001_create_weddings.sql). Parameterised
// statements only; every function runs on the Db or the transaction it is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <atrium/db.hpp>

namespace atrium::plugins::weddings {

struct Wedding {
  std::string id;
  std::string owner_id;
  std::string slug;
  std::string groom_name;
  std::string bride_name;
  std::string wedding_date;
  std::string wedding_location;
  std::string language;
  std::string invitation_style;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Gift {
  std::string id;
  std::string wedding_id;
  std::string guest_name;
  int64_t amount_minor = 0;
  std::optional<std::string> message;
  int64_t created_at = 0;
};

namespace wedding_repo {
std::optional<Wedding> findBySlug(const sdk::Db& db, const std::string& slug);
std::optional<Wedding> findById(const sdk::Db& db, const std::string& id);
std::vector<Wedding> listByOwner(const sdk::Db& db, const std::string& owner_id);
// Throws sdk::DbError (kind kUniqueViolation) when the slug is taken.
void insert(const sdk::Db& db, const Wedding& wedding);
void update(const sdk::Db& db, const Wedding& wedding);
// Deletes the wedding with its invitations and media rows and returns the storage keys of the
// deleted media (their files are the caller's to remove); std::nullopt when it has gifts
// (nothing is deleted then). The wedding's row is locked first, so an upload in flight either
// lands before (and its key is returned) or finds the wedding gone.
std::optional<std::vector<std::string>> removeUnlessGifts(const sdk::Db& db, const std::string& id);
// Invitations and media of the guest page, oldest first.
nlohmann::json invitationsJson(const sdk::Db& db, const std::string& wedding_id);
nlohmann::json mediaJson(const sdk::Db& db, const std::string& wedding_id);
}  // namespace wedding_repo

namespace gift_repo {
void insert(const sdk::Db& db, const Gift& gift);
std::vector<Gift> listByWedding(const sdk::Db& db, const std::string& wedding_id);
}  // namespace gift_repo

}  // namespace atrium::plugins::weddings
