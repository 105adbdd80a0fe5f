-- A channel's terms of use, privacy policy and exchange/returns policy, as staff publish them.
-- Every publication is a new row, never an edit: orders record the versions their shoppers
-- agreed to (order_agreements.version), so what a shopper read can be shown again.
CREATE TABLE channel_policies (
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    kind TEXT NOT NULL CHECK (kind IN ('TERMS', 'PRIVACY', 'RETURNS')),
    version INTEGER NOT NULL CHECK (version >= 1),
    body_html TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by TEXT NOT NULL,
    PRIMARY KEY (channel_id, kind, version)
);

-- The version of the policy an agreement refers to (the terms for the purchase conditions, the
-- privacy policy for a guest's consent), when the channel had published one.
ALTER TABLE order_agreements ADD COLUMN policy_version INTEGER;
