-- pvf store, migration 3: the measurement layer (issue 3): indicators and their observations,
-- comparison groups, goals, activity and spending for productivity, citizen surveys.
-- Periods are pvf's canonical text ("2024-25", "2024-25 Q1", "2024"): within one kind the text
-- order is the time order, which the (indicator, period, body) keys rely on.

-- A finer classification within a body type, e.g. Oflog's council types "Unitary Authorities",
-- "Counties", "Metropolitan Districts", "London Boroughs": the "same type" comparison uses it.
ALTER TABLE bodies ADD COLUMN subtype TEXT;

CREATE TABLE indicators (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 64),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  unit        TEXT NOT NULL DEFAULT '',
  polarity    TEXT NOT NULL CHECK (polarity IN ('higher','lower','neutral')),
  frequency   TEXT NOT NULL DEFAULT 'annual' CHECK (frequency IN ('annual','quarterly')),
  area_key    TEXT,                 -- framework area the indicator informs, e.g. progress_towards_goals
  source      TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- Provenance of every import (file name and digest, counts, who, when).
CREATE TABLE observation_imports (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,        -- "observations", "indicators", "activity", "inputs", "survey"...
  format      TEXT NOT NULL,        -- "pvf" | "oflog" | ...
  source_name TEXT NOT NULL,        -- the file name as given
  sha256      TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  inserted    INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  unchanged   INTEGER NOT NULL,
  user_id     INTEGER REFERENCES users(id),
  username    TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;

-- One value per indicator, period and body. No row-level triggers here: a bulk import writes
-- millions of rows and bumps measure_generation once itself.
CREATE TABLE observations (
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  period       TEXT NOT NULL,
  body_id      INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  value        REAL NOT NULL,
  numerator    REAL,
  denominator  REAL,
  quality      TEXT,                -- publisher's flag, e.g. "provisional", "estimated", "revised"
  import_id    INTEGER REFERENCES observation_imports(id),
  PRIMARY KEY (indicator_id, period, body_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX observations_body ON observations(body_id, indicator_id, period);

-- Moves on with every change to measurement data (imports bump it once per transaction), so
-- comparison and signal responses can be cached like scorecards (see data_generation).
CREATE TABLE measure_generation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  INTEGER NOT NULL
) STRICT;
INSERT INTO measure_generation (id, generation) VALUES (1, 0);
CREATE TRIGGER indicators_mgen_insert AFTER INSERT ON indicators BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER indicators_mgen_update AFTER UPDATE ON indicators BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER indicators_mgen_delete AFTER DELETE ON indicators BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER bodies_mgen_insert AFTER INSERT ON bodies BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER bodies_mgen_update AFTER UPDATE ON bodies BEGIN UPDATE measure_generation SET generation = generation + 1; END;

-- Named comparison groups (e.g. a council's nearest statistical neighbours). Members exclude
-- nothing: the group's "owner" body, if any, may be a member too.
CREATE TABLE comparison_groups (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  description TEXT NOT NULL DEFAULT '',
  body_id     INTEGER REFERENCES bodies(id) ON DELETE CASCADE,  -- whose peer group it is, if any
  method      TEXT NOT NULL DEFAULT 'manual',                   -- "manual", "published", "nearest_neighbours"
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE TABLE comparison_group_members (
  group_id    INTEGER NOT NULL REFERENCES comparison_groups(id) ON DELETE CASCADE,
  body_id     INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL DEFAULT 0,  -- order as published (nearest first)
  PRIMARY KEY (group_id, body_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER groups_mgen_insert AFTER INSERT ON comparison_groups BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER groups_mgen_update AFTER UPDATE ON comparison_groups BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER groups_mgen_delete AFTER DELETE ON comparison_groups BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER members_mgen_insert AFTER INSERT ON comparison_group_members BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER members_mgen_delete AFTER DELETE ON comparison_group_members BEGIN UPDATE measure_generation SET generation = generation + 1; END;

-- A goal: reach target_value by target_period from baseline_value in baseline_period.
CREATE TABLE goals (
  id              INTEGER PRIMARY KEY,
  key             TEXT NOT NULL UNIQUE,   -- the user's goal id, e.g. "leeds-asc1-2026"
  body_id         INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  indicator_id    INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  title           TEXT NOT NULL DEFAULT '',
  baseline_period TEXT NOT NULL,
  baseline_value  REAL NOT NULL,
  target_period   TEXT NOT NULL,
  target_value    REAL NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (target_period > baseline_period)
) STRICT;
CREATE INDEX goals_body ON goals(body_id);
CREATE TRIGGER goals_mgen_insert AFTER INSERT ON goals BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER goals_mgen_update AFTER UPDATE ON goals BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER goals_mgen_delete AFTER DELETE ON goals BEGIN UPDATE measure_generation SET generation = generation + 1; END;

-- Productivity inputs (ONS method): activity volumes with unit costs (£ nominal) and optional
-- quality multipliers; expenditure (£ nominal) by input line with its deflator.
CREATE TABLE activity_volumes (
  body_id     INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  period      TEXT NOT NULL,
  activity    TEXT NOT NULL CHECK (length(trim(activity)) > 0),
  volume      REAL NOT NULL CHECK (volume >= 0),
  unit_cost   REAL NOT NULL CHECK (unit_cost > 0),
  quality     REAL NOT NULL DEFAULT 1 CHECK (quality > 0),
  PRIMARY KEY (body_id, period, activity)
) STRICT, WITHOUT ROWID;
CREATE TABLE input_spending (
  body_id     INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  period      TEXT NOT NULL,
  input       TEXT NOT NULL DEFAULT '',  -- input line ("labour", ...); '' when not broken down
  expenditure REAL NOT NULL CHECK (expenditure >= 0),
  deflator    REAL NOT NULL CHECK (deflator > 0),
  PRIMARY KEY (body_id, period, input)
) STRICT, WITHOUT ROWID;

-- Citizen surveys: questions on an ordered scale and responses (weights optional).
CREATE TABLE survey_questions (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  text        TEXT NOT NULL,
  levels_json TEXT NOT NULL CHECK (json_valid(levels_json) AND json_array_length(levels_json) >= 2),
  top_levels  INTEGER NOT NULL CHECK (top_levels >= 1),
  area_key    TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE TABLE survey_responses (
  question_id INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
  body_id     INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  period      TEXT NOT NULL,
  respondent  TEXT NOT NULL,   -- the survey's own pseudonymous respondent id; never a name
  level       INTEGER NOT NULL CHECK (level >= 1),
  weight      REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
  PRIMARY KEY (question_id, body_id, period, respondent)
) STRICT, WITHOUT ROWID;
