-- pvf store, migration 2: a counter that every change to what a scorecard shows moves on,
-- so a server can cache scorecards and know, inside its read snapshot, when one is stale.
-- Triggers keep it right whoever writes (the server, the CLI, another process).
CREATE TABLE data_generation (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  INTEGER NOT NULL
) STRICT;
INSERT INTO data_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER bodies_gen_insert AFTER INSERT ON bodies BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER bodies_gen_update AFTER UPDATE ON bodies BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER bodies_gen_delete AFTER DELETE ON bodies BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER frameworks_gen_insert AFTER INSERT ON frameworks BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER frameworks_gen_update AFTER UPDATE ON frameworks BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER frameworks_gen_delete AFTER DELETE ON frameworks BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER assessments_gen_insert AFTER INSERT ON assessments BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER assessments_gen_update AFTER UPDATE ON assessments BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER assessments_gen_delete AFTER DELETE ON assessments BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER ratings_gen_insert AFTER INSERT ON ratings BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER ratings_gen_update AFTER UPDATE ON ratings BEGIN UPDATE data_generation SET generation = generation + 1; END;
CREATE TRIGGER ratings_gen_delete AFTER DELETE ON ratings BEGIN UPDATE data_generation SET generation = generation + 1; END;
