-- Variants: what a shopper actually buys. A product names its options (e.g. ["맛", "구성"]); each
-- variant gives one value per option, in the same order, and no two variants of a product give
-- the same values.
ALTER TABLE products ADD COLUMN option_names TEXT NOT NULL DEFAULT '[]';
-- Listings sorted by name.
CREATE INDEX products_name ON products (name, id);

CREATE TABLE product_variants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku TEXT NOT NULL UNIQUE,
    -- JSON array of strings, one per product option.
    option_values TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    weight_grams INTEGER CHECK (weight_grams >= 0),
    -- Units on hand; never negative (orders take stock with a conditional update).
    stock_quantity BIGINT NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
    sell_when_out_of_stock BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (product_id, option_values)
);
CREATE INDEX product_variants_product ON product_variants (product_id, position);

-- A variant's price in one channel, in the channel's currency. A product published in a channel
-- has a price there for every variant.
CREATE TABLE variant_channel_listings (
    variant_id INTEGER NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    compare_at_amount BIGINT CHECK (compare_at_amount IS NULL OR compare_at_amount > price_amount),
    PRIMARY KEY (variant_id, channel_id)
);
CREATE INDEX variant_channel_listings_channel ON variant_channel_listings (channel_id);

-- The product listing's price is now its lowest variant price in the channel ("from" price),
-- kept by the catalog service, so listings filter and sort by price with one index.
CREATE INDEX product_channel_listings_price ON product_channel_listings (channel_id, price_amount, product_id);

-- Existing products get one variant each, priced as the product was; stock was not tracked, so
-- they stay purchasable.
INSERT INTO product_variants (product_id, sku, option_values, position, stock_quantity,
                              sell_when_out_of_stock, created_at, updated_at)
SELECT id, 'P' || id, '[]', 0, 0, 1, created_at, updated_at FROM products;
INSERT INTO variant_channel_listings (variant_id, channel_id, price_amount)
SELECT v.id, l.channel_id, l.price_amount
FROM product_variants v JOIN product_channel_listings l ON l.product_id = v.product_id;

-- Categories form a tree (parent_id); a product may be in several.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX categories_parent ON categories (parent_id, position);

CREATE TABLE product_categories (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category ON product_categories (category_id, product_id);

-- Collections: seasonal or event groupings in a manual order.
CREATE TABLE collections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Shown on the shop's home page.
    featured BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE collection_products (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (collection_id, product_id)
);
CREATE INDEX collection_products_order ON collection_products (collection_id, position, product_id);
