-- PostgreSQL twin of migrations/sqlite/0002_workspace.sql (comments there).
CREATE TABLE accounts (
    id             TEXT    NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    is_admin       BIGINT  NOT NULL DEFAULT 0,
    state          TEXT    NOT NULL,
    recipient      TEXT,
    kdf_salt       BYTEA,
    kdf_m_kib      BIGINT,
    kdf_t          BIGINT,
    kdf_p          BIGINT,
    vault          BYTEA,
    totp_last_step BIGINT  NOT NULL DEFAULT 0,
    failed_logins  BIGINT  NOT NULL DEFAULT 0,
    locked_until   BIGINT  NOT NULL DEFAULT 0,
    created_day    TEXT    NOT NULL
);

CREATE TABLE setup_links (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    identity   BYTEA  NOT NULL
);

ALTER TABLE cases ADD COLUMN assignee TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE cases ADD COLUMN acknowledged_day TEXT;
ALTER TABLE cases ADD COLUMN feedback_day TEXT;

CREATE TABLE case_labels (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    label   TEXT NOT NULL,
    PRIMARY KEY (case_id, label)
);

CREATE TABLE case_notes (
    case_id    TEXT   NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    author_id  TEXT   REFERENCES accounts (id) ON DELETE SET NULL,
    ciphertext BYTEA  NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- seq is assigned by the application under the writer lock (src/store/audit.rs), not by a
-- sequence: investigators' actions are not secret in order, but one chain needs one head.
CREATE TABLE audit_log (
    seq     BIGINT NOT NULL PRIMARY KEY,
    at      TEXT   NOT NULL,
    actor   TEXT   NOT NULL,
    action  TEXT   NOT NULL,
    subject TEXT   NOT NULL,
    detail  TEXT   NOT NULL,
    prev    TEXT   NOT NULL,
    mac     TEXT   NOT NULL
);
