-- +goose Up
-- GetMyProvisionalEstablishment reads an account's registrations, its rejected ones
-- included (OPEN-1: the employer reads the office's reason); the unique index
-- establishments_owner_live covers only the live one.
CREATE INDEX establishments_owner ON establishments (owner_account_id) WHERE owner_account_id <> '';

-- +goose Down
DROP INDEX establishments_owner;
