-- +goose Up
CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);

-- +goose Down
DROP TABLE notes;
