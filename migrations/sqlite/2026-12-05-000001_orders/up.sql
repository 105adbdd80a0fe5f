-- Carts, orders, payments, refunds, delivery. Money columns are integer minor units of the
-- channel's currency; states are upper-case names checked by the database.

-- Shipping fee per channel: a flat fee, free from a threshold (NULL: never free).
ALTER TABLE channels ADD COLUMN shipping_fee_amount BIGINT NOT NULL DEFAULT 3000 CHECK (shipping_fee_amount >= 0);
ALTER TABLE channels ADD COLUMN free_shipping_threshold BIGINT DEFAULT 50000 CHECK (free_shipping_threshold IS NULL OR free_shipping_threshold >= 0);

-- A cart belongs to a channel; an anonymous one is reached by its token (stored as SHA-256), a
-- member's by the member (one per member and channel).
CREATE TABLE carts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    member_id INTEGER REFERENCES members (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX carts_member ON carts (member_id, channel_id) WHERE member_id IS NOT NULL;
CREATE INDEX carts_updated ON carts (updated_at);

-- A line keeps what the shopper saw when adding it (price, names), so the cart can say when the
-- price changed or the variant went away.
CREATE TABLE cart_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cart_id INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    variant_id INTEGER REFERENCES product_variants (id) ON DELETE SET NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    added_unit_price BIGINT NOT NULL CHECK (added_unit_price >= 0),
    product_name TEXT NOT NULL,
    variant_label TEXT NOT NULL,
    sku TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (cart_id, variant_id)
);

-- Korean carriers and the address of their own tracking page ({number} is the tracking number).
CREATE TABLE carriers (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tracking_url_template TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1
);
INSERT INTO carriers (code, name, tracking_url_template, position) VALUES
    ('CJ', 'CJ대한통운', 'https://trace.cjlogistics.com/next/tracking.html?wblNo={number}', 1),
    ('EPOST', '우체국택배', 'https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1={number}', 2),
    ('HANJIN', '한진택배', 'https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnumText2={number}', 3),
    ('LOTTE', '롯데택배', 'https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo={number}', 4),
    ('LOGEN', '로젠택배', 'https://www.ilogen.com/web/personal/trace/{number}', 5);

-- Order numbers: the shop's date and the day's running count (20261205-000001).
CREATE TABLE order_number_days (
    day TEXT PRIMARY KEY,
    last_value BIGINT NOT NULL
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    channel_id INTEGER NOT NULL REFERENCES channels (id),
    member_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('AWAITING_PAYMENT', 'AWAITING_DEPOSIT', 'PAID', 'PREPARING',
        'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    source TEXT NOT NULL CHECK (source IN ('STOREFRONT_PC', 'STOREFRONT_MOBILE', 'API', 'MARKETPLACE')),
    customer_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    recipient TEXT NOT NULL,
    recipient_phone TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    road_address TEXT NOT NULL,
    detail_address TEXT NOT NULL,
    delivery_note TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL,
    subtotal_amount BIGINT NOT NULL CHECK (subtotal_amount >= 0),
    shipping_amount BIGINT NOT NULL CHECK (shipping_amount >= 0),
    discount_amount BIGINT NOT NULL CHECK (discount_amount >= 0),
    total_amount BIGINT NOT NULL CHECK (total_amount >= 0),
    -- Never above what was paid, whatever concurrent refunds try.
    refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= total_amount),
    refunded_shipping_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_shipping_amount >= 0 AND refunded_shipping_amount <= shipping_amount),
    payment_method TEXT NOT NULL CHECK (payment_method IN ('CARD', 'VIRTUAL_ACCOUNT')),
    -- An unpaid order is expired (and its stock released) after this.
    expires_at TIMESTAMP,
    carrier_code TEXT REFERENCES carriers (code),
    tracking_number TEXT,
    placed_at TIMESTAMP NOT NULL,
    paid_at TIMESTAMP,
    shipped_at TIMESTAMP,
    delivered_at TIMESTAMP,
    closed_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX orders_unpaid ON orders (status, expires_at);
