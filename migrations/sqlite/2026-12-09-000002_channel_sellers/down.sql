DROP TABLE channel_sellers;
