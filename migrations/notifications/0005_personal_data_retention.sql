-- Personal data is kept 3 years: an e-mail older than that loses its recipient and bodies; its kind, state and dates stay.
alter table notifications.email add column anonymised_at timestamptz;
create index email_not_anonymised_idx on notifications.email (created_at) where anonymised_at is null;
