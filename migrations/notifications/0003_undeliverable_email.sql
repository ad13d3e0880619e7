-- An e-mail whose recipient address cannot be parsed is never retried: it is marked undeliverable at once, with why,
-- instead of failing on every attempt forever.
alter table notifications.email drop constraint email_status_check;
alter table notifications.email add constraint email_status_check check (status in ('pending', 'sent', 'undeliverable'));
alter table notifications.email add column failure text;
