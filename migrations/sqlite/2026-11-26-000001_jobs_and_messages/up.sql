-- Background jobs: enqueued in the same transaction as the change that causes them.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'running', 'succeeded', 'dead', 'discarded')),
    priority INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
    run_at TIMESTAMP NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at TIMESTAMP
);
-- What workers look for: ready jobs, and running jobs whose lease ran out.
CREATE INDEX jobs_ready ON jobs (state, run_at);
CREATE INDEX jobs_kind ON jobs (kind, state);

-- One row per schedule and due time (wall-clock time in the schedule's zone): several
-- schedulers fire each due time once.
CREATE TABLE schedule_runs (
    schedule TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (schedule, due_at)
);

-- Each outgoing message by its stable id, reserved before it is handed to a mail server or
-- provider and marked sent after: a job that finds its message sent (or being sent by another
-- job) does not send it again.
CREATE TABLE message_deliveries (
    message_id TEXT PRIMARY KEY NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent')),
    claimed_until TIMESTAMP,
    claim_token TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at TIMESTAMP
);

-- The shop's logo, shown in emails.
ALTER TABLE channels ADD COLUMN logo_url TEXT;
