ALTER TABLE channels DROP COLUMN logo_url;
DROP TABLE message_deliveries;
DROP TABLE schedule_runs;
DROP TABLE jobs;
