-- +goose Up
-- The audit trail follows the one audit entry of every service (libs/audit): who acted
-- (with the office of staff), on which establishment and which subject within it (a
-- code, an image, a change), the outcome (ok, denied, failed) and, when not ok, the
-- error reason.
ALTER TABLE audit_log
    ADD COLUMN actor_office_code text NOT NULL DEFAULT '',
    ADD COLUMN subject_id        text NOT NULL DEFAULT '',
    ADD COLUMN reason            text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_log
    DROP COLUMN reason,
    DROP COLUMN subject_id,
    DROP COLUMN actor_office_code;
