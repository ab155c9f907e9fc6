-- +goose Up
-- postings: the read model of job-posting's events (never its tables). facts holds
-- domain/posting.Facts as JSON; the columns are what queries filter on.
CREATE TABLE postings (
    id               text PRIMARY KEY,
    establishment_id text NOT NULL,
    office_code      text NOT NULL,
    facts            jsonb NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX postings_establishment ON postings (establishment_id);

-- The accepted contents per version (protojson of job_posting.v1.Content): an
-- applicant sees the conditions as they stood when they applied.
CREATE TABLE posting_versions (
    posting_id  text NOT NULL,
    version     integer NOT NULL,
    content     jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (posting_id, version)
);

-- seekers: what the seeker portal sends (domain/seeker.Seeker as JSON, personal data
-- included: it never leaves through an employer route except name/age on a 紹介状).
CREATE TABLE seekers (
    number     text PRIMARY KEY,
    searchable boolean NOT NULL,
    doc        jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The office's offers of a posting to a 利用登録者 (オンラインハローワーク紹介).
CREATE TABLE referral_offers (
    seeker_number text NOT NULL,
    posting_id    text NOT NULL,
    office_code   text NOT NULL,
    office_name   text NOT NULL,
    offered_at    timestamptz NOT NULL,
    PRIMARY KEY (seeker_number, posting_id)
);

-- applications: one row per applicant (domain/application.Application as JSON).
CREATE TABLE applications (
    id                    text PRIMARY KEY,
    establishment_id      text NOT NULL,
    posting_id            text NOT NULL,
    seeker_number         text NOT NULL,
    channel               text NOT NULL,
    state                 text NOT NULL,
    posting_office_code   text NOT NULL,
    referring_office_code text NOT NULL DEFAULT '',
    applied_at            timestamptz NOT NULL,
    -- APP-3: when the next 選考結果未入力通知 is due (NULL: none).
    next_reminder_at      timestamptz,
    doc                   jsonb NOT NULL
);
-- The employer's lists: newest first, keyset on (applied_at, id).
CREATE INDEX applications_establishment ON applications (establishment_id, applied_at DESC, id DESC);
CREATE INDEX applications_posting ON applications (posting_id, applied_at DESC, id DESC);
CREATE INDEX applications_seeker ON applications (seeker_number);
-- The reminder scheduler picks due rows.
CREATE INDEX applications_reminder ON applications (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
-- ACC-3.
CREATE INDEX applications_pending_self ON applications (establishment_id) WHERE channel = 'ONLINE_SELF' AND state = 'SELECTING';

-- 紹介状 numbers.
CREATE SEQUENCE letter_numbers;

-- Message threads (MSG-1): one per application.
CREATE TABLE threads (
    id               text PRIMARY KEY,
    establishment_id text NOT NULL,
    posting_id       text NOT NULL,
    application_id   text UNIQUE,
    seeker_number    text NOT NULL,
    owner            text NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX threads_owner ON threads (establishment_id, owner);

CREATE TABLE messages (
    id               text PRIMARY KEY,
    thread_id        text NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    establishment_id text NOT NULL,
    from_party       text NOT NULL,
    account_id       text NOT NULL,
    body             text NOT NULL,
    sent_at          timestamptz NOT NULL,
    read_at          timestamptz
);
CREATE INDEX messages_thread ON messages (thread_id, sent_at, id);
CREATE INDEX messages_account ON messages (establishment_id, account_id);
-- LOGIN-6 「新着メッセージ N件」.
CREATE INDEX messages_unread ON messages (establishment_id) WHERE from_party <> 'EMPLOYER' AND read_at IS NULL;

-- The establishments' primary login accounts (identity's events): the recipient of
-- the APP-3 reminder and the owner of threads whose posting's submitter is unknown.
CREATE TABLE primary_accounts (
    establishment_id text PRIMARY KEY,
    account_id       text NOT NULL,
    email            text NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX primary_accounts_account ON primary_accounts (account_id);

-- +goose Down
DROP TABLE primary_accounts;
DROP TABLE messages;
DROP TABLE threads;
DROP SEQUENCE letter_numbers;
DROP TABLE applications;
DROP TABLE referral_offers;
DROP TABLE seekers;
DROP TABLE posting_versions;
DROP TABLE postings;
