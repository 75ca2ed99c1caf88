-- Shared rate-limit counters (store: database): one row per (limiter, key), updated by one
-- atomic upsert per check (host/middleware/database_rate_limit_store.cpp). Times are
-- milliseconds since the Unix epoch. Sliding window: start_ms is the current window's start,
-- previous/current the two windows' counts. Token bucket: start_ms is the last refill,
-- current the tokens left. Rows past expires_ms are deleted by the instances from time to time.
CREATE TABLE atrium_rate_limits (
  limiter TEXT NOT NULL,
  bucket_key TEXT NOT NULL,
  start_ms BIGINT NOT NULL,
  previous DOUBLE PRECISION NOT NULL,
  current DOUBLE PRECISION NOT NULL,
  allowed INTEGER NOT NULL,
  expires_ms BIGINT NOT NULL,
  PRIMARY KEY (limiter, bucket_key)
);

CREATE INDEX atrium_rate_limits_expires ON atrium_rate_limits (expires_ms);
