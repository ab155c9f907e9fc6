-- +goose Up
CREATE TABLE notes (id text PRIMARY KEY, body text NOT NULL);
-- +goose Down
DROP TABLE notes;
