-- Server-sent events across instances (host/services/events/pg_event_bus.cpp): event ids come
-- from atrium_event_ids so every instance numbers alike; an event travels in its NOTIFY
-- payload on channel atrium_events, or, when too large for one, in atrium_events (read back by
-- id by every instance, deleted after events.buffer_age). Times: ms since the Unix epoch.
CREATE SEQUENCE atrium_event_ids;

CREATE TABLE atrium_events (
  id BIGINT PRIMARY KEY,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);

CREATE INDEX atrium_events_created ON atrium_events (created_ms);
