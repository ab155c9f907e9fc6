-- The audit trail's one vocabulary: action "<noun>.<verb>", outcome ok / denied /
-- failed, and the stable error reason of an outcome that is not ok.

-- +goose Up
ALTER TABLE audit_events ADD COLUMN reason text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_events DROP COLUMN reason;
