DROP TABLE collection_products;
DROP TABLE collections;
DROP TABLE product_categories;
DROP TABLE categories;
DROP INDEX product_channel_listings_price;
DROP TABLE variant_channel_listings;
DROP TABLE product_variants;
DROP INDEX products_name;
ALTER TABLE products DROP COLUMN option_names;