CREATE INDEX orders_member ON orders (member_id, id);
CREATE INDEX orders_channel ON orders (channel_id, id);
CREATE INDEX orders_placed ON orders (placed_at, id);
CREATE INDEX orders_phone ON orders (phone);

-- What was bought, as it was when ordered.
CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    variant_id INTEGER REFERENCES product_variants (id) ON DELETE SET NULL,
    product_id INTEGER,
    product_name TEXT NOT NULL,
    variant_label TEXT NOT NULL,
    sku TEXT NOT NULL,
    unit_price_amount BIGINT NOT NULL CHECK (unit_price_amount >= 0),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    line_total_amount BIGINT NOT NULL CHECK (line_total_amount >= 0),
    refunded_quantity BIGINT NOT NULL DEFAULT 0 CHECK (refunded_quantity >= 0 AND refunded_quantity <= quantity),
    -- Units taken from stock when ordered (fewer than `quantity` for a backordered variant).
    stock_taken BIGINT NOT NULL DEFAULT 0 CHECK (stock_taken >= 0 AND stock_taken <= quantity),
    -- Units given back to stock (cancellation, expiry, refund): never more than were taken.
    restocked_quantity BIGINT NOT NULL DEFAULT 0 CHECK (restocked_quantity >= 0 AND restocked_quantity <= stock_taken)
);
CREATE INDEX order_lines_order ON order_lines (order_id, position);
CREATE INDEX order_lines_variant ON order_lines (variant_id);

-- Every change of an order: status transitions (from → to), payments, refunds, shipments, with
-- who made it and why.
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_kind TEXT NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- The payment of an order with a gateway. `payment_key` is the gateway's id; a confirmation in
-- progress holds `lease_until`, so concurrent confirmations call the gateway once.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
    gateway TEXT NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'CONFIRMING', 'WAITING_FOR_DEPOSIT', 'PAID',
        'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELLED', 'EXPIRED')),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
    payment_key TEXT,
    lease_until TIMESTAMP,
    failure_code TEXT,
    failure_message TEXT,
    va_bank TEXT,
    va_account_number TEXT,
    va_holder TEXT,
    va_due_at TIMESTAMP,
    -- The gateway's per-payment secret that its deposit notifications repeat.
    deposit_secret TEXT,
    approved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (gateway, payment_key)
);
CREATE INDEX payments_status ON payments (status);

-- A refund (or a paid order's cancellation): reserved first, then sent to the gateway with the
-- refund's id as idempotency key, then completed.
CREATE TABLE refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    amount BIGINT NOT NULL CHECK (amount > 0),
    shipping_amount BIGINT NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
    -- JSON: [{"line": id, "quantity": n}]
    lines TEXT NOT NULL,
    restock BOOLEAN NOT NULL,
    cancels_order BOOLEAN NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    -- JSON {bank, accountNumber, holderName} for virtual-account payments.
    refund_account TEXT,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'DONE', 'FAILED')),
    failure TEXT,
    actor_kind TEXT NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_status ON refunds (status);

-- Webhook deliveries, stored raw before anything else happens; one row per provider event.
CREATE TABLE inbound_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    event_key TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('RECEIVED', 'PROCESSED', 'REJECTED', 'IGNORED')),
    note TEXT NOT NULL DEFAULT '',
    deliveries INTEGER NOT NULL DEFAULT 1,
    received_at TIMESTAMP NOT NULL,
    processed_at TIMESTAMP,
    UNIQUE (provider, event_key)
);

-- Idempotency keys of mutations that move money or stock: the same key with the same request
-- within 24 hours returns the first outcome.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The built-in sandbox gateway's own records (what a real gateway keeps on its side).
CREATE TABLE sandbox_payments (
    payment_key TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    order_name TEXT NOT NULL,
    amount BIGINT NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    card_last4 TEXT,
    card_outcome TEXT,
    bank_code TEXT,
    account_number TEXT,
    holder TEXT,
    due_at TIMESTAMP,
    secret TEXT NOT NULL,
    balance_amount BIGINT NOT NULL,
    confirmations INTEGER NOT NULL DEFAULT 0,
    -- Idempotency keys of the cancellations already made, one per line.
    cancel_keys TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sandbox_payments_order ON sandbox_payments (order_id);
