-- Shoppers' accounts.
CREATE TABLE members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Normalised (trimmed, lower-case) by the application.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    -- E.164, e.g. +821012345678.
    phone TEXT NOT NULL,
    grade TEXT NOT NULL DEFAULT 'BASIC',
    email_verified_at TIMESTAMP,
    marketing_consent BOOLEAN NOT NULL DEFAULT FALSE,
    -- When the current consent answer was given (kept for the opt-in record).
    marketing_consent_at TIMESTAMP,
    -- For the dormant-account policy.
    last_active_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX members_last_active ON members (last_active_at);

CREATE TABLE member_addresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    phone TEXT NOT NULL,
    postal_code TEXT NOT NULL CHECK (length(postal_code) = 5),
    road_address TEXT NOT NULL,
    detail_address TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX member_addresses_member ON member_addresses (member_id);
-- At most one default address per member.
CREATE UNIQUE INDEX member_addresses_one_default ON member_addresses (member_id) WHERE is_default;

-- Refresh tokens (SHA-256 of the token only). Each refresh spends its token and issues the next
-- one of the same family; presenting a spent token again revokes the whole family.
CREATE TABLE refresh_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    family TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    spent_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_member ON refresh_tokens (member_id);

-- Single-use tokens sent by email (password reset, email verification, staff set-password).
-- The hash is written when the message carrying the token is sent; the token itself is never
-- stored, nor put in a job's payload.
CREATE TABLE account_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    purpose TEXT NOT NULL
        CHECK (purpose IN ('password_reset', 'email_verification', 'staff_password')),
    -- A member id, or a staff id for staff_password.
    subject_id INTEGER NOT NULL,
    token_hash TEXT UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX account_tokens_subject ON account_tokens (purpose, subject_id);

-- Staff accounts, separate from members.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('owner', 'manager', 'catalog_editor', 'order_handler', 'cs_agent')),
    -- NULL until the invited person sets a password.
    password_hash TEXT,
    -- TOTP secret, encrypted (XChaCha20-Poly1305 under a key derived from auth.secret_key).
    totp_secret TEXT,
    -- A secret offered at enrolment and not yet confirmed with a code.
    totp_pending TEXT,
    -- The last time step whose code was accepted: no code is accepted twice.
    totp_last_step INTEGER,
    disabled_at TIMESTAMP,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE staff_recovery_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes (staff_id);

-- A login challenge (password accepted, second factor pending) or a signed-in session; the
-- SHA-256 of the bearer token only.
CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('challenge', 'session')),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    ip TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Third-party API keys: SHA-256 of the secret, scopes as permission names.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- The first characters of the key, to recognise it in lists.
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP,
    last_used_at TIMESTAMP,
    created_by INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

-- Every staff login and every change made through the Admin API.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'api_key', 'operator', 'system')),
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    -- JSON object.
    detail TEXT NOT NULL,
    ip TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id);

-- Failed-login back-off per account and per IP address.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    blocked_until TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
