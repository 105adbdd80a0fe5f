ALTER TABLE channels DROP COLUMN logo_url;
DROP TABLE sent_messages;
DROP TABLE schedule_runs;
DROP TABLE jobs;
