-- One row per AI generate call (host/services/ai, docs/ai.md "Usage"): who asked (product,
-- plugin or script, user), which provider and model answered, how much (tokens when the
-- provider reported them, otherwise characters: see unit), how long, and the outcome ("ok" or
-- an error kind). Never the prompt, the answer or a key.
CREATE TABLE atrium_ai_usage (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  product TEXT NOT NULL,
  plugin TEXT NOT NULL DEFAULT '',
  user_id TEXT,
  template TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  unit TEXT NOT NULL CHECK (unit IN ('tokens', 'characters')),
  prompt_units INTEGER NOT NULL,
  completion_units INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  request_id TEXT,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX atrium_ai_usage_product_time ON atrium_ai_usage (product, created_at);
CREATE INDEX atrium_ai_usage_user_time ON atrium_ai_usage (user_id, created_at);
-- Timestamps are TEXT "YYYY-MM-DDTHH:MM:SS.mmmZ" (always that one format, so that they compare
-- as text).
