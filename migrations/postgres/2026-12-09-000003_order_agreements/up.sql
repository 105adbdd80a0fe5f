-- What the shopper agreed to before paying, kept with the order: which agreement, the version of
-- its text, and when (전자상거래법 제8조: the purchase conditions; 개인정보 보호법 제15조: a
-- guest's consent to the collection of their details).
CREATE TABLE order_agreements (
    order_id BIGINT NOT NULL REFERENCES orders (id),
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    agreed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (order_id, kind)
);
