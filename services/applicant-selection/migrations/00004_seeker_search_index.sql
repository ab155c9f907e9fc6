-- +goose Up
-- SEEK-1: the seeker search runs in the database. The columns are the seeker's
-- published profile as the search compares it (domain/seeker.Profile.Index), written by
-- the repository with every save; index_version says which derivation wrote them, and
-- the service re-derives older rows at start (rows from before this migration have 0).
ALTER TABLE seekers
    ADD COLUMN index_version      integer NOT NULL DEFAULT 0,
    ADD COLUMN valid_until        date,               -- the registration's last day (JST)
    ADD COLUMN occupation_prefixes text[] NOT NULL DEFAULT '{}',
    ADD COLUMN prefectures        integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN employment_forms   integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN wage_form          smallint,           -- the desired wage (NULL: none given)
    ADD COLUMN wage_yen           integer,
    ADD COLUMN licences           text[] NOT NULL DEFAULT '{}', -- folded
    ADD COLUMN search_text        text NOT NULL DEFAULT '',     -- folded
    -- the distinct character bigrams of search_text: the GIN index finds two-character
    -- Japanese words (介護, 事務) inside longer text; strpos then confirms the match.
    ADD COLUMN search_grams       text[] NOT NULL DEFAULT '{}';
-- The array filters and the keyword's bigrams, for selective queries; unselective ones
-- walk seekers_searchable (search_key order) and stop at the page.
CREATE INDEX seekers_search_terms ON seekers
    USING gin (occupation_prefixes, prefectures, employment_forms, licences, search_grams) WHERE searchable;

-- +goose Down
DROP INDEX seekers_search_terms;
ALTER TABLE seekers DROP COLUMN index_version, DROP COLUMN valid_until, DROP COLUMN occupation_prefixes,
    DROP COLUMN prefectures, DROP COLUMN employment_forms, DROP COLUMN wage_form, DROP COLUMN wage_yen,
    DROP COLUMN licences, DROP COLUMN search_text, DROP COLUMN search_grams;
