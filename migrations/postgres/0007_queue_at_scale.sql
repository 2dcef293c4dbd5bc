-- PostgreSQL twin of migrations/sqlite/0007_queue_at_scale.sql (comments there). The deadline
-- rule is written once here too, as an immutable function: `queue_rule` is a STORED generated
-- column over it (PostgreSQL 15 has no virtual ones), and `queue_run`, its copy that the
-- indexes use, is set from it by a BEFORE trigger, so even a hand-written value is replaced.
CREATE FUNCTION filimbi_queue_rule(possible_spam BIGINT, status TEXT, acknowledged_day TEXT,
                                   feedback_day TEXT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN possible_spam <> 0 OR status IN ('dismissed', 'spam', 'closed') THEN 0
        WHEN status = 'new' AND acknowledged_day IS NULL AND feedback_day IS NULL THEN 1
        WHEN status = 'new' AND acknowledged_day IS NULL THEN 2
        WHEN feedback_day IS NULL THEN 3
        ELSE 0
    END::BIGINT
$$;

ALTER TABLE cases ADD COLUMN queue_rule BIGINT GENERATED ALWAYS AS (
    filimbi_queue_rule(possible_spam, status, acknowledged_day, feedback_day)
) STORED;
ALTER TABLE cases ADD COLUMN queue_run BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION filimbi_cases_queue_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.queue_run := filimbi_queue_rule(NEW.possible_spam, NEW.status, NEW.acknowledged_day,
                                        NEW.feedback_day);
    RETURN NEW;
END
$$;

CREATE TRIGGER cases_queue_run BEFORE INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION filimbi_cases_queue_run();

UPDATE cases SET queue_run = queue_rule;

CREATE INDEX cases_runs ON cases (queue_run, received_day, id);
CREATE INDEX cases_runs_unread ON cases (queue_run, received_day, id) WHERE unread_answers <> 0;
CREATE INDEX cases_by_day_unread ON cases (possible_spam, received_day, id)
    WHERE unread_answers <> 0;
DROP INDEX cases_queue;
CREATE INDEX cases_assignee ON cases (assignee, queue_run, received_day, id, possible_spam);
CREATE INDEX cases_category ON cases (category, queue_run, received_day, id, possible_spam);
CREATE INDEX case_labels_by_label ON case_labels (label, case_id);

CREATE TABLE case_tally (
    possible_spam BIGINT NOT NULL,
    status        TEXT   NOT NULL,
    cases         BIGINT NOT NULL,
    unread        BIGINT NOT NULL,
    PRIMARY KEY (possible_spam, status)
);

INSERT INTO case_tally (possible_spam, status, cases, unread)
    SELECT possible_spam, status, COUNT(*), COUNT(*) FILTER (WHERE unread_answers <> 0)
    FROM cases GROUP BY possible_spam, status;

-- One function for the three triggers: take the old row out of its count, put the new one in.
CREATE FUNCTION filimbi_case_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE case_tally
            SET cases = cases - 1,
                unread = unread - (CASE WHEN OLD.unread_answers <> 0 THEN 1 ELSE 0 END)
            WHERE possible_spam = OLD.possible_spam AND status = OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO case_tally (possible_spam, status, cases, unread)
            VALUES (NEW.possible_spam, NEW.status, 1,
                    CASE WHEN NEW.unread_answers <> 0 THEN 1 ELSE 0 END)
            ON CONFLICT (possible_spam, status)
            DO UPDATE SET cases = case_tally.cases + 1,
                          unread = case_tally.unread + excluded.unread;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER case_tally_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION filimbi_case_tally();
CREATE TRIGGER case_tally_delete AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION filimbi_case_tally();
CREATE TRIGGER case_tally_update AFTER UPDATE OF possible_spam, status, unread_answers ON cases
    FOR EACH ROW
    WHEN (OLD.possible_spam IS DISTINCT FROM NEW.possible_spam
          OR OLD.status IS DISTINCT FROM NEW.status
          OR (OLD.unread_answers <> 0) IS DISTINCT FROM (NEW.unread_answers <> 0))
    EXECUTE FUNCTION filimbi_case_tally();
