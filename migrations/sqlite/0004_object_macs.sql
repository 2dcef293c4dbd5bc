-- Integrity of sealed objects. Recipients are public, so anyone able to write the database could
-- encrypt a forged report, note or key wrap to a case's public key; secrecy alone would not
-- notice. Each sealed object now carries HMAC-SHA256 under a key derived from server.key over
-- (case id, object kind, object name, SHA-256 of its ciphertext), hex; checked on every read
-- (docs/crypto.md, "Integrity of sealed objects").
--
-- Rows written before this migration get their MAC once, by the process that applies it, in
-- one transaction right after it (src/store/integrity.rs). A NULL MAC after that is reported
-- as an integrity failure, never trusted.
ALTER TABLE blobs ADD COLUMN mac TEXT;          -- NULL while staged; set when linked to its case
ALTER TABLE case_notes ADD COLUMN mac TEXT;
ALTER TABLE case_key_wraps ADD COLUMN mac TEXT;
