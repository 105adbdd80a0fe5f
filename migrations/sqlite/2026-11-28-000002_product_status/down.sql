DROP INDEX products_status;
ALTER TABLE products DROP COLUMN status;
