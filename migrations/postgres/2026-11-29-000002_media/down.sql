ALTER TABLE product_variants DROP COLUMN image_id;
DROP TABLE product_media;
DROP TABLE media;
