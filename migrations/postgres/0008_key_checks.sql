-- Which secrets this database was made with (docs/operations.md, "Several replicas"). Every
-- process checks at start that its `server.key` and `feed-signing.key` are these, and refuses
-- to start otherwise: a replica started with a missing or different file would show receipts
-- that open nothing on the others, or sign feeds with a second key. What is kept says nothing
-- of the secrets: an HMAC of a fixed text under a key derived for this alone, and the feed
-- key's public fingerprint (published on the warning page anyway).
CREATE TABLE key_checks (
    name        TEXT NOT NULL PRIMARY KEY,  -- 'server.key' | 'feed-signing.key'
    check_value TEXT NOT NULL
);
