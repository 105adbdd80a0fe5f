DROP TABLE order_agreements;
