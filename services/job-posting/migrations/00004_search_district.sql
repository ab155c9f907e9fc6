-- +goose Up
-- 管内検索 (issue 10): the search expands an office code into its district's
-- municipalities (libs/office) and filters search_postings by the place of work,
-- `municipality = ANY(...)`, or for a main office whose prefecture's districts are not
-- modelled in full, `prefecture = ... AND municipality <> ALL(...)`. A district is a
-- small share of the postings, so a bitmap scan of these indexes and a sort of the
-- matches beats walking the order's index past every other district's rows.
CREATE INDEX search_postings_municipality ON search_postings (municipality);
CREATE INDEX search_postings_prefecture ON search_postings (prefecture);

-- +goose Down
DROP INDEX search_postings_prefecture;
DROP INDEX search_postings_municipality;
