ALTER TABLE order_agreements DROP COLUMN policy_version;
DROP TABLE channel_policies;
