-- Personal data is kept 3 years (Retention:Years): a request older than that is anonymised (name, e-mail, phone,
-- description, answers, the team's comments) and keeps what counts and statistics need (status, subject, dates,
-- company, commune). The index holds the requests not anonymised yet, oldest first: what the nightly job reads.
alter table solicitations.solicitation add column anonymised_at timestamptz;
create index solicitation_not_anonymised_idx on solicitations.solicitation (created_at) where anonymised_at is null;
