-- The accounts plugin's tables (plugins/accounts/README.md). One file for both backends: only
-- types both accept (TEXT, INTEGER, BIGINT); times are seconds since the epoch (BIGINT), flags
-- are 0/1 INTEGERs, ids are random 128-bit hex strings made by the plugin.
--
-- `scope` makes accounts role-scoped when the product wants it: it is '' for every account of
-- a product whose accounts are global (one e-mail, one account), and the role when
-- `roles.scoped: true` (the same e-mail may hold a customer and a seller account).
CREATE TABLE accounts_users (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL DEFAULT '',
  email TEXT,
  phone TEXT,
  role TEXT NOT NULL,
  password_hash TEXT,
  name TEXT,
  first_name TEXT,
  last_name TEXT,
  profile TEXT NOT NULL DEFAULT '{}',
  email_verified INTEGER NOT NULL DEFAULT 0,
  phone_verified INTEGER NOT NULL DEFAULT 0,
  terms_accepted_at BIGINT,
  banned_at BIGINT,
  banned_until BIGINT,
  ban_reason TEXT,
  last_login_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_users_email ON accounts_users (scope, email);
CREATE UNIQUE INDEX accounts_users_phone ON accounts_users (scope, phone);
CREATE INDEX accounts_users_role ON accounts_users (role);

-- Refresh tokens: only their SHA-256 (hex) is stored. A family is one login; every refresh
-- rotates (the old row gets rotated_at, a new row joins the family). Presenting a rotated
-- token again revokes the whole family.
CREATE TABLE accounts_refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES accounts_users (id) ON DELETE CASCADE,
  family_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  rotated_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX accounts_refresh_tokens_family ON accounts_refresh_tokens (family_id);
CREATE INDEX accounts_refresh_tokens_user ON accounts_refresh_tokens (user_id);

-- One-time codes and link tokens (e-mail verification, password reset, phone login): one live
-- code per (purpose, subject); the subject is a user id, or the E.164 phone for phone login.
-- Only the SHA-256 (hex) of the code is stored.
CREATE TABLE accounts_codes (
  purpose TEXT NOT NULL,
  subject TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (purpose, subject)
);
CREATE INDEX accounts_codes_hash ON accounts_codes (purpose, code_hash);
