-- The identifiers a report or an answer names (domains, certificate numbers, typed phone
-- numbers), sealed: age-encrypted to the case key and every offline key like the report, with
-- their object MAC (kind 'identifiers'). Never in clear, never hashed: investigators' sessions
-- decrypt them into an in-memory index (docs/crypto.md, "Related cases"). One row for the
-- report ('report') and one per answer (its message number), an empty list sealed too, so a
-- row's presence says nothing about what was named. They go with the case (retention).
CREATE TABLE case_identifiers (
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    mac        TEXT NOT NULL,
    PRIMARY KEY (case_id, name)
) WITHOUT ROWID;

-- The keys alone, so that counting and listing which lists a reader can open (each session's
-- check for new ones) reads a small index, not every sealed list: on SQLite the table is its
-- primary key, ciphertext included (a count at 10,000 cases: 81 ms without, 7 ms with).
CREATE INDEX case_identifiers_keys ON case_identifiers (case_id, name);
