-- The expert inbox's tab counts, kept per expert, status and subject for the sent matches rather than counted over the
-- expert's whole history on every view: 200,000 index entries (about 100 ms) for the busiest expert of the volume benchmark.
-- The reception and the expired tab share a status (« quo »): the page counts the reception's few weeks as a range of
-- match_expert_inbox_idx and takes the expired ones as the rest. A view with a search or dates counts as before.
create table matching.expert_match_count (
    expert_id    uuid   not null,
    status       text   not null,
    subject_slug text   not null,
    count        bigint not null,
    primary key (expert_id, status, subject_slug)
);

insert into matching.expert_match_count (expert_id, status, subject_slug, count)
select expert_id, status, subject_slug, count(*) from matching.match where sent_at is not null group by expert_id, status, subject_slug;

-- -1 where a sent match was, +1 where it is: a match sent, answered, moved to another subject or deleted. The two rows are
-- written in the order of their keys, so that two answers of one expert crossing each other queue instead of deadlocking.
create function matching.add_to_expert_match_count(expert uuid, status text, subject text, delta int) returns void language sql as $$
    insert into matching.expert_match_count as c (expert_id, status, subject_slug, count) values (expert, status, subject, delta)
    on conflict (expert_id, status, subject_slug) do update set count = c.count + excluded.count;
$$;

create function matching.count_expert_matches() returns trigger language plpgsql as $$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.sent_at is not null;
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.sent_at is not null;
begin
    if was and is_now and (new.expert_id, new.status, new.subject_slug) < (old.expert_id, old.status, old.subject_slug) then
        perform matching.add_to_expert_match_count(new.expert_id, new.status, new.subject_slug, 1);
        perform matching.add_to_expert_match_count(old.expert_id, old.status, old.subject_slug, -1);
        return null;
    end if;

    if was then
        perform matching.add_to_expert_match_count(old.expert_id, old.status, old.subject_slug, -1);
    end if;

    if is_now then
        perform matching.add_to_expert_match_count(new.expert_id, new.status, new.subject_slug, 1);
    end if;

    return null;
end
$$;

create trigger match_counted_inserted after insert or delete on matching.match
    for each row execute function matching.count_expert_matches();
create trigger match_counted_updated after update of expert_id, status, subject_slug, sent_at on matching.match
    for each row when ((old.expert_id, old.status, old.subject_slug, old.sent_at is null)
                       is distinct from (new.expert_id, new.status, new.subject_slug, new.sent_at is null))
    execute function matching.count_expert_matches();
