#include "plugins/weddings/repo/stats_repo.hpp"

namespace atrium::plugins::weddings::stats_repo {

UserStats forUser(const sdk::Db& db, const std::string& user_id) {
  return db.transaction([&](sdk::Transaction& tx) {
    UserStats s;
    const sdk::DbParams user{{"user", user_id}};
    s.weddings = tx.query("weddings.user_wedding_count",
                          "SELECT COUNT(*) AS n FROM weddings WHERE owner_id = :user", user)[0]
                     .getInt("n");
    // SUM of BIGINT is NUMERIC on PostgreSQL: cast back (the sum of real gifts fits 64 bits).
    s.gift_amount_minor =
        tx.query("weddings.user_gift_total",
                 "SELECT CAST(COALESCE(SUM(g.amount_minor), 0) AS BIGINT) AS n FROM wedding_gifts "
                 "g JOIN weddings w ON w.id = g.wedding_id WHERE w.owner_id = :user",
                 user)[0]
            .getInt("n");
    s.invitations =
        tx.query("weddings.user_invitation_count",
                 "SELECT COUNT(*) AS n FROM wedding_invitations WHERE owner_id = :user", user)[0]
            .getInt("n");
    return s;
  });
}

}  // namespace atrium::plugins::weddings::stats_repo
