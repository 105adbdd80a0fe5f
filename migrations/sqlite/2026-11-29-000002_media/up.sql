-- The media library: uploaded images, stored through the media storage under `storage_key`
-- (a folder holding the original and, once processed, its resized copies).
CREATE TABLE media (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    storage_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL CHECK (byte_size > 0),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    alt TEXT NOT NULL DEFAULT '',
    -- processing: resized copies being made; ready: they exist; failed: see `failure`.
    status TEXT NOT NULL DEFAULT 'processing' CHECK (status IN ('processing', 'ready', 'failed')),
    failure TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX media_created ON media (created_at, id);

-- A product's images, in order.
CREATE TABLE product_media (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (product_id, media_id)
);
CREATE INDEX product_media_media ON product_media (media_id);

-- A variant may show one of its product's images.
ALTER TABLE product_variants ADD COLUMN image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
