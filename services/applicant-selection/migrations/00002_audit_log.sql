-- +goose Up
-- The service's append-only audit trail (libs/audit layout): referrals, results,
-- staff reads of applicants; UPDATE, DELETE and TRUNCATE are refused by the triggers.
CREATE TABLE audit_log (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at       timestamptz NOT NULL,
    action            text NOT NULL,
    outcome           text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    reason            text NOT NULL DEFAULT '',
    actor_id          text NOT NULL DEFAULT '',
    actor_role        text NOT NULL DEFAULT '',
    actor_office_code text NOT NULL DEFAULT '',
    establishment_id  text NOT NULL DEFAULT '',
    subject_id        text NOT NULL DEFAULT '',
    detail            jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_establishment ON audit_log (establishment_id, occurred_at);
CREATE INDEX audit_log_subject ON audit_log (subject_id, occurred_at);
-- Staff reads are looked up by who read.
CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
