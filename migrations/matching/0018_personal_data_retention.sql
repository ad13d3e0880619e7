-- Personal data is kept 3 years: a need older than that loses its description, answers and messages, and its experts'
-- comments on their answers; statuses, dates and experts stay for the counts.
alter table matching.need add column anonymised_at timestamptz;
create index need_not_anonymised_idx on matching.need (created_at) where anonymised_at is null;
