ALTER TABLE products DROP COLUMN content_html;
