// Counts over the weddings plugin's tables for one user (GET /api/user/stats).
#pragma once

#include <cstdint>
#include <string>

#include <atrium/db.hpp>

namespace atrium::plugins::weddings {

struct UserStats {
  int64_t weddings = 0;
  int64_t gift_amount_minor = 0;  // all gifts to the user's weddings, exact
  int64_t invitations = 0;        // invitations the user generated
};

namespace stats_repo {
// Read in one transaction, so the three numbers belong together.
UserStats forUser(const sdk::Db& db, const std::string& user_id);
}  // namespace stats_repo

}  // namespace atrium::plugins::weddings
