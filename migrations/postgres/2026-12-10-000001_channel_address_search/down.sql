ALTER TABLE channels DROP COLUMN address_search;
