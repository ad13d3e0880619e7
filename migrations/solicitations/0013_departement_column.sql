-- The région filter of the triage desk counts the requests of its départements per tab. An index on the département's
-- expression could not answer alone (PostgreSQL reads the row for the column the expression is made of): 0.5 s for
-- Île-de-France at 1,000,000 requests. The département is now a column of its own, and the count an index-only scan.
alter table solicitations.solicitation add column departement text generated always as (
    case when commune_code like '97%' then left(commune_code, 3) else left(commune_code, 2) end
) stored;

drop index solicitations.solicitation_departement_idx;
create index solicitation_departement_idx on solicitations.solicitation (departement, status, submitted_at) where status <> 'draft';

-- The warning flags compare a request with the others of its SIRET or e-mail on the same subject within three weeks:
-- each comparison is one range of one of these.
drop index solicitations.solicitation_siret_idx;
create index solicitation_siret_idx on solicitations.solicitation (siret, subject_slug, submitted_at) where status <> 'draft';
drop index solicitations.solicitation_email_idx;
create index solicitation_email_idx on solicitations.solicitation (lower(email), subject_slug, submitted_at) where status <> 'draft';
