-- Whether the storefront's checkout offers the postal-code search (Kakao's postcode service):
-- a setting per channel, on unless staff turn it off. Off, the storefront's pages do not allow
-- the service's origins in their Content-Security-Policy.
ALTER TABLE channels ADD COLUMN address_search BOOLEAN NOT NULL DEFAULT 1;
