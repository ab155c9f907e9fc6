-- +goose Up
-- MSG-1: a 直接リクエスト has its own message thread (the request's message first, then
-- the exchange with the seeker). Threads of an application keep application_id; those
-- of a request carry direct_request_id instead.
ALTER TABLE threads ADD COLUMN direct_request_id text UNIQUE;

-- Requests sent before this migration get their thread now, with the request's message
-- as its first message (owned by the account that sent it, as new ones are).
INSERT INTO threads (id, establishment_id, posting_id, direct_request_id, seeker_number, owner, created_at)
SELECT 'dr-' || id, establishment_id, posting_id, id, seeker_number, coalesce(doc->>'SentBy', ''), sent_at
FROM direct_requests
ON CONFLICT DO NOTHING;
INSERT INTO messages (id, thread_id, establishment_id, from_party, account_id, body, sent_at)
SELECT 'dr-' || d.id, t.id, d.establishment_id, 'EMPLOYER', t.owner, coalesce(d.doc->>'Message', ''), d.sent_at
FROM direct_requests d JOIN threads t ON t.direct_request_id = d.id
WHERE coalesce(d.doc->>'Message', '') <> ''
ON CONFLICT DO NOTHING;

-- +goose Down
DELETE FROM threads WHERE direct_request_id IS NOT NULL;
ALTER TABLE threads DROP COLUMN direct_request_id;
