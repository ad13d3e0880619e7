-- The needs nobody has taken in charge yet, by id: the reminders desk and jobs keep the needs of their waiting matches that
-- are still « quo » from this small index alone, instead of reading each need (16,000 reads, 0.2 s, for the « Sans
-- réponse » basket at 1,000,000 needs).
create index if not exists need_quo_idx on matching.need (id) where status = 'quo';
