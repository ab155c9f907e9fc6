-- +goose Up
-- The establishment read model remembers the aggregate version of the newest event it
-- took the office and name from, so a late older event cannot put an old office back
-- (a counter registration delivered after a transfer).
ALTER TABLE establishments ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE establishments DROP COLUMN version;
