-- Rich product detail content: HTML cleaned by the catalog's allow-list sanitiser on save.
ALTER TABLE products ADD COLUMN content_html TEXT NOT NULL DEFAULT '';
