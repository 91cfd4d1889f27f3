-- pvf store, migration 5: person-centred record linkage (issue 5). Person records live only under
-- a data-sharing agreement (purpose, lawful basis, parties, fields, retention) and only its
-- members reach them. Record values are sealed (secretbox) by the store before they get here;
-- unique ids are kept as keyed-hash pseudonyms. Runs refer to records by position, never by
-- value. Deleting an agreement deletes everything under it.

CREATE TABLE sharing_agreements (
  id            INTEGER PRIMARY KEY,
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  purpose       TEXT NOT NULL,
  lawful_basis  TEXT NOT NULL,
  parties       TEXT NOT NULL,           -- JSON array of organisation names
  fields        TEXT NOT NULL,           -- JSON array of the column names that may be shared
  retain_until  TEXT NOT NULL,           -- ISO date; the data are deleted after it
  created_by    INTEGER NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sharing_agreement_members (
  agreement_id  INTEGER NOT NULL REFERENCES sharing_agreements(id) ON DELETE CASCADE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at      TEXT NOT NULL,
  PRIMARY KEY (agreement_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sharing_agreement_members_user ON sharing_agreement_members(user_id, agreement_id);

CREATE TABLE linkage_datasets (
  id            INTEGER PRIMARY KEY,
  agreement_id  INTEGER NOT NULL REFERENCES sharing_agreements(id) ON DELETE CASCADE,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  party         TEXT NOT NULL,
  id_column     TEXT NOT NULL,
  columns       TEXT NOT NULL,           -- JSON array, in file order
  rows          INTEGER NOT NULL,
  created_by    INTEGER NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX linkage_datasets_name ON linkage_datasets(agreement_id, name);

-- row: 1 = the file's first data row. sealed: secretbox of the row's values as a JSON array in
-- the dataset's column order. pseudonym: keyed BLAKE2b of the unique id.
CREATE TABLE linkage_records (
  dataset_id    INTEGER NOT NULL REFERENCES linkage_datasets(id) ON DELETE CASCADE,
  row           INTEGER NOT NULL,
  pseudonym     TEXT NOT NULL,
  sealed        BLOB NOT NULL,
  PRIMARY KEY (dataset_id, row)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX linkage_records_pseudonym ON linkage_records(dataset_id, pseudonym);

-- A run's records are numbered from 0: the left dataset's rows in order, then the right's.
CREATE TABLE linkage_runs (
  id                 INTEGER PRIMARY KEY,
  agreement_id       INTEGER NOT NULL REFERENCES sharing_agreements(id) ON DELETE CASCADE,
  title              TEXT NOT NULL,
  link_type          TEXT NOT NULL CHECK (link_type IN ('dedupe_only','link_only')),
  left_dataset_id    INTEGER NOT NULL REFERENCES linkage_datasets(id) ON DELETE CASCADE,
  right_dataset_id   INTEGER REFERENCES linkage_datasets(id) ON DELETE CASCADE,
  left_rows          INTEGER NOT NULL,
  records            INTEGER NOT NULL,
  candidate_pairs    INTEGER NOT NULL,
  predicted_pairs    INTEGER NOT NULL,
  clusters           INTEGER NOT NULL,
  threshold_match_probability REAL NOT NULL,
  converged          INTEGER NOT NULL CHECK (converged IN (0,1)),
  settings           TEXT NOT NULL,      -- S.json as run (proposed settings written out)
  settings_proposed  INTEGER NOT NULL CHECK (settings_proposed IN (0,1)),
  model              TEXT NOT NULL,      -- model.json
  summary            TEXT NOT NULL,      -- {total_pairs, blocking_rules, seconds, warnings}
  histogram          TEXT NOT NULL,      -- [{from,to,pairs}]
  created_by         INTEGER NOT NULL REFERENCES users(id),
  created_at         TEXT NOT NULL,
  seconds            REAL NOT NULL
) STRICT;
CREATE INDEX linkage_runs_agreement ON linkage_runs(agreement_id, id);

-- Stored pairs: every predicted pair and the near misses. pattern: the comparison levels,
-- 4 bits each (linkage/comparison.h), as a signed 64-bit integer.
CREATE TABLE linkage_pairs (
  run_id             INTEGER NOT NULL REFERENCES linkage_runs(id) ON DELETE CASCADE,
  a                  INTEGER NOT NULL,
  b                  INTEGER NOT NULL,
  match_weight       REAL NOT NULL,
  match_probability  REAL NOT NULL,
  pattern            INTEGER NOT NULL,
  predicted          INTEGER NOT NULL CHECK (predicted IN (0,1)),
  PRIMARY KEY (run_id, a, b),
  CHECK (a < b)
) STRICT, WITHOUT ROWID;
CREATE INDEX linkage_pairs_weight ON linkage_pairs(run_id, match_weight DESC, a, b);
CREATE INDEX linkage_pairs_b ON linkage_pairs(run_id, b);

-- Records in clusters of two or more (every other record is a cluster of its own). cluster: the
-- position of the cluster's first record.
CREATE TABLE linkage_clusters (
  run_id    INTEGER NOT NULL REFERENCES linkage_runs(id) ON DELETE CASCADE,
  record    INTEGER NOT NULL,
  cluster   INTEGER NOT NULL,
  PRIMARY KEY (run_id, record)
) STRICT, WITHOUT ROWID;
CREATE INDEX linkage_clusters_cluster ON linkage_clusters(run_id, cluster, record);

-- Clerical review: a person's verdict on a stored pair (the latest verdict of a pair counts).
CREATE TABLE linkage_reviews (
  run_id        INTEGER NOT NULL,
  a             INTEGER NOT NULL,
  b             INTEGER NOT NULL,
  label         TEXT NOT NULL CHECK (label IN ('match','non_match')),
  reviewer      INTEGER NOT NULL REFERENCES users(id),
  reviewed_at   TEXT NOT NULL,
  PRIMARY KEY (run_id, a, b),
  FOREIGN KEY (run_id, a, b) REFERENCES linkage_pairs(run_id, a, b) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
