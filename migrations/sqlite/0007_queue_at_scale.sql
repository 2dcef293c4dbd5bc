-- The queue page at any size (src/store/queue.rs, benches/queue.rs).
--
-- Which deadline run a case is in, computed from its own columns (no clock in it, so it never
-- goes stale): 1 acknowledgement and feedback both pending, 2 only the acknowledgement,
-- 3 only feedback, 0 none (finished, possible spam, or both given). The same rule as
-- `domain::queue::Run::of` (tests/it/queue_scale.rs holds them to each other). Within a run,
-- received order is deadline order, so `cases_runs` hands the deadline order out a page at a
-- time.
--
-- The rule is written once, as a VIRTUAL generated column (computed when read, nothing
-- stored). `queue_run` is its stored copy, kept by the two triggers below, because SQLite
-- reads the table row for every index entry of a virtual column: counting 1 000 cases by
-- the index took 2 ms that way and 0.04 ms from a stored column.
ALTER TABLE cases ADD COLUMN queue_rule INTEGER GENERATED ALWAYS AS (
    CASE
        WHEN possible_spam <> 0 OR status IN ('dismissed', 'spam', 'closed') THEN 0
        WHEN status = 'new' AND acknowledged_day IS NULL AND feedback_day IS NULL THEN 1
        WHEN status = 'new' AND acknowledged_day IS NULL THEN 2
        WHEN feedback_day IS NULL THEN 3
        ELSE 0
    END
) VIRTUAL;
ALTER TABLE cases ADD COLUMN queue_run INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET queue_run = queue_rule;

CREATE TRIGGER cases_queue_run_insert AFTER INSERT ON cases
WHEN NEW.queue_run IS NOT NEW.queue_rule
BEGIN
    UPDATE cases SET queue_run = queue_rule WHERE id = NEW.id;
END;

CREATE TRIGGER cases_queue_run_update
AFTER UPDATE OF possible_spam, status, acknowledged_day, feedback_day, queue_run ON cases
WHEN NEW.queue_run IS NOT NEW.queue_rule
BEGIN
    UPDATE cases SET queue_run = queue_rule WHERE id = NEW.id;
END;

CREATE INDEX cases_runs ON cases (queue_run, received_day, id);
CREATE INDEX cases_runs_unread ON cases (queue_run, received_day, id) WHERE unread_answers <> 0;
CREATE INDEX cases_by_day_unread ON cases (possible_spam, received_day, id)
    WHERE unread_answers <> 0;
-- Replaced by the indexes above and the tally below: it served counts by walking every case.
DROP INDEX cases_queue;
-- "Assigned to me" and a filter by kind walk those cases alone, run by run in received order;
-- the flag at the end lets their counts skip possible spam without reading the table.
CREATE INDEX cases_assignee ON cases (assignee, queue_run, received_day, id, possible_spam);
CREATE INDEX cases_category ON cases (category, queue_run, received_day, id, possible_spam);
-- A label on few cases is found from its own entries (src/store/queue.rs, `LabelSize`).
CREATE INDEX case_labels_by_label ON case_labels (label, case_id);

-- How many cases there are per (possible spam, status), and how many of those have an unread
-- answer: the counts above the queue, read in one step instead of counted. Kept by the
-- triggers below in the same transaction as the change they count. Counts only: no case id,
-- no day, nothing a row of it could say about one report.
CREATE TABLE case_tally (
    possible_spam INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    cases         INTEGER NOT NULL,
    unread        INTEGER NOT NULL,
    PRIMARY KEY (possible_spam, status)
) WITHOUT ROWID;

INSERT INTO case_tally (possible_spam, status, cases, unread)
    SELECT possible_spam, status, COUNT(*), SUM(unread_answers <> 0)
    FROM cases GROUP BY possible_spam, status;

CREATE TRIGGER case_tally_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_tally (possible_spam, status, cases, unread)
        VALUES (NEW.possible_spam, NEW.status, 1, NEW.unread_answers <> 0)
        ON CONFLICT (possible_spam, status)
        DO UPDATE SET cases = cases + 1, unread = unread + excluded.unread;
END;

CREATE TRIGGER case_tally_delete AFTER DELETE ON cases BEGIN
    UPDATE case_tally SET cases = cases - 1, unread = unread - (OLD.unread_answers <> 0)
        WHERE possible_spam = OLD.possible_spam AND status = OLD.status;
END;

CREATE TRIGGER case_tally_update AFTER UPDATE OF possible_spam, status, unread_answers ON cases
WHEN OLD.possible_spam IS NOT NEW.possible_spam OR OLD.status IS NOT NEW.status
    OR (OLD.unread_answers <> 0) IS NOT (NEW.unread_answers <> 0)
BEGIN
    UPDATE case_tally SET cases = cases - 1, unread = unread - (OLD.unread_answers <> 0)
        WHERE possible_spam = OLD.possible_spam AND status = OLD.status;
    INSERT INTO case_tally (possible_spam, status, cases, unread)
        VALUES (NEW.possible_spam, NEW.status, 1, NEW.unread_answers <> 0)
        ON CONFLICT (possible_spam, status)
        DO UPDATE SET cases = cases + 1, unread = unread + excluded.unread;
END;
