-- +goose Up
-- SEEK-1. search_key is the seeker's handle towards employers (seeker_ref) and the
-- search's paging key: random, so that neither carries the 求職番号.
ALTER TABLE seekers ADD COLUMN search_key text NOT NULL DEFAULT gen_random_uuid()::text;
CREATE UNIQUE INDEX seekers_search_key ON seekers (search_key);
CREATE INDEX seekers_searchable ON seekers (search_key) WHERE searchable;

-- 直接リクエスト (domain/directrequest.Request as JSON). One per seeker and posting;
-- the 10 per posting are counted under the posting's row lock.
CREATE TABLE direct_requests (
    id               text PRIMARY KEY,
    establishment_id text NOT NULL,
    posting_id       text NOT NULL,
    seeker_number    text NOT NULL,
    doc              jsonb NOT NULL,
    sent_at          timestamptz NOT NULL,
    UNIQUE (posting_id, seeker_number)
);
CREATE INDEX direct_requests_establishment ON direct_requests (establishment_id, sent_at DESC);
CREATE INDEX direct_requests_seeker ON direct_requests (seeker_number, sent_at DESC);

-- +goose Down
DROP TABLE direct_requests;
DROP INDEX seekers_searchable;
DROP INDEX seekers_search_key;
ALTER TABLE seekers DROP COLUMN search_key;
