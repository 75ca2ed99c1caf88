-- Invitations are generated before the wedding exists too (the client's wizard asks for the
-- text first), so wedding_id becomes optional and each invitation records who generated it.
-- Rebuilt rather than altered: SQLite cannot drop a NOT NULL. Same SQL on both backends.
CREATE TABLE wedding_invitations_v2 (
  id TEXT PRIMARY KEY,
  wedding_id TEXT REFERENCES weddings (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  content TEXT NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}',
  language TEXT NOT NULL,
  ai_generated INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
INSERT INTO wedding_invitations_v2
  (id, wedding_id, owner_id, content, meta, language, ai_generated, created_at)
SELECT i.id, i.wedding_id, w.owner_id, i.content, i.meta, i.language, i.ai_generated, i.created_at
FROM wedding_invitations i JOIN weddings w ON w.id = i.wedding_id;
DROP TABLE wedding_invitations;
ALTER TABLE wedding_invitations_v2 RENAME TO wedding_invitations;
CREATE INDEX wedding_invitations_wedding ON wedding_invitations (wedding_id, created_at);
CREATE INDEX wedding_invitations_owner ON wedding_invitations (owner_id, created_at);
