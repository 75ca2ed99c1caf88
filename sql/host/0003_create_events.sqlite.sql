-- Server-sent events: with SQLite a single instance serves them from memory; the table exists
-- only so that both backends share one schema history (the PostgreSQL variant uses it for
-- events too large for a NOTIFY payload).
CREATE TABLE atrium_events (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
