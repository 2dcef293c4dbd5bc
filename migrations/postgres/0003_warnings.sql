-- PostgreSQL twin of migrations/sqlite/0003_warnings.sql (comments there).
CREATE TABLE warning_entries (
    id          BIGINT NOT NULL PRIMARY KEY,  -- assigned by the application, under the writer lock
    kind        TEXT   NOT NULL,
    target      TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    listed_day  TEXT   NOT NULL,
    changed_day TEXT   NOT NULL,
    case_id     TEXT   REFERENCES cases (id) ON DELETE SET NULL,
    UNIQUE (kind, target)
);

CREATE TABLE warning_events (
    seq       BIGINT NOT NULL PRIMARY KEY,
    entry_id  BIGINT NOT NULL REFERENCES warning_entries (id),
    day       TEXT   NOT NULL,
    action    TEXT   NOT NULL,
    reason_en TEXT   NOT NULL,
    reason_fr TEXT   NOT NULL
);

CREATE INDEX warning_events_entry ON warning_events (entry_id);

CREATE TABLE warning_drafts (
    id          TEXT NOT NULL PRIMARY KEY,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    reason_fr   TEXT NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    drafted_by  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    drafted_day TEXT NOT NULL
);

INSERT INTO warning_entries (id, kind, target, status, listed_day, changed_day) VALUES
    (1, 'domain', 'www.ceecertification.com', 'active', '2026-11-23', '2026-11-23'),
    (2, 'domain', 'www.ceecicglrcertification.org', 'active', '2026-11-23', '2026-11-23'),
    (3, 'domain', 'www.icglr-icglr.cd', 'active', '2026-11-23', '2026-11-23'),
    (4, 'domain', 'www.icglr-lricg.org', 'active', '2026-11-23', '2026-11-23');

INSERT INTO warning_events (seq, entry_id, day, action, reason_en, reason_fr)
SELECT id, id, listed_day, 'listed',
    'Named as a fake website by the ICGLR minerals certification scheme on its official website. It is not a certification authority.',
    'Désigné comme faux site par le mécanisme de certification des minerais de la CIRGL sur son site officiel. Ce n''est pas une autorité de certification.'
FROM warning_entries;
