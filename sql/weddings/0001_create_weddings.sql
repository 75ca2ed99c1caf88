-- The weddings plugin's tables (plugins/weddings/README.md). One file for both backends: only
-- types both accept; times are milliseconds since the epoch (BIGINT); ids are random 128-bit
-- URL-safe strings made by the plugin. Money is stored exactly, as integer minor units (amount × 100).
CREATE TABLE weddings (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  groom_name TEXT NOT NULL,
  bride_name TEXT NOT NULL,
  wedding_date TEXT NOT NULL,
  wedding_location TEXT NOT NULL,
  language TEXT NOT NULL,
  invitation_style TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX weddings_slug ON weddings (slug);
CREATE INDEX weddings_owner ON weddings (owner_id, created_at);

-- Invitation texts of a wedding (written by the AI service or from the template).
CREATE TABLE wedding_invitations (
  id TEXT PRIMARY KEY,
  wedding_id TEXT NOT NULL REFERENCES weddings (id) ON DELETE CASCADE,
  content TEXT NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}',
  language TEXT NOT NULL,
  ai_generated INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX wedding_invitations_wedding ON wedding_invitations (wedding_id, created_at);

-- Guests' photos and videos (the files live in the host's storage; this is the gallery).
CREATE TABLE wedding_media (
  id TEXT PRIMARY KEY,
  wedding_id TEXT NOT NULL REFERENCES weddings (id) ON DELETE CASCADE,
  storage_key TEXT NOT NULL,
  file_url TEXT NOT NULL,
  type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_by_guest INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX wedding_media_wedding ON wedding_media (wedding_id, created_at);

-- To'yana: gifts logged by guests. No cascade: a wedding with gifts is not deleted (409).
CREATE TABLE wedding_gifts (
  id TEXT PRIMARY KEY,
  wedding_id TEXT NOT NULL REFERENCES weddings (id),
  guest_name TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  message TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX wedding_gifts_wedding ON wedding_gifts (wedding_id, created_at);
