-- Holding under attack (docs/crypto.md, "What is stored in clear").
--
-- Form tokens are spent once. What is kept is a keyed digest of the token (never the token)
-- and the UTC day on which the token stops being accepted; the row is deleted once that day
-- is over. A day, not a time: a record says no more about when a form was sent than the
-- case's received day already does. WITHOUT ROWID, keyed by the digest: rows carry no order.
CREATE TABLE spent_form_tokens (
    token_mac   TEXT NOT NULL PRIMARY KEY,  -- HMAC-SHA256(K_form, label ‖ token), hex
    expiry_day  TEXT NOT NULL               -- YYYY-MM-DD, UTC: the day the token expires
) WITHOUT ROWID;

CREATE INDEX spent_form_tokens_expiry ON spent_form_tokens (expiry_day);

-- A report that looked automated when it arrived (a hidden field filled in, or sent too fast
-- or too long after its form was issued) is stored like any other, with this flag: 1 files
-- it under "possible spam" instead of the queue, out of the acknowledgement deadline.
ALTER TABLE cases ADD COLUMN possible_spam INTEGER NOT NULL DEFAULT 0;

-- The queue page (src/store/queue.rs): counts and filters read this index alone instead of the
-- table, and the deadline runs and day orders walk it in order and stop at the page's LIMIT.
-- Its entries sort by these columns, then by the random id: no arrival order.
CREATE INDEX cases_queue ON cases
    (possible_spam, status, received_day, acknowledged_day, feedback_day, unread_answers,
     assignee, category);
CREATE INDEX cases_by_day ON cases (possible_spam, received_day, id);
