-- +goose Up
-- postings: one row per 求人. doc holds the aggregate (internal/domain/posting) as JSON;
-- the other columns are what queries filter and order by, written from the aggregate on
-- every save (internal/adapters/postgres/postings.go).
CREATE TABLE postings (
    id                text PRIMARY KEY,
    establishment_id  text NOT NULL,
    office_code       text NOT NULL,
    state             text NOT NULL,
    list              smallint NOT NULL,
    job_number        text UNIQUE,
    publish_by        date,
    referral_deadline date,
    published_at      timestamptz,
    -- search projection (published postings)
    scope             smallint NOT NULL DEFAULT 0,
    category          smallint NOT NULL DEFAULT 0,
    time_class        smallint NOT NULL DEFAULT 0,
    employment_form   smallint NOT NULL DEFAULT 0,
    municipality      text NOT NULL DEFAULT '',
    prefecture        text NOT NULL DEFAULT '',
    pay_form          smallint NOT NULL DEFAULT 0,
    wage_lower        integer NOT NULL DEFAULT 0,
    features          integer[] NOT NULL DEFAULT '{}',
    search_text       text NOT NULL DEFAULT '',
    -- the distinct character bigrams of search_text: a GIN index on them finds
    -- two-character Japanese words (介護, 事務, 営業) inside longer text, which word
    -- or trigram indexes miss; strpos on search_text then confirms the match.
    search_grams      text[] NOT NULL DEFAULT '{}',
    doc               jsonb NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
-- The employer's lists (JOB-4): newest first, keyset on (created_at, id).
CREATE INDEX postings_establishment ON postings (establishment_id, list, created_at DESC, id DESC);
-- The office's worklist (JOB-2 deadline order; pending JOB-3 applications of valid postings).
CREATE INDEX postings_worklist ON postings (office_code, publish_by, id) WHERE state IN ('PROVISIONAL', 'ACCEPTED', 'PUBLISHED', 'HELD');
-- The expiry job.
CREATE INDEX postings_expiry ON postings (referral_deadline) WHERE state IN ('ACCEPTED', 'PUBLISHED', 'HELD');
-- The public search: only published postings.
CREATE INDEX postings_published ON postings (published_at DESC, id DESC) WHERE state = 'PUBLISHED';
CREATE INDEX postings_published_wage ON postings (wage_lower DESC, id DESC) WHERE state = 'PUBLISHED';
CREATE INDEX postings_search_grams ON postings USING gin (search_grams) WHERE state = 'PUBLISHED';

-- 求人番号 serials: one counter per 5-digit prefix, locked by the accepting transaction,
-- so a serial is unique per prefix and never reused (not even after a rollback of a
-- later step, since the counter only moves forward within committed acceptances).
CREATE TABLE job_number_counters (
    prefix      text PRIMARY KEY CHECK (prefix ~ '^[0-9]{5}$'),
    last_serial integer NOT NULL CHECK (last_serial BETWEEN 0 AND 99999999)
);

-- Accepted contents kept per version (JOB-3), so an applicant's conditions can be
-- shown as they were.
CREATE TABLE posting_versions (
    posting_id  text NOT NULL REFERENCES postings (id),
    version     integer NOT NULL,
    content     jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (posting_id, version)
);

-- establishments: the read model of employer-registration's establishment events
-- (never its tables): the jurisdiction office and name a posting needs.
CREATE TABLE establishments (
    id          text PRIMARY KEY,
    name        text NOT NULL DEFAULT '',
    office_code text NOT NULL,
    office_name text NOT NULL DEFAULT '',
    opened      boolean NOT NULL DEFAULT false,
    opened_at_counter boolean NOT NULL DEFAULT false,
    owner_account_id text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL
);

-- +goose Down
DROP TABLE establishments;
DROP TABLE posting_versions;
DROP TABLE job_number_counters;
DROP TABLE postings;
