-- The search index of product names: every character and every pair of adjacent characters of
-- each word of a name, lower-cased (`catalog::search`), so a search for a two-syllable Korean
-- word reads a short posting list instead of every name. Written with the product by the
-- catalog editor; products without entries (those created before this table) are indexed when
-- the server starts.
CREATE TABLE product_search_grams (
    gram TEXT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, product_id)
) WITHOUT ROWID;
CREATE INDEX product_search_grams_product ON product_search_grams (product_id);

