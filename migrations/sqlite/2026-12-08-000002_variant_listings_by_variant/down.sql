CREATE INDEX variant_channel_listings_channel ON variant_channel_listings (channel_id);
