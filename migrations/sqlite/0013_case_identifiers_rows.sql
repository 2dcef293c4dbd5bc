-- case_identifiers again, as a table with random row ids like blob_chunks. 0012 made it
-- WITHOUT ROWID, but a sealed list (1.5 to 2 KB) is larger than such a table keeps in its own
-- pages, so every row spilled into an overflow page of its own, mostly empty: 4.5 KB a case,
-- half of a database's size, and one more page written with every report. A rowid table keeps
-- two lists a page. The ids are random, not SQLite's counter, for the reason 0001 gives: a
-- counter would number the lists in the order their reports and answers arrived. The UNIQUE
-- key is an index of (case_id, name) alone, which the sessions' check for new lists reads, so
-- 0012's separate index goes.
CREATE TABLE case_identifiers_rows (
    id         INTEGER NOT NULL PRIMARY KEY, -- random
    case_id    TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    ciphertext BLOB    NOT NULL,
    mac        TEXT    NOT NULL,
    UNIQUE (case_id, name)
);

INSERT INTO case_identifiers_rows (id, case_id, name, ciphertext, mac)
    SELECT random() & 9223372036854775807, case_id, name, ciphertext, mac
    FROM case_identifiers;

DROP TABLE case_identifiers;

ALTER TABLE case_identifiers_rows RENAME TO case_identifiers;
