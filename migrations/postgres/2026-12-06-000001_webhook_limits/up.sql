-- Counters for the gateways' webhook notifications that carry no secret: fixed-window hits per
-- client address (`ip:…`) and per order (`order:…`), the time a lookup of a payment was last
-- queued (`lookup:…`), and how many notifications were dropped and why (`dropped:…`).
CREATE TABLE webhook_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits BIGINT NOT NULL CHECK (hits >= 0),
    updated_at TIMESTAMP NOT NULL
);

-- A job enqueued with a dedupe key is stored only while no other job with that key is pending
-- (queued or running): e.g. at most one pending gateway lookup per payment.
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX jobs_pending_dedupe_key ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running');
