-- PostgreSQL twin of migrations/sqlite/0001_cases.sql; the comments there explain the columns,
-- and tests/it/schema.rs holds the two to the same tables, columns and constraints.
-- What differs: 64-bit integers, BYTEA for ciphertext, and no WITHOUT ROWID. PostgreSQL has no
-- rowid, but a table's heap order and each row's xmin follow arrival order until the table is
-- rewritten (docs/threat-model.md): ids are random here too, never SERIAL or IDENTITY.
CREATE TABLE cases (
    id                      TEXT    NOT NULL PRIMARY KEY, -- random 128-bit hex
    category                TEXT    NOT NULL,
    status                  TEXT    NOT NULL,
    received_day            TEXT    NOT NULL,             -- YYYY-MM-DD, UTC
    case_recipient          TEXT    NOT NULL,
    receipt_lookup          TEXT    NOT NULL UNIQUE,
    receipt_salt            TEXT    NOT NULL,
    whistleblower_recipient TEXT    NOT NULL
);

CREATE INDEX cases_status ON cases (status);

CREATE TABLE blobs (
    id         TEXT NOT NULL PRIMARY KEY,
    case_id    TEXT REFERENCES cases (id) ON DELETE CASCADE,   -- NULL while staged
    name       TEXT NOT NULL,
    staged_day TEXT NOT NULL,
    UNIQUE (case_id, name)
);

CREATE INDEX blobs_case ON blobs (case_id);

CREATE TABLE blob_chunks (
    id      BIGINT NOT NULL PRIMARY KEY, -- random
    blob_id TEXT   NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    chunk   BIGINT NOT NULL,
    data    BYTEA  NOT NULL,
    UNIQUE (blob_id, chunk)
);

CREATE TABLE case_key_wraps (
    case_id    TEXT  NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    reader     TEXT  NOT NULL,
    ciphertext BYTEA NOT NULL,
    PRIMARY KEY (case_id, reader)
);
