-- PostgreSQL twin of migrations/sqlite/0004_object_macs.sql (comments there). No PostgreSQL
-- database predates object MACs, so no row here is ever upgraded (src/store/integrity.rs).
ALTER TABLE blobs ADD COLUMN mac TEXT;
ALTER TABLE case_notes ADD COLUMN mac TEXT;
ALTER TABLE case_key_wraps ADD COLUMN mac TEXT;
