-- +goose Up
-- The jurisdiction office of each establishment, as employer-registration last
-- announced it (EstablishmentAccepted, LoginEmailRegistered, EstablishmentTransferred).
-- version is the establishment's aggregate version in that event: an event delivered
-- late (a retry overtaken by a newer one) never moves an establishment back to its old
-- office. The office is copied onto the establishment's accounts and pending auth keys,
-- where staff lookups (LOGIN-5) and employer tokens read it.
CREATE TABLE establishment_offices (
    establishment_id uuid PRIMARY KEY,
    office_code      text   NOT NULL,
    version          bigint NOT NULL
);

-- +goose Down
DROP TABLE establishment_offices;
