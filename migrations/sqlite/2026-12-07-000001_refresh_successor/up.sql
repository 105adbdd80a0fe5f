-- The successor a refresh token was exchanged for, sealed with the server's key
-- (XChaCha20-Poly1305), so a request that lost a rotation race within the grace window gets
-- the same token as the winner instead of a second branch of the session.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed TEXT;
