-- +goose Up
-- Rule-bearing times (issued_at, submitted_at, ...) are always written from the
-- service's injected clock; no column here defaults to now(), so that what a test
-- proves on a fake clock is what production does.

CREATE TABLE establishments (
    id                uuid PRIMARY KEY,
    number            text UNIQUE,                        -- ESTNO-1 NNNN-NNNNNN-N
    number_source     text NOT NULL DEFAULT '',
    state             text NOT NULL CHECK (state IN ('DRAFT','PROVISIONAL','RETURNED','REGISTERED','REJECTED')),
    origin            text NOT NULL CHECK (origin IN ('web','counter')),
    owner_account_id  text NOT NULL DEFAULT '',
    owner_email       text NOT NULL DEFAULT '',
    office_code       text NOT NULL DEFAULT '',
    office_overridden boolean NOT NULL DEFAULT false,
    profile           jsonb NOT NULL DEFAULT '{}',
    office_message    text NOT NULL DEFAULT '',
    submitted_at      timestamptz,
    registered_at     timestamptz,
    resubmissions     integer NOT NULL DEFAULT 0,
    version           bigint NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
-- OPEN-1: one live provisional registration per provisional account.
CREATE UNIQUE INDEX establishments_owner_live ON establishments (owner_account_id)
    WHERE owner_account_id <> '' AND state <> 'REJECTED';
CREATE INDEX establishments_office_worklist ON establishments (office_code, state, submitted_at);

-- Serial numbers per office for the middle 6 digits of assigned 事業所番号.
CREATE TABLE office_serials (
    office_code text PRIMARY KEY,
    last_serial bigint NOT NULL
);

-- OPEN-2 login e-mails registered at the counter.
CREATE TABLE login_emails (
    establishment_id uuid NOT NULL REFERENCES establishments (id),
    email            text NOT NULL,
    registered_by    text NOT NULL,
    registered_at    timestamptz NOT NULL,
    PRIMARY KEY (establishment_id, email)
);

-- OPEN-3 account creation codes: only the keyed hash is stored.
CREATE TABLE creation_codes (
    id               uuid PRIMARY KEY,
    establishment_id uuid NOT NULL REFERENCES establishments (id),
    code_hash        bytea NOT NULL,
    issued_at        timestamptz NOT NULL,
    issued_by        text NOT NULL,
    mistakes         integer NOT NULL DEFAULT 0,
    status           text NOT NULL CHECK (status IN ('ACTIVE','INVALIDATED','REPLACED')),
    invalidated_at   timestamptz
);
CREATE UNIQUE INDEX creation_codes_one_active ON creation_codes (establishment_id) WHERE status = 'ACTIVE';
CREATE INDEX creation_codes_hash ON creation_codes (code_hash) WHERE status = 'ACTIVE';

-- EST-1 change applications; one pending per establishment.
CREATE TABLE establishment_changes (
    id               uuid PRIMARY KEY,
    establishment_id uuid NOT NULL REFERENCES establishments (id),
    state            text NOT NULL CHECK (state IN ('PENDING','APPROVED','REJECTED')),
    proposed         jsonb NOT NULL,
    warnings         jsonb NOT NULL DEFAULT '[]',
    review_message   text NOT NULL DEFAULT '',
    applied_by       text NOT NULL,
    reviewed_by      text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    reviewed_at      timestamptz
);
CREATE UNIQUE INDEX establishment_changes_one_pending ON establishment_changes (establishment_id) WHERE state = 'PENDING';

-- IMG-1 images, stored durably in the database.
CREATE TABLE images (
    id               uuid PRIMARY KEY,
    establishment_id uuid NOT NULL REFERENCES establishments (id),
    content_type     text NOT NULL,
    content          bytea NOT NULL,
    size_bytes       bigint NOT NULL,
    width            integer NOT NULL,
    height           integer NOT NULL,
    sha256           text NOT NULL,
    caption          text NOT NULL DEFAULT '',
    filename         text NOT NULL DEFAULT '',
    state            text NOT NULL CHECK (state IN ('PENDING_REVIEW','PUBLISHED','REJECTED')),
    review_message   text NOT NULL DEFAULT '',
    reviewed_by      text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX images_establishment ON images (establishment_id, created_at);
CREATE INDEX images_pending ON images (state, updated_at) WHERE state = 'PENDING_REVIEW';

-- Audit trail (OPEN-3 issue/verification/invalidation, reviews). Never holds secrets.
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

-- +goose Down
DROP TABLE audit_log;
DROP TABLE images;
DROP TABLE establishment_changes;
DROP TABLE creation_codes;
DROP TABLE login_emails;
DROP TABLE office_serials;
DROP TABLE establishments;
