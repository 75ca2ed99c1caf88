// weddings.add_gift (guests, public), weddings.list_gifts (the wedding owner)
#include "plugins/weddings/domain/money.hpp"
#include "plugins/weddings/handlers/support.hpp"

namespace atrium::plugins::weddings {

Response createGift(Context& ctx, const Request& req, const Settings& s) {
  const nlohmann::json body = bodyObject(s, req);
  std::vector<FieldError> errors;
  const auto text = [&](const char* field, bool required, size_t max) {
    return readText(body, field, required, required ? 1 : 0, max, errors);
  };
  const std::optional<std::string> wedding_id = text("weddingId", true, 64);
  const std::optional<std::string> guest_name = text("guestName", true, s.max_guest_name_length);
  const std::optional<std::string> message = text("message", false, s.max_message_length);
  std::optional<int64_t> amount;
  if (!body.contains("amount") || body["amount"].is_null()) {
    errors.push_back({"amount", "is required"});
  } else if (!(amount = parseAmount(body["amount"], s.max_gift_amount))) {
    errors.push_back({"amount", "must be a positive amount with at most 2 decimals, up to " +
                                    std::to_string(s.max_gift_amount)});
  }
  if (!errors.empty()) invalid(s, errors);

  const sdk::Db db = ctx.db(req);
  const std::optional<Wedding> wedding = wedding_repo::findById(db, *wedding_id);
  if (!wedding) throw sdk::HttpError(404, "not_found", s.message("wedding_not_found", "Not found"));
  Gift gift;
  gift.id = newId(ctx);
  gift.wedding_id = *wedding_id;
  gift.guest_name = *guest_name;
  gift.amount_minor = *amount;
  gift.message = message && !message->empty() ? message : std::nullopt;
  gift.created_at = nowMillis();
  gift_repo::insert(db, gift);
  const nlohmann::json json = giftJson(gift);
  // The owner's open event streams see the gift live. The gift is stored: a failed publish is
  // logged, not answered as an error (the client would log the gift twice).
  try {
    ctx.events().publish("user:" + wedding->owner_id, s.gift_event, json);
  } catch (const std::exception& e) {
    ctx.warn(std::string("gift stored, live event not published: ") + e.what(), req);
  }
  return ok(json, 201);
}

Response listGifts(Context& ctx, const Request& req, const Settings& s) {
  const sdk::Db db = ctx.db(req);
  const Wedding w = ownedWedding(db, s, req);
  const std::vector<Gift> gifts = gift_repo::listByWedding(db, w.id);
  nlohmann::json list = nlohmann::json::array();
  std::vector<GiftAmount> amounts;
  for (const Gift& g : gifts) {
    list.push_back(giftJson(g));
    amounts.push_back({g.amount_minor, g.created_at});
  }
  const nlohmann::json stats = giftStats(amounts);
  return Response::json({{"success", true},
                         {"data", std::move(list)},
                         {"totalAmount", stats["total"]},
                         {"totalCount", stats["count"]},
                         {"byDay", stats["byDay"]}});
}

}  // namespace atrium::plugins::weddings
