-- The audit trail in the one layout of every service (libs/audit.TableDDL): action
-- "<noun>.<verb>", outcome ok / denied / failed with the stable error reason, actor,
-- establishment, subject, and a JSON detail (ip, user_agent, identifiers). The rows of
-- the former audit_events table are carried over as they were recorded (their action
-- names predate the vocabulary; their outcome is mapped, the old one kept in detail).

-- +goose Up
CREATE TABLE audit_trail (
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
CREATE INDEX audit_trail_establishment ON audit_trail (establishment_id, occurred_at);
CREATE INDEX audit_trail_subject ON audit_trail (subject_id, occurred_at);
-- +goose StatementBegin
CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_trail is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_trail_no_update BEFORE UPDATE OR DELETE ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();

INSERT INTO audit_trail (occurred_at, action, outcome, reason, actor_id, actor_role, actor_office_code,
    establishment_id, subject_id, detail)
SELECT occurred_at, action,
       CASE WHEN outcome LIKE 'FAILURE%' THEN 'denied' ELSE 'ok' END,
       CASE WHEN outcome LIKE 'FAILURE%' THEN 'INVALID_CREDENTIALS' ELSE '' END,
       coalesce(actor_account_id::text, ''), actor_role, '', coalesce(establishment_id::text, ''),
       coalesce(subject_account_id::text, ''),
       jsonb_strip_nulls(jsonb_build_object('ip', nullif(ip, ''), 'user_agent', nullif(user_agent, ''),
           'office_code', nullif(office_code, ''), 'detail', nullif(detail, ''), 'legacy_outcome', outcome))
FROM audit_events ORDER BY id;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_trail;
DROP FUNCTION audit_trail_append_only();
