-- No query looks up a channel's variant prices by channel alone (pages find variants by
-- product, then each one's price by its primary key), and channels are never deleted; the
-- index only led SQLite to read every priced variant of the channel for each listing.
DROP INDEX variant_channel_listings_channel;
