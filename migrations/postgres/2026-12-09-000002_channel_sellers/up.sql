-- Who sells in a channel, as the law asks a Korean online shop to show it on every page and in
-- order emails (전자상거래법 제10조; the privacy officer: 개인정보 보호법). One row per channel,
-- written from the admin; empty text means "not set".
CREATE TABLE channel_sellers (
    channel_id BIGINT PRIMARY KEY REFERENCES channels (id),
    business_name TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    registration_number TEXT NOT NULL DEFAULT '',
    mail_order_number TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    privacy_officer TEXT NOT NULL DEFAULT '',
    hosting_provider TEXT NOT NULL DEFAULT '',
    escrow_notice TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);
