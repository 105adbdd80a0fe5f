DROP INDEX orders_email;
