// SQL of wedding_invitations (sql/weddings/0002_rebuild_wedding_invitations.sql): the texts
// the AI service (or the template) wrote, with or without a wedding.
#pragma once

#include <optional>
#include <string>

#include <atrium/db.hpp>

namespace atrium::plugins::weddings {

struct Invitation {
  std::string id;
  std::optional<std::string> wedding_id;
  std::string owner_id;
  std::string content;  // the whole text
  nlohmann::json meta;  // the parts and how they were made
  std::string language;
  bool ai_generated = false;
  int64_t created_at = 0;
};

namespace invitation_repo {
void insert(const sdk::Db& db, const Invitation& invitation);
}  // namespace invitation_repo

}  // namespace atrium::plugins::weddings
