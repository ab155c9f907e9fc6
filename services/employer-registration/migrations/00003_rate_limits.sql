-- +goose Up
-- Fixed-window rate limits (IMG-1 uploads per account), windows from the injected
-- clock; the same layout as identity's. A hit deletes its bucket's older windows.
CREATE TABLE rate_limits (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- +goose Down
DROP TABLE rate_limits;
