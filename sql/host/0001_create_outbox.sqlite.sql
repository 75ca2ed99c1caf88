-- The mail and SMS outbox (host/services/messaging, docs/messaging.md). A message is inserted in
-- the same transaction as the state change that caused it; the sender worker claims due rows
-- (one instance: SQLite has no row locks), delivers them and records the outcome here.
CREATE TABLE atrium_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL CHECK (channel IN ('mail', 'sms')),
  recipient TEXT NOT NULL,
  subject TEXT,
  body_text TEXT,
  body_html TEXT,
  product TEXT NOT NULL DEFAULT '',
  template TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP NOT NULL,
  claim_token TEXT,
  claimed_until TIMESTAMP,
  transport TEXT,
  provider_id TEXT,
  last_error TEXT,
  created_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP
);
CREATE UNIQUE INDEX atrium_outbox_idempotency ON atrium_outbox (channel, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX atrium_outbox_due ON atrium_outbox (status, next_attempt_at);
-- Timestamps are TEXT "YYYY-MM-DDTHH:MM:SS.mmmZ" (always that one format, so that they compare
-- as text).
