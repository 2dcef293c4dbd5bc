-- Cases: what the server keeps in clear about a report is deliberately this little.
-- No IP address, user agent, language, referrer or time of day exists anywhere in the schema.
-- Tables are WITHOUT ROWID (or use random row ids): SQLite's implicit rowid would otherwise
-- number rows in arrival order, and the order of arrival, lined up with anything timestamped
-- outside the database, gives back the times the schema leaves out.
CREATE TABLE cases (
    id                      TEXT    NOT NULL PRIMARY KEY, -- random 128-bit hex
    category                TEXT    NOT NULL,
    status                  TEXT    NOT NULL,
    received_day            TEXT    NOT NULL,             -- YYYY-MM-DD, UTC
    case_recipient          TEXT    NOT NULL,             -- age1… of the per-case key (public)
    receipt_lookup          TEXT    NOT NULL UNIQUE,      -- HMAC-SHA256(server key, receipt)
    receipt_salt            TEXT    NOT NULL,             -- HKDF salt for the whistle-blower key
    whistleblower_recipient TEXT    NOT NULL              -- age1… derived from the receipt
) WITHOUT ROWID;

CREATE INDEX cases_status ON cases (status);

-- Encrypted content (the report, attachments). A blob is written while its upload is still
-- arriving, with case_id NULL ("staged"), in many short transactions; the case's one commit
-- then links it (UPDATE ... SET case_id). Staged blobs never linked are deleted at start.
CREATE TABLE blobs (
    id         TEXT NOT NULL PRIMARY KEY,                      -- random
    case_id    TEXT REFERENCES cases (id) ON DELETE CASCADE,   -- NULL while staged
    name       TEXT NOT NULL,                                  -- 'report', 'attachment-01'…
    staged_day TEXT NOT NULL,                                  -- YYYY-MM-DD, for sweeping
    UNIQUE (case_id, name)
) WITHOUT ROWID;

CREATE INDEX blobs_case ON blobs (case_id);

-- Ciphertext in chunks of at most 1 MiB, so no row and no transaction is ever large.
-- Rows this large are stored best in a rowid table; the row id is random rather than
-- sequential, for the reason given at the top.
CREATE TABLE blob_chunks (
    id      INTEGER NOT NULL PRIMARY KEY, -- random
    blob_id TEXT    NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    chunk   INTEGER NOT NULL, -- 0-based order
    data    BLOB    NOT NULL, -- age ciphertext
    UNIQUE (blob_id, chunk)
);

-- The per-case age identity, encrypted to each reader ('escrow' = every key in keys/).
CREATE TABLE case_key_wraps (
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    reader     TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (case_id, reader)
) WITHOUT ROWID;
