-- Live follow-up passes (docs/crypto.md, "The follow-up pass"). The cookie holds the case,
-- `K_wb` and a random pass id, sealed under a subkey of server.key; this row holds only a keyed
-- hash of that id and when the pass runs out if idle, to the minute. The row is what makes a
-- pass live: "Leave now" deletes it and the idle time lets it run out, for every copy of the
-- cookie and on every replica. It names no case and opens nothing; run-out rows are deleted at
-- the next visit or sweep. No sequence: a serial id would number visits in the order they began.
CREATE TABLE followup_passes (
    pass_mac   TEXT    NOT NULL PRIMARY KEY, -- HMAC-SHA256(pass-record key, pass id), hex
    expires_at BIGINT  NOT NULL              -- unix seconds, a whole minute
);

CREATE INDEX followup_passes_expiry ON followup_passes (expires_at);
