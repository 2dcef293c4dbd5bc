-- PostgreSQL twin of migrations/sqlite/0009_record_macs.sql (comments there). Databases on
-- PostgreSQL predate this migration too: their rows get their MACs once, like SQLite's.
ALTER TABLE cases ADD COLUMN header_mac TEXT;
ALTER TABLE accounts ADD COLUMN key_mac TEXT;
ALTER TABLE case_messages ADD COLUMN author_mac TEXT;
ALTER TABLE case_notes ADD COLUMN author_mac TEXT;
ALTER TABLE warning_entries ADD COLUMN mac TEXT;
