-- Guest orders are linked to the member who verifies their email address.
CREATE INDEX orders_email ON orders (email);
