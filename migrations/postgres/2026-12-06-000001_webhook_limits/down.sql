DROP INDEX jobs_pending_dedupe_key;
ALTER TABLE jobs DROP COLUMN dedupe_key;
DROP TABLE webhook_throttle;
