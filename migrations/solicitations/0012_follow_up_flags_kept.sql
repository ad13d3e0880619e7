-- Two warning flags of the triage desk read the follow-up of every validated request: « À transmettre » (no expert has
-- received it yet) and « Tous ont refusé » (every expert it reached declined). At 1,000,000 requests, filtering on them
-- compared each request with its follow-up rows (seconds). Each request now keeps how many experts it reached and how many
-- of them have not declined, moved by the follow-up rows themselves; the flags are two conditions on the row.
alter table solicitations.solicitation
    add column follow_up_matches integer not null default 0,
    add column follow_up_open    integer not null default 0;

update solicitations.solicitation s
set follow_up_matches = f.matches, follow_up_open = f.open
from (select solicitation_id, count(*) as matches, count(*) filter (where status <> 'not_for_me') as open
      from solicitations.follow_up_match group by solicitation_id) f
where f.solicitation_id = s.id;

-- Deltas, not recounts: two matches of one request recorded at once by two transactions both count (the row lock orders them).
create function solicitations.follow_up_counts() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update solicitations.solicitation
        set follow_up_matches = follow_up_matches - 1, follow_up_open = follow_up_open - (old.status <> 'not_for_me')::int
        where id = old.solicitation_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update solicitations.solicitation
        set follow_up_matches = follow_up_matches + 1, follow_up_open = follow_up_open + (new.status <> 'not_for_me')::int
        where id = new.solicitation_id;
    end if;
    return null;
end
$$;

create trigger follow_up_counts after insert or delete on solicitations.follow_up_match
    for each row execute function solicitations.follow_up_counts();
create trigger follow_up_counts_changed after update of status, solicitation_id on solicitations.follow_up_match
    for each row when (old.status is distinct from new.status or old.solicitation_id is distinct from new.solicitation_id)
    execute function solicitations.follow_up_counts();

create index solicitation_not_sent_idx on solicitations.solicitation (submitted_at) where status = 'validated' and follow_up_matches = 0;
create index solicitation_all_declined_idx on solicitations.solicitation (status, submitted_at) where follow_up_matches > 0 and follow_up_open = 0;
