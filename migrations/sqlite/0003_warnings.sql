-- Public fraud warnings: fake websites and forged certificate numbers that investigators have
-- verified. Entries and their events are public by design (the page and the feeds show them);
-- drafts and the link from an entry to the case behind it are for staff only. Only days are
-- kept, never times of day.

-- One listed target. `target` is canonical: a punycode domain as listed (a listing written
-- `www.example.com` covers example.com and its subdomains) or an upper-case certificate number.
CREATE TABLE warning_entries (
    id          INTEGER NOT NULL PRIMARY KEY,  -- 1, 2, 3, … assigned by the application
    kind        TEXT    NOT NULL,              -- 'domain' | 'certificate'
    target      TEXT    NOT NULL,
    status      TEXT    NOT NULL,              -- 'active' | 'withdrawn'
    listed_day  TEXT    NOT NULL,              -- YYYY-MM-DD first listed
    changed_day TEXT    NOT NULL,              -- YYYY-MM-DD of the latest event
    case_id     TEXT    REFERENCES cases (id) ON DELETE SET NULL,  -- staff only, never published
    UNIQUE (kind, target)
);

-- The public history of every entry, append-only: listed, withdrawn, listed again. The reason
-- shown for an entry is the one of its latest event.
CREATE TABLE warning_events (
    seq       INTEGER NOT NULL PRIMARY KEY,    -- 1, 2, 3, … also the feeds' serial number
    entry_id  INTEGER NOT NULL REFERENCES warning_entries (id),
    day       TEXT    NOT NULL,
    action    TEXT    NOT NULL,                -- 'listed' | 'withdrawn' | 'relisted'
    reason_en TEXT    NOT NULL,
    reason_fr TEXT    NOT NULL
);

CREATE INDEX warning_events_entry ON warning_events (entry_id);

-- A listing waiting for a second investigator (the two-person rule). Deleted when published or
-- discarded; the audit log keeps who drafted, approved or discarded it.
CREATE TABLE warning_drafts (
    id          TEXT NOT NULL PRIMARY KEY,     -- random 128-bit hex
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    reason_fr   TEXT NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    drafted_by  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    drafted_day TEXT NOT NULL
);

-- The four fake sites the scheme itself names on its official website, listed from the first
-- start. A fixed day (when Filimbi first listed them), so every server publishes the same one.
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
