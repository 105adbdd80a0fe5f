-- A product is visible in the shop only when active; drafts are being prepared, archived ones are kept
-- for order history. Existing products were on sale, so they start active.
ALTER TABLE products ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('draft', 'active', 'archived'));
CREATE INDEX products_status ON products (status);
