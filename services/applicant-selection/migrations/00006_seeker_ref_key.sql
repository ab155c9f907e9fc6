-- +goose Up
-- SEEK-1: seeker_ref is per establishment (adapters/seekerref): the search key sealed
-- under this key with the establishment as associated data, so two establishments
-- cannot correlate a seeker by its handle. The key is made here, once, from the
-- server's strong random source (gen_random_uuid), and never leaves the database and
-- the service. Nothing stored changes: direct requests keep the 求職番号, seekers their
-- search key; handles employers held before (the bare search key) answer NOT_FOUND and
-- a new search gives the new ones.
CREATE TABLE seeker_ref_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL CHECK (length(key) = 32)
);
INSERT INTO seeker_ref_key (key)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')));

-- +goose Down
DROP TABLE seeker_ref_key;
