-- +goose Up
-- The delivery log is scoped by office (LOGIN-5): staff see only the deliveries of the
-- establishments their office is in charge of, and never an additional account's
-- address (ACC-2). Identity's events name only the account, so notification keeps two
-- read models: which office each establishment belongs to (employer-registration's
-- events, newest aggregate version wins, so a transfer is followed and a stale event
-- never moves it back) and which establishment and role each login account has.

CREATE TABLE establishment_offices (
    establishment_id text PRIMARY KEY,
    office_code      text   NOT NULL,
    version          bigint NOT NULL
);

CREATE TABLE account_establishments (
    account_id       text PRIMARY KEY,
    establishment_id text NOT NULL,
    -- owner: the primary account, or the provisional account that registered the
    -- establishment; additional: an additional account, whose address staff never see.
    role             text NOT NULL CHECK (role IN ('owner', 'additional'))
);

-- Each delivery carries its scope. office_code is the establishment's current office,
-- kept up to date when the office changes, so a read touches only its office's rows
-- (the same plan and cost whether or not an address exists in another office).
-- Rows recorded before this migration stay unscoped: shown to no office.
ALTER TABLE deliveries
    ADD COLUMN account_id       text NOT NULL DEFAULT '',
    ADD COLUMN establishment_id text NOT NULL DEFAULT '',
    ADD COLUMN recipient_role   text NOT NULL DEFAULT '' CHECK (recipient_role IN ('', 'owner', 'additional')),
    ADD COLUMN office_code      text NOT NULL DEFAULT '';

DROP INDEX deliveries_log;
DROP INDEX deliveries_by_recipient;
CREATE INDEX deliveries_office_log ON deliveries (office_code, created_at DESC, id DESC) WHERE office_code <> '';
-- The recipient filter matches only addresses shown to staff, within the office.
CREATE INDEX deliveries_office_recipient ON deliveries (office_code, lower(recipient), created_at DESC, id DESC)
    WHERE office_code <> '' AND recipient_role = 'owner';
CREATE INDEX deliveries_establishment ON deliveries (establishment_id) WHERE establishment_id <> '';
CREATE INDEX deliveries_account ON deliveries (account_id) WHERE account_id <> '';

-- +goose Down
DROP INDEX deliveries_account;
DROP INDEX deliveries_establishment;
DROP INDEX deliveries_office_recipient;
DROP INDEX deliveries_office_log;
ALTER TABLE deliveries DROP COLUMN account_id, DROP COLUMN establishment_id, DROP COLUMN recipient_role, DROP COLUMN office_code;
CREATE INDEX deliveries_log ON deliveries (created_at DESC, id DESC);
CREATE INDEX deliveries_by_recipient ON deliveries (lower(recipient), created_at DESC, id DESC);
DROP TABLE account_establishments;
DROP TABLE establishment_offices;
