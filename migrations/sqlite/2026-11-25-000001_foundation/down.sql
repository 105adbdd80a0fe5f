DROP TABLE product_channel_listings;
DROP TABLE products;
DROP TABLE channel_hosts;
DROP TABLE channels;
