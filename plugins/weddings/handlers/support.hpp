// What the handlers share: the answer's shape, errors, the caller, JSON of the rows.
#pragma once

#include <string>
#include <vector>

#include "plugins/weddings/domain/wedding.hpp"
#include "plugins/weddings/handlers/handlers.hpp"
#include "plugins/weddings/repo/wedding_repo.hpp"

namespace atrium::plugins::weddings {

// {success: true, data: ...}: the product's success envelope.
Response ok(nlohmann::json data, int status = 200);
// 400 with the product's envelope and the field errors ({field, message} each).
[[noreturn]] void invalid(const Settings& s, const std::vector<FieldError>& errors);
// The request's JSON object body (400 when it is not one).
nlohmann::json bodyObject(const Settings& s, const Request& req);
// The signed-in user's id (the route requires auth; 401 if the host let an anonymous through).
std::string callerId(const Request& req);
// The wedding the route names, owned by the caller (404, 403): by the :slug parameter when
// the route has one, else by :id or :weddingId.
Wedding ownedWedding(const sdk::Db& db, const Settings& s, const Request& req);
std::string newId(Context& ctx);  // 128 random bits, URL-safe
int64_t nowMillis();

// With `qrCodeUrl`: qr.path with the slug filled in (null when qr.path is "").
nlohmann::json weddingJson(const Wedding& w, const Settings& s);
nlohmann::json giftJson(const Gift& g);

}  // namespace atrium::plugins::weddings
