-- pvf store, migration 1: accounts, audit, frameworks, bodies, assessments, dialogue, actions.
-- Times are UTC ISO 8601 text ("2026-11-23T22:10:00Z"). Every table is STRICT.

CREATE TABLE bodies (
  id          INTEGER PRIMARY KEY,
  code        TEXT UNIQUE,                      -- e.g. an ONS code "E08000035"; optional
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  type        TEXT NOT NULL CHECK (type IN ('department','council','agency','programme','other')),
  region      TEXT,
  parent_id   INTEGER REFERENCES bodies(id) ON DELETE RESTRICT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE UNIQUE INDEX bodies_name ON bodies(name);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 64),
  display_name   TEXT NOT NULL DEFAULT '',
  role           TEXT NOT NULL CHECK (role IN ('admin','treasury_analyst','body_lead','assessor','viewer')),
  body_id        INTEGER REFERENCES bodies(id) ON DELETE RESTRICT, -- body leads and assessors work for one body
  password_hash  TEXT NOT NULL,                                    -- argon2id, libsodium string form
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,   -- BLAKE2b of the cookie token; the token itself is never stored
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only: the triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,            -- NULL for the system (migrations, demo seeding, CLI)
  username    TEXT NOT NULL,      -- kept as text so the entry outlives the account
  action      TEXT NOT NULL,      -- e.g. "assessment.rate", "body.create"
  entity      TEXT NOT NULL,      -- e.g. "assessment"
  entity_id   TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json  TEXT CHECK (after_json IS NULL OR json_valid(after_json))
) STRICT;
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE frameworks (
  id              INTEGER PRIMARY KEY,
  key             TEXT NOT NULL,
  version         TEXT NOT NULL,
  title           TEXT NOT NULL,
  definition_json TEXT NOT NULL CHECK (json_valid(definition_json)),
  source_yaml     TEXT NOT NULL,
  sha256          TEXT NOT NULL,
  loaded_at       TEXT NOT NULL,
  UNIQUE (key, version)
) STRICT;
-- A version that an assessment uses is immutable: changing it means a new version.
CREATE TRIGGER frameworks_immutable_when_used BEFORE UPDATE ON frameworks
  WHEN EXISTS (SELECT 1 FROM assessments WHERE framework_id = OLD.id)
  BEGIN SELECT RAISE(ABORT, 'framework version is used by an assessment and cannot change'); END;

CREATE TABLE assessments (
  id            INTEGER PRIMARY KEY,
  body_id       INTEGER NOT NULL REFERENCES bodies(id) ON DELETE RESTRICT,
  framework_id  INTEGER NOT NULL REFERENCES frameworks(id) ON DELETE RESTRICT,
  period        TEXT NOT NULL,     -- "2024-25"
  status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','returned','agreed')),
  created_by    INTEGER NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (body_id, framework_id, period)
) STRICT;
CREATE INDEX assessments_period ON assessments(framework_id, period);

CREATE TABLE assessment_transitions (
  id             INTEGER PRIMARY KEY,
  assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  from_status    TEXT NOT NULL,
  to_status      TEXT NOT NULL,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  note           TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
) STRICT;
CREATE INDEX transitions_assessment ON assessment_transitions(assessment_id);

CREATE TABLE ratings (
  assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  area_key       TEXT NOT NULL,
  level          INTEGER NOT NULL,
  rationale      TEXT NOT NULL DEFAULT '',
  confidence     TEXT NOT NULL DEFAULT 'medium' CHECK (confidence IN ('low','medium','high')),
  evidence_json  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence_json)), -- [{"url","note"}]
  updated_by     INTEGER NOT NULL REFERENCES users(id),
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (assessment_id, area_key)
) STRICT;

-- Agreed assessments are read-only, enforced below the application as well.
CREATE TRIGGER ratings_frozen_insert BEFORE INSERT ON ratings
  WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) = 'agreed'
  BEGIN SELECT RAISE(ABORT, 'assessment is agreed and read-only'); END;
CREATE TRIGGER ratings_frozen_update BEFORE UPDATE ON ratings
  WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'agreed'
  BEGIN SELECT RAISE(ABORT, 'assessment is agreed and read-only'); END;
CREATE TRIGGER ratings_frozen_delete BEFORE DELETE ON ratings
  WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'agreed'
  BEGIN SELECT RAISE(ABORT, 'assessment is agreed and read-only'); END;

CREATE TABLE comments (
  id             INTEGER PRIMARY KEY,
  assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  area_key       TEXT NOT NULL,
  parent_id      INTEGER REFERENCES comments(id),
  user_id        INTEGER NOT NULL REFERENCES users(id),
  text           TEXT NOT NULL CHECK (length(trim(text)) > 0),
  created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX comments_assessment ON comments(assessment_id, area_key);

CREATE TABLE actions (
  id             INTEGER PRIMARY KEY,
  assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  area_key       TEXT NOT NULL,
  title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
  owner          TEXT NOT NULL DEFAULT '',
  due_date       TEXT,             -- ISO date "2025-03-31"
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','done','dropped')),
  created_by     INTEGER NOT NULL REFERENCES users(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX actions_assessment ON actions(assessment_id, area_key);
