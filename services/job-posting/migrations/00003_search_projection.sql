-- +goose Up
-- search_postings: the public search's own projection, one row per PUBLISHED posting,
-- written by the repository in the transaction that saves the posting (a posting that
-- leaves PUBLISHED loses its row in that transaction). card and card_full are the
-- public posting as the search answers it in its two views, rendered once at save time
-- (internal/ports/grpcapi.Card, protobuf bytes): a search page reads 31 narrow rows and
-- ships their bytes, instead of rendering and decoding 31 jsonb aggregates (the first
-- benchmark spent most of its time there).
-- card_version says which renderer wrote it; the service re-renders older cards at start.
CREATE TABLE search_postings (
    id               text PRIMARY KEY REFERENCES postings (id),
    establishment_id text NOT NULL,
    published_at     timestamptz NOT NULL,
    scope            smallint NOT NULL,
    category         smallint NOT NULL,
    time_class       smallint NOT NULL,
    employment_form  smallint NOT NULL,
    prefecture       text NOT NULL,
    municipality     text NOT NULL,
    office_code      text NOT NULL,
    pay_form         smallint NOT NULL,
    wage_lower       integer NOT NULL,
    features         integer[] NOT NULL,
    two_days_off     boolean NOT NULL, -- 週休二日 every week
    no_education     boolean NOT NULL, -- 学歴不問
    no_experience    boolean NOT NULL, -- 経験不問
    search_text      text NOT NULL,
    -- the distinct character bigrams of search_text: a GIN index on them finds
    -- two-character Japanese words (介護, 事務, 営業) inside longer text, which word
    -- or trigram indexes miss; strpos on search_text then confirms the match.
    search_grams     text[] NOT NULL,
    card             bytea NOT NULL, -- the BASIC view (the list card)
    card_full        bytea NOT NULL, -- the FULL view (the redacted content and the JSON-LD)
    card_version     integer NOT NULL
);
-- The list card is kept inline (compressed) rather than in the TOAST table: one heap
-- fetch per result; the full view, asked for rarely, may go out of line.
ALTER TABLE search_postings ALTER COLUMN card SET STORAGE MAIN;
CREATE INDEX search_postings_newest ON search_postings (published_at DESC, id DESC);
CREATE INDEX search_postings_wage ON search_postings (wage_lower DESC, id DESC);
CREATE INDEX search_postings_grams ON search_postings USING gin (search_grams);

-- The search columns of postings are now search_postings' (scope, category and
-- prefecture stay: the worklist, the counts and the publication hold use them).
DROP INDEX postings_published;
DROP INDEX postings_published_wage;
DROP INDEX postings_search_grams;
ALTER TABLE postings DROP COLUMN time_class, DROP COLUMN employment_form, DROP COLUMN municipality,
    DROP COLUMN pay_form, DROP COLUMN wage_lower, DROP COLUMN features, DROP COLUMN search_text,
    DROP COLUMN search_grams;

-- The renewal-window notice (JOB-5): the 紹介期限日 whose window was announced, so the
-- scheduled job finds what is due without reading the aggregates (by postings_expiry).
ALTER TABLE postings ADD COLUMN renewal_noticed_for date;

-- +goose Down
ALTER TABLE postings DROP COLUMN renewal_noticed_for;
ALTER TABLE postings ADD COLUMN time_class smallint NOT NULL DEFAULT 0,
    ADD COLUMN employment_form smallint NOT NULL DEFAULT 0, ADD COLUMN municipality text NOT NULL DEFAULT '',
    ADD COLUMN pay_form smallint NOT NULL DEFAULT 0, ADD COLUMN wage_lower integer NOT NULL DEFAULT 0,
    ADD COLUMN features integer[] NOT NULL DEFAULT '{}', ADD COLUMN search_text text NOT NULL DEFAULT '',
    ADD COLUMN search_grams text[] NOT NULL DEFAULT '{}';
CREATE INDEX postings_published ON postings (published_at DESC, id DESC) WHERE state = 'PUBLISHED';
CREATE INDEX postings_published_wage ON postings (wage_lower DESC, id DESC) WHERE state = 'PUBLISHED';
CREATE INDEX postings_search_grams ON postings USING gin (search_grams) WHERE state = 'PUBLISHED';
DROP TABLE search_postings;
