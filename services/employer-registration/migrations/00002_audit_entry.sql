-- +goose Up
-- The audit trail moves to the one layout of every service (libs/audit.TableDDL): who
-- acted (with the office of staff), on which establishment and which subject within it
-- (a code, an image, a change), the outcome (ok, denied, failed) with the error reason
-- when not ok, and a trigger that makes the table append-only. Entries written before
-- are carried over: the verification findings (mismatch, no_match, expired) become
-- failed ACCOUNT_CREATION_CODE_INVALID with the finding in the detail, the
-- invalidation reasons become ok with the reason in the detail.
ALTER TABLE audit_log RENAME TO audit_log_v1;
ALTER INDEX audit_log_establishment RENAME TO audit_log_v1_establishment;

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

INSERT INTO audit_log (occurred_at, action, outcome, reason, actor_id, actor_role, establishment_id, subject_id, detail)
SELECT occurred_at, action,
       CASE WHEN outcome IN ('mismatch', 'no_match', 'expired') THEN 'failed' ELSE 'ok' END,
       CASE WHEN outcome IN ('mismatch', 'no_match', 'expired') THEN 'ACCOUNT_CREATION_CODE_INVALID' ELSE '' END,
       actor_id, actor_role, coalesce(establishment_id::text, ''),
       coalesce(detail->>'code_id', detail->>'image_id', detail->>'change_id', ''),
       (detail - 'code_id' - 'image_id' - 'change_id') ||
       CASE WHEN outcome IN ('mismatch', 'no_match', 'expired') THEN jsonb_build_object('finding', outcome)
            WHEN outcome LIKE 'CODE_INVALIDATION_REASON_%' THEN jsonb_build_object('invalidation_reason', outcome)
            ELSE '{}'::jsonb END
  FROM audit_log_v1 ORDER BY id;
DROP TABLE audit_log_v1;

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
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_no_update ON audit_log;
DROP FUNCTION audit_log_append_only();
ALTER TABLE audit_log RENAME TO audit_log_v2;
ALTER INDEX audit_log_establishment RENAME TO audit_log_v2_establishment;
CREATE TABLE audit_log (
    id               bigserial PRIMARY KEY,
    occurred_at      timestamptz NOT NULL,
    action           text NOT NULL,
    actor_id         text NOT NULL,
    actor_role       text NOT NULL,
    establishment_id uuid,
    outcome          text NOT NULL,
    detail           jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_establishment ON audit_log (establishment_id, occurred_at);
INSERT INTO audit_log (occurred_at, action, actor_id, actor_role, establishment_id, outcome, detail)
SELECT occurred_at, action, actor_id, actor_role, nullif(establishment_id, '')::uuid,
       coalesce(detail->>'finding', detail->>'invalidation_reason', outcome), detail
  FROM audit_log_v2 ORDER BY id;
DROP TABLE audit_log_v2;
