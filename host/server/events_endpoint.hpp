#pragma once

#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::events {
class EventsService;
}

namespace atrium::host::server {

// The HTTP side of server-sent events (docs/operations.md, "Real-time events"):
//  GET  <events.path>          text/event-stream of the caller's channel "user:<sub>" plus the
//                              topics asked for (query `topic`, comma-separated)
//                              that events.topics allows; authenticated by the Authorization
//                              header (the auth middleware, optional mode, runs before) or by
//                              a ticket (query `ticket`). Resumes after Last-Event-ID (header,
//                              or query `last_event_id` for a new EventSource).
//  POST <events.path>/ticket   {"ticket": "...", "expires_in": <seconds>} for the caller.
// Errors: 400 bad topic / Last-Event-ID, 401 no or bad credentials, 403 topic refused, 503 too
// many streams or tickets.
class EventsEndpoint {
 public:
  explicit EventsEndpoint(events::EventsService& service) : service_(service) {}

  void stream(const http::Request& request, http::Response& response) const;
  void ticket(const http::Request& request, http::Response& response) const;

 private:
  events::EventsService& service_;
};

}  // namespace atrium::host::server
