-- Reports and answers by SMS and USSD (docs/crypto.md, "SMS and USSD").
--
-- How a case came in: 'web', 'sms' or 'ussd'. In clear like its kind, for triage (the queue
-- filters on it); it says only which door the report came through.
ALTER TABLE cases ADD COLUMN channel TEXT NOT NULL DEFAULT 'web';
-- A filter by channel walks those cases alone, run by run in received order (as by kind).
CREATE INDEX cases_channel ON cases (channel, queue_run, received_day, id, possible_spam);

-- The phone number a case's sender can be texted at, sealed: age-encrypted to the case key and
-- every offline key, with its object MAC (kind 'contact'). Never in clear anywhere. At most one
-- per case; it goes with the case (retention), or at once when the sender texts STOP.
CREATE TABLE case_contacts (
    case_id    TEXT NOT NULL PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    ciphertext BYTEA NOT NULL,
    mac        TEXT NOT NULL
);

-- Whether an investigator's question also went out by SMS: NULL not sent, 'sent', 'failed'.
-- No retry queue: a failed send is shown on the case page, and the number stays sealed.
ALTER TABLE case_messages ADD COLUMN sms TEXT;
