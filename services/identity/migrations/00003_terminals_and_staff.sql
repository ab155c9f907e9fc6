-- Visitor terminals bound to their office with an expiry and rotation (LOGIN-4, D4,
-- issue 9 item 4), sessions that remember their terminal, and staff accounts that an
-- office or an operator can disable (issue 9 item 8).

-- +goose Up
-- A terminal's credential expires (re-enrolment or rotation issues a new one); a
-- rotation replaces secret_hash in place, so the old credential matches nothing.
ALTER TABLE visitor_terminals
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN rotated_at timestamptz;
-- Terminals registered before this migration had no expiry: they end now and must be
-- enrolled again (their credential was a bearer secret usable from anywhere).
UPDATE visitor_terminals SET expires_at = created_at, revoked_at = coalesce(revoked_at, created_at);
ALTER TABLE visitor_terminals ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX visitor_terminals_created_by ON visitor_terminals (created_by) WHERE revoked_at IS NULL;

-- The terminal a session was opened on (method 'terminal'): its shorter idle timeout
-- and its office's networks apply to the session.
ALTER TABLE sessions ADD COLUMN terminal_id uuid;

-- A disabled staff account can no longer sign in (DisableStaffAccount, "identity staff
-- disable").
ALTER TABLE accounts DROP CONSTRAINT accounts_status_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_status_check
    CHECK (status IN ('pending_password', 'active', 'withdrawn', 'disabled'));

-- +goose Down
ALTER TABLE accounts DROP CONSTRAINT accounts_status_check;
UPDATE accounts SET status = 'withdrawn', withdrawn_at = coalesce(withdrawn_at, now()) WHERE status = 'disabled';
ALTER TABLE accounts ADD CONSTRAINT accounts_status_check
    CHECK (status IN ('pending_password', 'active', 'withdrawn'));
ALTER TABLE sessions DROP COLUMN terminal_id;
DROP INDEX visitor_terminals_created_by;
ALTER TABLE visitor_terminals DROP COLUMN rotated_at, DROP COLUMN expires_at;
