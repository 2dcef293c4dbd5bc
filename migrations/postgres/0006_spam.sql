-- PostgreSQL twin of migrations/sqlite/0006_spam.sql (comments there).
CREATE TABLE spent_form_tokens (
    token_mac   TEXT NOT NULL PRIMARY KEY,
    expiry_day  TEXT NOT NULL
);

CREATE INDEX spent_form_tokens_expiry ON spent_form_tokens (expiry_day);

ALTER TABLE cases ADD COLUMN possible_spam BIGINT NOT NULL DEFAULT 0;

CREATE INDEX cases_queue ON cases
    (possible_spam, status, received_day, acknowledged_day, feedback_day, unread_answers,
     assignee, category);
CREATE INDEX cases_by_day ON cases (possible_spam, received_day, id);
