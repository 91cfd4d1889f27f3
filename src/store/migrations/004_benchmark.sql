-- pvf store, migration 4: benchmarking runs (issue 4): DEA efficiency for one period and
-- Malmquist productivity change over periods, each run with its results. A run is immutable
-- once stored (it records what the data said when it ran); deleting it removes its results.

CREATE TABLE benchmark_runs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('dea','malmquist')),
  title       TEXT NOT NULL,
  period      TEXT NOT NULL,          -- dea: the period; malmquist: the last period
  periods     TEXT NOT NULL,          -- JSON array of the periods, in time order
  group_scope TEXT NOT NULL,          -- all | type | region | group
  group_id    INTEGER,                -- a named group's id when it was run (the group may go)
  group_label TEXT NOT NULL,
  rts         TEXT NOT NULL,
  orientation TEXT NOT NULL,
  units       INTEGER NOT NULL,
  efficient   INTEGER,                -- dea: units with efficiency 1 (to 1e-9); null for malmquist
  spec        TEXT NOT NULL,          -- the request as run (JSON, BenchmarkSpec)
  detail      TEXT NOT NULL,          -- JSON {variables, left_out, warnings}
  created_by  INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  seconds     REAL NOT NULL
) STRICT;
CREATE INDEX benchmark_runs_kind ON benchmark_runs(kind, id);

-- One row per unit of a DEA run. detail: JSON {inputs, outputs, input_slacks, output_slacks,
-- peers:[[body_id, lambda]], input_targets, output_targets, bootstrap}.
CREATE TABLE benchmark_dea_results (
  run_id      INTEGER NOT NULL REFERENCES benchmark_runs(id) ON DELETE CASCADE,
  body_id     INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  status      TEXT NOT NULL CHECK (status IN ('optimal','infeasible','unbounded','failed')),
  efficiency  REAL,
  rank        INTEGER,
  detail      TEXT NOT NULL,
  PRIMARY KEY (run_id, body_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX benchmark_dea_results_body ON benchmark_dea_results(body_id, run_id);

CREATE TABLE benchmark_malmquist_results (
  run_id                  INTEGER NOT NULL REFERENCES benchmark_runs(id) ON DELETE CASCADE,
  body_id                 INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  period_from             TEXT NOT NULL,
  period_to               TEXT NOT NULL,
  status                  TEXT NOT NULL CHECK (status IN ('optimal','infeasible','unbounded','failed')),
  malmquist               REAL,
  efficiency_change       REAL,
  technical_change        REAL,
  pure_efficiency_change  REAL,
  scale_efficiency_change REAL,
  PRIMARY KEY (run_id, body_id, period_from)
) STRICT, WITHOUT ROWID;
CREATE INDEX benchmark_malmquist_results_body ON benchmark_malmquist_results(body_id, run_id);

-- Runs feed the scorecard's data signals, which are cached by measure_generation.
CREATE TRIGGER benchmark_runs_mgen_insert AFTER INSERT ON benchmark_runs BEGIN UPDATE measure_generation SET generation = generation + 1; END;
CREATE TRIGGER benchmark_runs_mgen_delete AFTER DELETE ON benchmark_runs BEGIN UPDATE measure_generation SET generation = generation + 1; END;
