-- The initial PostgreSQL schema: the same records as the SQLite schema (sqlite-database.ts), in
-- PostgreSQL's types. Times are epoch milliseconds (bigint). Identifiers and labels that the store orders
-- by are COLLATE "C", so they sort byte by byte, as SQLite's BINARY collation and the memory store do,
-- whatever locale the database was created with. Never edit a migration that has shipped; add a new file.

CREATE TABLE drafts (
  id text COLLATE "C" PRIMARY KEY,
  standard_id text COLLATE "C" NOT NULL,
  title text NOT NULL,
  based_on text,
  created_by text NOT NULL,
  created_at bigint NOT NULL
);

-- An identity never hands out a number twice (not even after the rows holding it were compacted away), so
-- an update appended after a compaction that emptied the log is numbered above the snapshot.
CREATE TABLE doc_updates (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id text COLLATE "C" NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
  bytes bytea NOT NULL
);
CREATE INDEX doc_updates_by_doc ON doc_updates (doc_id, seq);

CREATE TABLE doc_snapshots (
  doc_id text COLLATE "C" PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
  bytes bytea NOT NULL,
  up_to bigint NOT NULL
);

CREATE TABLE versions (
  standard_id text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  json text NOT NULL,
  sha256 text NOT NULL,
  author text NOT NULL,
  published_at bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'comment', 'published', 'retired')),
  -- Breaks ties between versions published in the same millisecond: the order they were stored.
  stored_order bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (standard_id, version)
);

CREATE TABLE members (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('chair', 'editor', 'viewer')),
  created_at bigint NOT NULL,
  last_sign_in_at bigint
);

CREATE TABLE invites (
  token_hash text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('chair', 'editor', 'viewer')),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  member_id text
);

CREATE TABLE sessions (
  id_hash text COLLATE "C" PRIMARY KEY,
  member_id text COLLATE "C" NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX sessions_by_member ON sessions (member_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE assessment_files (
  standard_id text COLLATE "C" NOT NULL,
  cycle text COLLATE "C" NOT NULL,
  json text NOT NULL,
  PRIMARY KEY (standard_id, cycle)
);
