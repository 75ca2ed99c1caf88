-- Event-stream tickets shared by the instances on one database (used with PostgreSQL, see
-- host/services/events/database_ticket_store.cpp): the SHA-256 of each single-use ticket, the
-- principal it stands for (JSON) and when it expires (milliseconds since the Unix epoch).
-- Redeeming deletes the row; expired rows are swept by the instances from time to time.
CREATE TABLE atrium_event_tickets (
  ticket_hash TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  expires_ms BIGINT NOT NULL
);

CREATE INDEX atrium_event_tickets_expires ON atrium_event_tickets (expires_ms);
