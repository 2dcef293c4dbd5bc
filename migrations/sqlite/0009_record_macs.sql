-- Integrity of clear records (docs/crypto.md, "Integrity of clear records"). The keys new
-- content is sealed to are stored in clear: a database writer who swapped a case's
-- recipients or an account's recipient would have every later question, answer or case-key
-- wrap sealed to a key of their own. Each such row now carries HMAC-SHA256 under the object
-- MAC key (from server.key), hex, checked before anything is sealed to or wrapped for it:
--   cases.header_mac       id, case_recipient, whistleblower_recipient, receipt_salt, category
--   accounts.key_mac       id, name, recipient, is_admin, state (not the login counters)
--   case_messages.author_mac, case_notes.author_mac   sender and author_id
--   warning_entries.mac    the entry's published fields and the digest of its events
--
-- Rows written before this migration get their MAC once, by the process that applies it, in
-- one transaction right after it (src/store/integrity.rs). A NULL MAC after that is reported
-- as an integrity failure, never trusted.
ALTER TABLE cases ADD COLUMN header_mac TEXT;
ALTER TABLE accounts ADD COLUMN key_mac TEXT;
ALTER TABLE case_messages ADD COLUMN author_mac TEXT;
ALTER TABLE case_notes ADD COLUMN author_mac TEXT;
ALTER TABLE warning_entries ADD COLUMN mac TEXT;
