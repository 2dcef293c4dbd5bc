-- The investigator workspace: accounts, sessions, triage fields, notes and the audit log.
-- Investigators' actions are timestamped (to the second) — that is the audit trail. No time
-- about a whistle-blower is added: cases still carry only their day of arrival.

-- An investigator account. There is no password hash: the password derives (Argon2id, cost
-- stored per row) the key that opens `vault`, which holds the account's age identity and TOTP
-- secret. A wrong password fails to open the vault.
CREATE TABLE accounts (
    id             TEXT    NOT NULL PRIMARY KEY,  -- random 128-bit hex
    name           TEXT    NOT NULL UNIQUE,
    is_admin       INTEGER NOT NULL DEFAULT 0,
    state          TEXT    NOT NULL,              -- 'pending' (setup link out), 'active', 'disabled'
    recipient      TEXT,                          -- age1… of the account key; NULL while pending
    kdf_salt       BLOB,
    kdf_m_kib      INTEGER,
    kdf_t          INTEGER,
    kdf_p          INTEGER,
    vault          BLOB,                          -- XChaCha20-Poly1305(Argon2id(password), identity + TOTP)
    totp_last_step INTEGER NOT NULL DEFAULT 0,    -- each TOTP code is accepted once
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER NOT NULL DEFAULT 0,    -- unix seconds
    created_day    TEXT    NOT NULL
) WITHOUT ROWID;

-- One-time setup links (new account, or reset). Only a hash of the token is stored.
CREATE TABLE setup_links (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Sessions. The cookie holds the session id and a session key; the row holds a hash of the id
-- and the account identity sealed under the session key, so the row alone opens nothing and
-- any replica can serve any request.
CREATE TABLE sessions (
    id_hash    TEXT    NOT NULL PRIMARY KEY,
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    identity   BLOB    NOT NULL
) WITHOUT ROWID;

-- Triage fields on cases.
ALTER TABLE cases ADD COLUMN assignee TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE cases ADD COLUMN acknowledged_day TEXT; -- first move out of 'new'
ALTER TABLE cases ADD COLUMN feedback_day TEXT;     -- last feedback given to the whistle-blower

CREATE TABLE case_labels (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    label   TEXT NOT NULL,
    PRIMARY KEY (case_id, label)
) WITHOUT ROWID;

-- Internal notes, age-encrypted like report content (case key + offline keys).
CREATE TABLE case_notes (
    case_id    TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    author_id  TEXT    REFERENCES accounts (id) ON DELETE SET NULL,
    ciphertext BLOB    NOT NULL,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

-- Append-only audit log. Each entry's MAC covers its fields and the previous entry's MAC
-- (HMAC-SHA256 under a key derived from data/server.key), so an edited, removed or inserted
-- row breaks the chain from there on; `filimbi audit verify` says where.
CREATE TABLE audit_log (
    seq     INTEGER NOT NULL PRIMARY KEY, -- 1, 2, 3, … (investigator actions are not secret in order)
    at      TEXT    NOT NULL,             -- RFC 3339, UTC, seconds
    actor   TEXT    NOT NULL,             -- account name, or 'cli'
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL,             -- case id, account name, or ''
    detail  TEXT    NOT NULL,
    prev    TEXT    NOT NULL,             -- previous entry's mac (64 zeros for the first)
    mac     TEXT    NOT NULL
);
