-- Channels: one storefront each (name, currency, host names, settings).
CREATE TABLE channels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'ko',
    time_zone TEXT NOT NULL DEFAULT 'Asia/Seoul',
    is_default BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (length(code) BETWEEN 1 AND 40),
    CHECK (currency IN ('KRW', 'USD', 'JPY', 'EUR'))
);
-- At most one default channel.
CREATE UNIQUE INDEX channels_one_default ON channels (is_default) WHERE is_default;

CREATE TABLE channel_hosts (
    host TEXT PRIMARY KEY NOT NULL,
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE
);
CREATE INDEX channel_hosts_channel ON channel_hosts (channel_id);

-- Products (a minimal table; the catalog grows it with variants, media and status).
CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A product's availability and price in one channel, in the channel's currency.
CREATE TABLE product_channel_listings (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    published BOOLEAN NOT NULL DEFAULT 1,
    PRIMARY KEY (product_id, channel_id)
);
CREATE INDEX product_channel_listings_channel ON product_channel_listings (channel_id, product_id);
