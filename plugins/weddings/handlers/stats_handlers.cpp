// weddings.user_stats: the signed-in couple's dashboard numbers (GET /api/user/stats).
#include "plugins/weddings/domain/money.hpp"
#include "plugins/weddings/handlers/support.hpp"
#include "plugins/weddings/repo/stats_repo.hpp"

namespace atrium::plugins::weddings {

Response userStats(Context& ctx, const Request& req, const Settings&) {
  const UserStats stats = stats_repo::forUser(ctx.db(req), callerId(req));
  return ok({{"weddingCount", stats.weddings},
             // Guests' RSVPs are not part of this product yet (README.md): none is accepted.
             {"acceptedRSVPs", 0},
             {"totalGiftAmount", amountJson(stats.gift_amount_minor)},
             {"totalInvitations", stats.invitations}});
}

}  // namespace atrium::plugins::weddings
