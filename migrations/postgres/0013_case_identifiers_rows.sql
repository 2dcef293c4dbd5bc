-- case_identifiers with a random row id, as on SQLite (where 0012's WITHOUT ROWID table put
-- every sealed list in an overflow page of its own), so both engines keep one schema. The
-- UNIQUE key's index of (case_id, name) replaces 0012's separate index of the same columns.
CREATE TABLE case_identifiers_rows (
    id         BIGINT NOT NULL PRIMARY KEY, -- random
    case_id    TEXT   NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    ciphertext BYTEA  NOT NULL,
    mac        TEXT   NOT NULL,
    UNIQUE (case_id, name)
);

INSERT INTO case_identifiers_rows (id, case_id, name, ciphertext, mac)
    SELECT (random() * 9.2e18)::BIGINT, case_id, name, ciphertext, mac
    FROM case_identifiers;

DROP TABLE case_identifiers;

ALTER TABLE case_identifiers_rows RENAME TO case_identifiers;
